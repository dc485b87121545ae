package dev.hackathon.infra.stack.preflight;

import dev.hackathon.infra.stack.NetworkTier;
import software.amazon.awssdk.services.ec2.model.Vpc;

/** VPCs per Region (L-F678F1CE, default 5); the default VPC counts, as on AWS. */
final class VpcQuotaCheck extends QuotaCheck {

    VpcQuotaCheck() {
        super("vpc", "L-F678F1CE", "VPCs per Region", 5);
    }

    @Override
    public String id() {
        return "quota.vpcs";
    }

    @Override
    public boolean neededFor(PreflightScope scope) {
        return scope.creates(NetworkTier.VPC);
    }

    @Override
    String counted(PreflightContext c) {
        return "VPCs in " + c.config().region();
    }

    @Override
    Use use(PreflightContext c) {
        java.util.List<Vpc> vpcs = Api.call("ec2:DescribeVpcs",
                () -> c.aws().ec2().describeVpcsPaginator().vpcs().stream().toList());
        int owned = (int) vpcs.stream().filter(v -> owned(c, v.tags())).count();
        return new Use(vpcs.size(), owned);
    }

    @Override
    String howToFree(PreflightContext c) {
        return "delete a VPC you no longer use (aws ec2 describe-vpcs --region " + c.config().region() + ")";
    }
}
