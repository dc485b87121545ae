package dev.hackathon.infra.aws;

import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What to do about an AWS error: the {@code fix:} line printed under "Code: message". One
 * place for the advice, used for top-level errors (the CLI's error reporting) and for each
 * resource's failure at the end of a run ({@link AwsErrors#describe(Throwable, String)}).
 */
public final class ErrorAdvice {

    /** A service quota by its name in the Service Quotas console, and what to delete instead. */
    record Quota(String service, String name, String things) {
    }

    /** Quota error codes of the services the tool calls, to the quota they hit. */
    static final Map<String, Quota> QUOTAS = Map.ofEntries(
            Map.entry("VpcLimitExceeded", new Quota("Amazon VPC", "VPCs per Region", "VPCs")),
            Map.entry("SubnetLimitExceeded", new Quota("Amazon VPC", "Subnets per VPC", "subnets")),
            Map.entry("InternetGatewayLimitExceeded",
                    new Quota("Amazon VPC", "Internet gateways per Region", "internet gateways")),
            Map.entry("NatGatewayLimitExceeded",
                    new Quota("Amazon VPC", "NAT gateways per Availability Zone", "NAT gateways")),
            Map.entry("RouteTableLimitExceeded", new Quota("Amazon VPC", "Route tables per VPC", "route tables")),
            Map.entry("RouteLimitExceeded", new Quota("Amazon VPC", "Routes per route table", "routes")),
            Map.entry("SecurityGroupLimitExceeded",
                    new Quota("Amazon VPC", "VPC security groups per Region", "security groups")),
            Map.entry("RulesPerSecurityGroupLimitExceeded",
                    new Quota("Amazon VPC", "Inbound or outbound rules per security group", "security group rules")),
            Map.entry("AddressLimitExceeded",
                    new Quota("Amazon EC2", "EC2-VPC Elastic IPs", "Elastic IP addresses")),
            Map.entry("InstanceLimitExceeded", new Quota("Amazon EC2",
                    "Running On-Demand Standard (A, C, D, H, I, M, R, T, Z) instances", "instances")),
            Map.entry("VcpuLimitExceeded", new Quota("Amazon EC2",
                    "Running On-Demand Standard (A, C, D, H, I, M, R, T, Z) instances", "instances")),
            Map.entry("InstanceQuotaExceeded", new Quota("Amazon RDS", "DB instances", "DB instances")),
            Map.entry("DBInstanceQuotaExceeded", new Quota("Amazon RDS", "DB instances", "DB instances")),
            Map.entry("StorageQuotaExceeded",
                    new Quota("Amazon RDS", "Total storage for all DB instances", "DB instances")),
            Map.entry("DBSubnetGroupQuotaExceeded", new Quota("Amazon RDS", "DB subnet groups", "DB subnet groups")),
            Map.entry("SnapshotQuotaExceeded", new Quota("Amazon RDS", "Manual DB instance snapshots", "snapshots")),
            Map.entry("NodeQuotaForCustomerExceeded",
                    new Quota("Amazon ElastiCache", "Nodes per Region", "cache clusters")),
            Map.entry("ClusterQuotaForCustomerExceeded",
                    new Quota("Amazon ElastiCache", "Nodes per Region", "cache clusters")),
            Map.entry("CacheSubnetGroupQuotaExceeded",
                    new Quota("Amazon ElastiCache", "Subnet groups per Region", "cache subnet groups")),
            Map.entry("TooManyLoadBalancers", new Quota("Elastic Load Balancing",
                    "Application Load Balancers per Region", "load balancers")),
            Map.entry("TooManyTargetGroups",
                    new Quota("Elastic Load Balancing", "Target Groups per Region", "target groups")),
            Map.entry("TooManyListeners", new Quota("Elastic Load Balancing",
                    "Listeners per Application Load Balancer", "listeners")),
            Map.entry("TooManyRules", new Quota("Elastic Load Balancing",
                    "Rules per Application Load Balancer", "listener rules")),
            Map.entry("TooManyTargets", new Quota("Elastic Load Balancing",
                    "Targets per Application Load Balancer", "targets")),
            Map.entry("ParameterLimitExceeded",
                    new Quota("AWS Systems Manager", "Standard parameters", "SSM parameters")));

    /** Access denied in its service's spelling: query APIs, JSON APIs, and EC2. */
    static final java.util.Set<String> ACCESS_DENIED = java.util.Set.of("AccessDenied", "AccessDeniedException",
            "UnauthorizedOperation", "AuthorizationError");

    private static final Pattern ACTION = Pattern.compile("perform: ([A-Za-z0-9-]+:[A-Za-z0-9*]+)");
    private static final Pattern RESOURCE = Pattern.compile("on resource: (\\S+)");
    private static final Pattern PRINCIPAL = Pattern.compile("User: (\\S+) is not authorized");
    /** EC2 appends the details, encoded, to its UnauthorizedOperation message. */
    private static final Pattern ENCODED = Pattern.compile("\\s*Encoded authorization failure message: (\\S+)");

    private ErrorAdvice() {
    }

    /** An error of the tool's own that knows what the person can do about it (null: nothing). */
    public interface Advised {
        String fix();
    }

    /** The fix for an error, if there is one to give; {@code profile} (may be null) is named in commands. */
    public static Optional<String> of(Throwable e, String profile) {
        if (e instanceof Advised advised) {
            return Optional.ofNullable(advised.fix());
        }
        String code = AwsErrors.code(e);
        if (code != null && AwsErrors.CREDENTIAL_CODES.contains(code)) {
            return Optional.of(credentials(profile, AwsErrors.message(e)));
        }
        if (code == null) {
            if (HttpClients.isUntrustedCertificate(e)) {
                return Optional.of(UNTRUSTED_CERTIFICATE);
            }
            return RetryPolicy.isUnreachable(e) ? Optional.of(UNREACHABLE) : Optional.empty();
        }
        if (ACCESS_DENIED.contains(code)) {
            return Optional.of(accessDenied(AwsErrors.message(e)));
        }
        Quota q = QUOTAS.get(code);
        if (q != null) {
            return Optional.of("request a quota increase for \"" + q.name() + "\" (" + q.service()
                    + ") in Service Quotas, or delete unused " + q.things());
        }
        // SSM's TooManyUpdates is concurrent writes to one parameter (contention), not a quota.
        if ((code.endsWith("LimitExceeded") || code.contains("QuotaExceeded") || code.startsWith("TooMany"))
                && !RetryPolicy.isThrottling(e) && !code.equals("TooManyUpdates")) {
            return Optional.of("an AWS quota was reached: request an increase in Service Quotas (the message names"
                    + " it), or delete unused resources of that kind");
        }
        if (code.startsWith("Insufficient") && code.endsWith("Capacity")) {
            return Optional.of("AWS has no capacity for that type in that zone right now: run the command again"
                    + " later, or choose another type or other availabilityZones in the config");
        }
        if (code.equals("RequestExpired")) {
            return Optional.of("this computer's clock is off: set it right (e.g. enable NTP) and run again");
        }
        if (code.equals("OptInRequired")) {
            return Optional.of("the account is not signed up for this service or region: enable it in the"
                    + " console, or use another region");
        }
        return Optional.empty();
    }

    public static final String UNREACHABLE = "check the network connection, --endpoint-url and AWS_ENDPOINT_URL";

    public static final String UNTRUSTED_CERTIFICATE = "the endpoint's TLS certificate is not trusted here: if a proxy"
            + " or a private CA issues it, set AWS_CA_BUNDLE to that CA's certificates (a PEM file), as for the AWS"
            + " CLI; else check --endpoint-url and AWS_ENDPOINT_URL";

    /** For credentials that are missing, invalid or expired: the command that gets new ones. */
    public static String credentials(String profile, String sdkMessage) {
        String lower = String.valueOf(sdkMessage).toLowerCase(java.util.Locale.ROOT);
        // First: this message goes on to list the file's properties, sso_* among them.
        if (profile != null && lower.contains("profile file contained no credentials")) {
            return "profile '" + profile + "' has no credentials; check ~/.aws/config, or run: aws configure sso"
                    + " --profile " + profile;
        }
        if (profile != null && (lower.contains("sso") || lower.contains("token") || lower.contains("expired"))) {
            return "run: aws sso login --profile " + profile;
        }
        if (profile != null) {
            return "check profile '" + profile + "' in ~/.aws/config (for SSO: aws sso login --profile " + profile + ")";
        }
        return "pass --profile NAME (after `aws configure sso` or `aws sso login --profile NAME`), or set"
                + " AWS_PROFILE or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY";
    }

    /**
     * Which action on which resource, from the message ("User: X is not authorized to perform:
     * ec2:CreateVpc on resource: arn:..."), and for EC2's encoded details the command that decodes them.
     */
    static String accessDenied(String message) {
        String text = String.valueOf(message);
        String action = group(ACTION, text);
        String resource = group(RESOURCE, text);
        String principal = group(PRINCIPAL, text);
        StringBuilder fix = new StringBuilder("ask your AWS administrator to allow ")
                .append(action == null ? "this action" : action);
        if (resource != null) {
            fix.append(" on ").append(resource);
        }
        if (principal != null) {
            fix.append(" for ").append(principal);
        }
        String encoded = group(ENCODED, text);
        if (encoded != null) {
            fix.append("; see why with: aws sts decode-authorization-message --query DecodedMessage --output text"
                    + " --encoded-message ").append(encoded);
        }
        return fix.toString();
    }

    /** The message without EC2's encoded blob, which the fix line carries instead. */
    static String withoutEncodedDetails(String message) {
        return message == null ? null : ENCODED.matcher(message).replaceAll(" (encoded details below)");
    }

    private static String group(Pattern p, String text) {
        Matcher m = p.matcher(text);
        if (!m.find()) {
            return null;
        }
        String g = m.group(1);
        // The resource can end the sentence: "on resource: arn:aws:iam::1:role/x."
        return g.replaceAll("[.,;]+$", "");
    }
}
