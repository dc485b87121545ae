package dev.hackathon.infra.config;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import dev.hackathon.infra.resources.AwsNameRules;
import dev.hackathon.infra.resources.Ownership;
import dev.hackathon.infra.resources.compute.IamNames;
import dev.hackathon.infra.resources.edge.EdgeNames;

/**
 * Every AWS name the stack derives from its stack name (and Region), built by the very naming
 * code the resource kinds use ({@link Ownership#name}, {@link EdgeNames#of}, {@link IamNames}),
 * checked against AWS's rules for that kind of name ({@link AwsNameRules}). A stack name with
 * {@code --} (RDS and ElastiCache refuse it), starting {@code sg-} (security groups) or
 * {@code internal-} (load balancers) is refused here, at the {@code stack:} line, instead of
 * by AWS halfway through {@code up}. The keys are the stack's (DerivedNamesTest checks that
 * they are exactly the named resources of the stack's graph).
 */
public final class DerivedNames {

    /** One derived name: what it names, the resource's key (null for the lock), the name, and AWS's rule for it. */
    public record Name(String what, String key, String name, AwsNameRules rule) {
    }

    /** What {@code DbInstances} appends for a final snapshot: -final-yyyyMMdd-HHmmss. */
    static final String FINAL_SNAPSHOT_SUFFIX = "-final-20250101-120000";

    private DerivedNames() {
    }

    public static List<Name> of(String stack, String region, Collection<String> targets) {
        Ownership owner = new Ownership(stack);
        IamNames iam = new IamNames(owner, region);
        List<Name> out = new ArrayList<>();
        out.add(new Name("RDS DB instance identifier", "db/main", owner.name("db/main"), AwsNameRules.RDS_DB_INSTANCE));
        out.add(new Name("RDS final snapshot identifier", "db/main", owner.name("db/main") + FINAL_SNAPSHOT_SUFFIX,
                AwsNameRules.RDS_DB_SNAPSHOT));
        out.add(new Name("RDS DB subnet group name", "db-subnet-group/main", owner.name("db-subnet-group/main"), AwsNameRules.RDS_DB_SUBNET_GROUP));
        out.add(new Name("ElastiCache replication group id", "cache/main", owner.name("cache/main"),
                AwsNameRules.ELASTICACHE_REPLICATION_GROUP));
        out.add(new Name("ElastiCache subnet group name", "cache-subnet-group/main", owner.name("cache-subnet-group/main"),
                AwsNameRules.ELASTICACHE_SUBNET_GROUP));
        for (String sg : List.of("sg/alb", "sg/app", "sg/db", "sg/cache")) {
            out.add(new Name("security group name", sg, owner.name(sg), AwsNameRules.EC2_SECURITY_GROUP));
        }
        out.add(new Name("load balancer name", "alb/main", EdgeNames.of(owner, "alb/main"), AwsNameRules.ELB_LOAD_BALANCER));
        for (String target : targets) {
            out.add(new Name("target group name", "tg/" + target, EdgeNames.of(owner, "tg/" + target), AwsNameRules.ELB_TARGET_GROUP));
        }
        out.add(new Name("SSM parameter of the run lock", null, "/hackathon-infra/" + stack + "/lock", AwsNameRules.SSM_PARAMETER));
        return out;
    }

    /** One line per name AWS would refuse, saying which name and why. */
    public static List<String> problems(String stack, String region, Collection<String> targets) {
        List<String> out = new ArrayList<>();
        for (Name n : of(stack, region, targets)) {
            List<String> why = n.rule().problems(n.name());
            if (!why.isEmpty()) {
                out.add("the " + n.what() + " " + n.name() + " " + String.join(", ", why)
                        + " (AWS's rule); choose another stack name");
            }
        }
        for (String p : new IamNames(new Ownership(stack), region).problems("iam-role/app", "instance-profile/app")) {
            out.add("the " + p + "; choose a shorter stack name");
        }
        return out;
    }
}
