package dev.hackathon.infra.aws.ratelimit;

import java.util.List;
import java.util.Map;
import java.util.Set;

import software.amazon.awssdk.core.SdkRequest;

/**
 * Which of AWS's request buckets each call draws on, and the {@link Rate} this tool keeps under
 * each. AWS throttles per account and Region (Route 53 and IAM per account: they are global),
 * so every bucket is kept once per account and Region and shared by every team's run in the
 * process. A call waits until every bucket it draws on has its tokens, and takes them at once.
 *
 * <p>"Documented" figures are AWS's; this tool takes {@link Rate#SHARE 80%} of each burst and
 * refill ({@link Rate#under}: CreateNatGateway's 10 / 1 becomes 8 / 0.8), or, for "N requests
 * per second", at most N in any second ({@link Rate#underPerSecond}). "Conservative" marks a figure of our own where AWS publishes
 * none. Services not listed (STS, Secrets Manager, Bedrock's control plane, S3, ...) are not
 * limited here: a fleet makes a handful of such calls per team, and the SDK retries throttling.
 *
 * <pre>
 * service      bucket (scope)                               AWS: burst / per s    source
 * EC2          each action its own bucket (account, Region):
 *                Describe*, List*, Search*, Get*            100 / 20              documented [1]
 *                DescribeInstances, DescribeInstanceStatus,
 *                DescribeNetworkInterfaces,
 *                DescribeSecurityGroups, DescribeSnapshots,
 *                DescribeSpotInstanceRequests,
 *                DescribeVolumes (unfiltered; always used)   50 / 10              documented [1]
 *                mutating actions                            50 / 5               documented [1]
 *                AuthorizeSecurityGroupIngress,
 *                RevokeSecurityGroupIngress, ...             50 / 5               documented [1] (resource-intensive)
 *                CreateNatGateway, DeleteNatGateway          10 / 1               documented [1] (uncategorized)
 *                RunInstances, StartInstances                 5 / 2               documented [1] (uncategorized)
 *                CreateTags, DeleteTags                     100 / 10              documented [1] (uncategorized)
 *                TerminateInstances, ModifyInstanceMetadata-
 *                Options, AssociateIamInstanceProfile, ...  100 / 5               documented [1] (uncategorized)
 *              resource buckets, cost = instances:
 *                RunInstances, StartInstances              1000 / 2               documented [1]
 *                TerminateInstances, StopInstances         1000 / 20              documented [1]
 * ELBv2        every action (account, Region)                40 / 10              documented [2]
 *              and its category's bucket:
 *                CreateLoadBalancer, SetSubnets              10 / 0.2             documented [2]
 *                RegisterTargets, DeregisterTargets          20 / 4               documented [2]
 *                Describe*                                   40 / 10              documented [2]
 *                other mutating actions                      20 / 3               documented [2]
 * RDS          every action (account, Region)               300 / 12              documented [3]
 * Route 53     every action (account)                       5 per second          documented [4] (ours: 2, then 3/s)
 * ACM          each action (account, Region): RequestCertificate 5/s, DescribeCertificate 10/s,
 *              DeleteCertificate 10/s, ListCertificates 1/s, ListTagsForCertificate 10/s,
 *              AddTagsToCertificate 5/s, others as listed, unlisted 1/s                       documented [5]
 * ElastiCache  every action (account, Region)          ours: 20 / 5               conservative: none published
 * IAM          every action (account)                  ours: 20 / 5               conservative: none published
 * SSM          every action (account, Region)          ours: 20 / 5               conservative: Parameter Store's
 *                                                                                 throughput is a Service Quotas
 *                                                                                 value; Run Command publishes none
 *
 * [1] "Request throttling for the Amazon EC2 API" (EC2 developer guide): each API action has its own
 *     request bucket, sized by its category; RunInstances, StartInstances, StopInstances and
 *     TerminateInstances also draw on a resource bucket, one token per instance.
 * [2] "Request throttling for the Elastic Load Balancing API": an account-level bucket shared by all
 *     actions, and one per category.
 * [3] "Request throttling for the Amazon RDS API": 300 requests in a burst, 12 a second sustained.
 * [4] Route 53 quotas: five requests per second per AWS account.
 * [5] ACM quotas, "API rate quotas": requests per second for each operation.
 * </pre>
 */
final class ApiLimits {

    /** One bucket a call draws on: its name within the account (and Region, unless global), its rate, the cost. */
    record BucketUse(String name, boolean global, Rate rate, double cost) {
    }

    // The SDK's service names (SdkExecutionAttribute.SERVICE_NAME), as the clients set them
    // (RateLimitInterceptorTest checks them against the clients).
    static final String EC2 = "Ec2";
    static final String ELB = "ElasticLoadBalancingV2";
    static final String RDS = "Rds";
    static final String ELASTICACHE = "ElastiCache";
    static final String IAM = "Iam";
    static final String SSM = "Ssm";
    static final String ACM = "Acm";
    static final String ROUTE53 = "Route53";

