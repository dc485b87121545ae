package dev.hackathon.infra.aws;

/**
 * The partition of a Region, the second field of every ARN: {@code aws}, {@code aws-cn} for
 * China, {@code aws-us-gov} for GovCloud (and the isolated ones). Every ARN the tool builds
 * takes it from here, so a stack in cn-north-1 gets {@code arn:aws-cn:...}, not a policy
 * that allows nothing.
 */
public final class Partitions {

    private Partitions() {
    }

    public static String of(String region) {
        if (region == null) {
            return "aws";
        }
        if (region.startsWith("cn-")) {
            return "aws-cn";
        }
        if (region.startsWith("us-gov-")) {
            return "aws-us-gov";
        }
        if (region.startsWith("us-isob-")) {
            return "aws-iso-b";
        }
        if (region.startsWith("us-iso-")) {
            return "aws-iso";
        }
        if (region.startsWith("eusc-")) {
            return "aws-eusc";
        }
        return "aws";
    }

    /** The pseudo-Region of the partition's global services (Route 53): aws-global, aws-cn-global, ... */
    public static String globalRegion(String region) {
        return of(region) + "-global";
    }
}
