package dev.hackathon.infra.resources;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * AWS's naming rules for the names the stack derives, as the service API references state
 * them. Each rule returns what AWS would refuse in a name, empty when it would accept it, so
 * validation can refuse a stack name before any call instead of failing halfway through
 * {@code up}.
 */
public enum AwsNameRules {

    /** RDS DBInstanceIdentifier (also a final DBSnapshotIdentifier, up to 255). */
    RDS_DB_INSTANCE(63, true, true, "letters, digits and '-'"),
    RDS_DB_SNAPSHOT(255, true, true, "letters, digits and '-'"),
    /** DBSubnetGroupName: letters, digits, spaces, '.', '_', '-'; not "default". */
    RDS_DB_SUBNET_GROUP(255, false, false, "letters, digits, spaces, '.', '_' and '-'"),
    /** ElastiCache ReplicationGroupId. */
    ELASTICACHE_REPLICATION_GROUP(40, true, true, "letters, digits and '-'"),
    /** ElastiCache CacheSubnetGroupName. */
    ELASTICACHE_SUBNET_GROUP(255, false, false, "letters, digits and '-'"),
    /** EC2 GroupName: must not start with "sg-". */
    EC2_SECURITY_GROUP(255, false, false, "printable ASCII"),
    /** ELBv2 load balancer Name: no leading or trailing '-', must not start with "internal-". */
    ELB_LOAD_BALANCER(32, false, false, "letters, digits and '-'"),
    ELB_TARGET_GROUP(32, false, false, "letters, digits and '-'"),
    /** SSM parameter name (the run lock): must not start with aws or ssm. */
    SSM_PARAMETER(1011, false, false, "letters, digits and _.-/");

    private final int max;
    private final boolean letterFirst;
    private final boolean noDoubleHyphenOrTrailing;
    private final String alphabet;

    AwsNameRules(int max, boolean letterFirst, boolean noDoubleHyphenOrTrailing, String alphabet) {
        this.max = max;
        this.letterFirst = letterFirst;
        this.noDoubleHyphenOrTrailing = noDoubleHyphenOrTrailing;
        this.alphabet = alphabet;
    }

    public int max() {
        return max;
    }

    /** What AWS refuses in {@code name}, one phrase each ("contains '--'"); empty when it is accepted. */
    public List<String> problems(String name) {
        List<String> out = new ArrayList<>();
        if (name.isEmpty() || name.length() > max) {
            out.add("is " + name.length() + " characters, at most " + max + " allowed");
        }
        if (!name.matches(pattern())) {
            out.add("may only hold " + alphabet);
        }
        if (letterFirst && !name.isEmpty() && !Character.isLetter(name.charAt(0))) {
            out.add("must start with a letter");
        }
        if (noDoubleHyphenOrTrailing && name.contains("--")) {
            out.add("must not contain '--'");
        }
        if ((noDoubleHyphenOrTrailing || this == ELB_LOAD_BALANCER || this == ELB_TARGET_GROUP) && name.endsWith("-")) {
            out.add("must not end with '-'");
        }
        String lower = name.toLowerCase(Locale.ROOT);
        switch (this) {
            case EC2_SECURITY_GROUP -> {
                if (lower.startsWith("sg-")) {
                    out.add("must not start with 'sg-'");
                }
            }
            case ELB_LOAD_BALANCER, ELB_TARGET_GROUP -> {
                if (name.startsWith("-")) {
                    out.add("must not start with '-'");
                }
                if (this == ELB_LOAD_BALANCER && lower.startsWith("internal-")) {
                    out.add("must not start with 'internal-'");
                }
            }
            case RDS_DB_SUBNET_GROUP -> {
                if (lower.equals("default")) {
                    out.add("must not be 'default'");
                }
            }
            case SSM_PARAMETER -> {
                String bare = lower.startsWith("/") ? lower.substring(1) : lower;
                if (bare.startsWith("aws") || bare.startsWith("ssm")) {
                    out.add("must not start with 'aws' or 'ssm'");
                }
            }
            default -> { }
        }
        return out;
    }

    private String pattern() {
        return switch (this) {
            case RDS_DB_SUBNET_GROUP -> "[A-Za-z0-9 ._-]*";
            case EC2_SECURITY_GROUP -> "[\\x20-\\x7e]*";
            case SSM_PARAMETER -> "[A-Za-z0-9_./-]*";
            default -> "[A-Za-z0-9-]*";
        };
    }
}