    private static final Rate EC2_NON_MUTATING = Rate.under(100, 20);
    private static final Rate EC2_UNFILTERED = Rate.under(50, 10);
    private static final Rate EC2_MUTATING = Rate.under(50, 5);
    private static final Rate EC2_RESOURCE_INTENSIVE = Rate.under(50, 5);
    private static final Set<String> EC2_UNFILTERED_ACTIONS = Set.of("DescribeInstances", "DescribeInstanceStatus",
            "DescribeNetworkInterfaces", "DescribeSecurityGroups", "DescribeSnapshots", "DescribeSpotInstanceRequests",
            "DescribeVolumes");
    private static final Set<String> EC2_RESOURCE_INTENSIVE_ACTIONS = Set.of("AcceptVpcPeeringConnection",
            "AuthorizeSecurityGroupIngress", "CancelSpotInstanceRequests", "CreateKeyPair", "CreateVpcPeeringConnection",
            "DeleteVpcPeeringConnection", "RejectVpcPeeringConnection", "RevokeSecurityGroupIngress",
            "RequestSpotInstances");
    /** The uncategorized actions (own buckets) this tool calls or may call; the rest are rarer still. */
    private static final Map<String, Rate> EC2_UNCATEGORIZED = Map.ofEntries(
            Map.entry("AssociateIamInstanceProfile", Rate.under(100, 5)),
            Map.entry("CopyImage", Rate.under(100, 1)),
            Map.entry("CreateDefaultSubnet", Rate.under(1, 1)),
            Map.entry("CreateDefaultVpc", Rate.under(1, 1)),
            Map.entry("CreateLaunchTemplateVersion", Rate.under(100, 5)),
            Map.entry("CreateNatGateway", Rate.under(10, 1)),
            Map.entry("CreateNetworkInterface", Rate.under(100, 5)),
            Map.entry("CreateSnapshot", Rate.under(100, 5)),
            Map.entry("CreateTags", Rate.under(100, 10)),
            Map.entry("CreateVolume", Rate.under(100, 5)),
            Map.entry("CreateVpcEndpoint", Rate.under(4, 0.3)),
            Map.entry("DeleteNatGateway", Rate.under(10, 1)),
            Map.entry("DeleteNetworkInterface", Rate.under(100, 5)),
            Map.entry("DeleteSnapshot", Rate.under(100, 5)),
            Map.entry("DeleteTags", Rate.under(100, 10)),
            Map.entry("DeleteVolume", Rate.under(100, 5)),
            Map.entry("DeleteVpcEndpoints", Rate.under(4, 0.3)),
            Map.entry("DeregisterImage", Rate.under(100, 5)),
            Map.entry("DisassociateIamInstanceProfile", Rate.under(100, 5)),
            Map.entry("ModifyInstanceMetadataOptions", Rate.under(100, 5)),
            Map.entry("ModifyLaunchTemplate", Rate.under(100, 5)),
            Map.entry("ModifyNetworkInterfaceAttribute", Rate.under(100, 5)),
            Map.entry("ModifyVpcEndpoint", Rate.under(4, 0.3)),
            Map.entry("RunInstances", Rate.under(5, 2)),
            Map.entry("StartInstances", Rate.under(5, 2)),
            Map.entry("TerminateInstances", Rate.under(100, 5)));
    /** Resource buckets: one token per instance the call launches, starts, stops or terminates. */
    private static final Map<String, Rate> EC2_RESOURCES = Map.of(
            "RunInstances", Rate.under(1000, 2),
            "StartInstances", Rate.under(1000, 2),
            "TerminateInstances", Rate.under(1000, 20),
            "StopInstances", Rate.under(1000, 20));

    private static final BucketUse ELB_ACCOUNT = new BucketUse("elbv2", false, Rate.under(40, 10), 1);
    private static final Set<String> ELB_RESOURCE_INTENSIVE = Set.of("CreateLoadBalancer", "SetSubnets");
    private static final Set<String> ELB_REGISTRATION = Set.of("RegisterTargets", "DeregisterTargets");
    private static final Set<String> ELB_TRUST_STORE_CHANGES = Set.of("CreateTrustStore", "AddTrustStoreRevocations",
            "DeleteSharedTrustStoreAssociation", "DeleteTrustStore", "ModifyTrustStore", "RemoveTrustStoreRevocations");

