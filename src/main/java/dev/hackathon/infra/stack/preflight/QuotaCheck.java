package dev.hackathon.infra.stack.preflight;

import java.util.List;
import java.util.OptionalDouble;
import java.util.OptionalInt;

import dev.hackathon.infra.aws.AwsErrors;
import dev.hackathon.infra.resources.network.Ec2Kind;

/**
 * A quota against its current use, for what this stack would add: it needs one of the thing
 * (one VPC, one internet gateway, one Elastic IP, one NAT gateway in the NAT's zone), so it
 * adds one unless it already owns one (found by its stack tag), and a stack that exists
 * never counts against itself. The quota's value is the applied one from Service Quotas
 * when the caller may read it, else what the subclass can find elsewhere (EC2's account
 * attribute for Elastic IPs), else AWS's default; the line says which.
 */
abstract class QuotaCheck implements PreflightCheck {

    /** How many exist where the quota counts, and how many of those are this stack's. */
    record Use(int used, int owned) {
    }

    /** A quota's value and where it was read. */
    record Limit(int value, String source) {
    }

    /** Service Quotas' service code ("vpc", "ec2"), the quota's code, name and AWS default. */
    private final String serviceCode;
    private final String quotaCode;
    private final String quotaName;
    private final int awsDefault;

    QuotaCheck(String serviceCode, String quotaCode, String quotaName, int awsDefault) {
        this.serviceCode = serviceCode;
        this.quotaCode = quotaCode;
        this.quotaName = quotaName;
        this.awsDefault = awsDefault;
    }

    /** "VPCs in ap-northeast-1": what is counted, and where. */
    abstract String counted(PreflightContext c);

    abstract Use use(PreflightContext c);

    /** How to free one, e.g. "delete a VPC you no longer use (aws ec2 describe-vpcs ...)". */
    abstract String howToFree(PreflightContext c);

    /** A value from outside Service Quotas when it cannot be read there; empty: AWS's default. */
    OptionalInt fallback(PreflightContext c) {
        return OptionalInt.empty();
    }

    /** The name of that source, for the line. */
    String fallbackSource() {
        return null;
    }

    @Override
    public final List<Finding> run(PreflightContext c) {
        Use use = use(c);
        Limit limit = limit(c);
        int adds = use.owned() > 0 ? 0 : 1;
        String detail = counted(c) + ": " + use.used() + " of " + limit.value() + " used ("
                + limit.source() + "); "
                + (adds == 0 ? (use.owned() == 1 ? "one is" : use.owned() + " are") + " this stack's, it adds none"
                        : "this stack adds 1");
        if (use.used() + adds <= limit.value()) {
            return List.of(Finding.ok(id(), detail));
        }
        return List.of(Finding.fail(id(), detail, howToFree(c) + ", or request more \"" + quotaName + "\" ("
                + quotaCode + "): https://" + c.config().region() + ".console.aws.amazon.com/servicequotas/home/services/"
                + serviceCode + "/quotas/" + quotaCode));
    }

    private Limit limit(PreflightContext c) {
        String why;
        try {
            OptionalDouble applied = Api.call("servicequotas:GetServiceQuota",
                    () -> c.aws().serviceQuotas().appliedValue(serviceCode, quotaCode));
            if (applied.isPresent()) {
                return new Limit((int) applied.getAsDouble(), "quota " + quotaCode + " from Service Quotas");
            }
            why = "no value in Service Quotas";
        } catch (RuntimeException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            why = AwsErrors.isAccessDenied(cause) ? "Service Quotas not readable: needs servicequotas:GetServiceQuota"
                    : AwsErrors.isUnsupportedApi(cause) ? "the endpoint offers no Service Quotas"
                    : AwsErrors.isNotFound(cause) || AwsErrors.hasCode(cause, "NoSuchResourceException")
                            ? "not in Service Quotas here" : "Service Quotas failed";
        }
        OptionalInt other = fallback(c);
        if (other.isPresent()) {
            return new Limit(other.getAsInt(), fallbackSource() + "; " + why);
        }
        return new Limit(awsDefault, "AWS default; " + why);
    }

    /** Whether an EC2 resource's tags say it is this stack's. */
    static boolean owned(PreflightContext c, List<software.amazon.awssdk.services.ec2.model.Tag> tags) {
        return c.ownership().owns(Ec2Kind.tagMap(tags));
    }
}