    private static final BucketUse RDS_ACCOUNT = new BucketUse("rds", false, Rate.under(300, 12), 1);
    private static final BucketUse ELASTICACHE_ACCOUNT = new BucketUse("elasticache", false, Rate.conservative(20, 5), 1);
    private static final BucketUse IAM_ACCOUNT = new BucketUse("iam", true, Rate.conservative(20, 5), 1);
    private static final BucketUse SSM_ACCOUNT = new BucketUse("ssm", false, Rate.conservative(20, 5), 1);
    private static final BucketUse ROUTE53_ACCOUNT = new BucketUse("route53", true, Rate.underPerSecond(5), 1);

    private static final Map<String, Integer> ACM_PER_SECOND = Map.ofEntries(
            Map.entry("AddTagsToCertificate", 5), Map.entry("DeleteCertificate", 10),
            Map.entry("DescribeCertificate", 10), Map.entry("ExportCertificate", 5), Map.entry("GetCertificate", 10),
            Map.entry("ListCertificates", 1), Map.entry("ListTagsForCertificate", 10),
            Map.entry("RemoveTagsFromCertificate", 5), Map.entry("RenewCertificate", 5),
            Map.entry("RequestCertificate", 5), Map.entry("UpdateCertificateOptions", 5));

    private ApiLimits() {
    }

    /** The buckets this call draws on; empty when its service is not limited here. */
    static List<BucketUse> of(String service, String operation, SdkRequest request) {
        if (service == null || operation == null) {
            return List.of();
        }
        return switch (service) {
            case EC2 -> ec2(operation, request);
            case ELB -> List.of(ELB_ACCOUNT, elbCategory(operation));
            case RDS -> List.of(RDS_ACCOUNT);
            case ELASTICACHE -> List.of(ELASTICACHE_ACCOUNT);
            case IAM -> List.of(IAM_ACCOUNT);
            case SSM -> List.of(SSM_ACCOUNT);
            case ROUTE53 -> List.of(ROUTE53_ACCOUNT);
            case ACM -> List.of(new BucketUse("acm:" + operation, false,
                    Rate.underPerSecond(ACM_PER_SECOND.getOrDefault(operation, 1)), 1));
            default -> List.of();
        };
    }

    private static List<BucketUse> ec2(String operation, SdkRequest request) {
        BucketUse requests = new BucketUse("ec2:" + operation, false, ec2Rate(operation), 1);
        Rate resources = EC2_RESOURCES.get(operation);
        if (resources == null) {
            return List.of(requests);
        }
        return List.of(requests, new BucketUse("ec2:" + operation + ":instances", false, resources,
                instances(operation, request)));
    }

    private static Rate ec2Rate(String operation) {
        Rate own = EC2_UNCATEGORIZED.get(operation);
        if (own != null) {
            return own;
        }
        if (EC2_UNFILTERED_ACTIONS.contains(operation)) {
            // The smaller bucket serves these when unfiltered and unpaginated; keeping under it always is simpler
            // than telling the two apart, and a stack's describes of them are few.
            return EC2_UNFILTERED;
        }
        if (EC2_RESOURCE_INTENSIVE_ACTIONS.contains(operation)) {
            return EC2_RESOURCE_INTENSIVE;
        }
        return isNonMutating(operation) ? EC2_NON_MUTATING : EC2_MUTATING;
    }

    private static boolean isNonMutating(String operation) {
        return operation.startsWith("Describe") || operation.startsWith("List") || operation.startsWith("Search")
                || operation.startsWith("Get");
    }

    /** How many instances the call touches: RunInstances' MaxCount, the others' instance ids; at least one. */
    private static double instances(String operation, SdkRequest request) {
        if (request == null) {
            return 1;
        }
        int n = operation.equals("RunInstances")
                ? request.getValueForField("MaxCount", Integer.class).orElse(1)
                : request.getValueForField("InstanceIds", List.class).map(List::size).orElse(1);
        return Math.max(1, n);
    }

    private static BucketUse elbCategory(String operation) {
        if (ELB_RESOURCE_INTENSIVE.contains(operation)) {
            return new BucketUse("elbv2:resource-intensive", false, Rate.under(10, 0.2), 1);
        }
        if (ELB_TRUST_STORE_CHANGES.contains(operation)) {
            return new BucketUse("elbv2:trust-store", false, Rate.under(10, 0.2), 1);
        }
        if (ELB_REGISTRATION.contains(operation)) {
            return new BucketUse("elbv2:registration", false, Rate.under(20, 4), 1);
        }
        if (operation.startsWith("Describe")) {
            return new BucketUse("elbv2:non-mutating", false, Rate.under(40, 10), 1);
        }
        if (operation.startsWith("Get")) {
            return new BucketUse("elbv2:get", false, Rate.under(20, 4), 1);
        }
        return new BucketUse("elbv2:mutating", false, Rate.under(20, 3), 1);
    }
}
