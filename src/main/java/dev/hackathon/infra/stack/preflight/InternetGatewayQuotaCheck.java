package dev.hackathon.infra.stack.preflight;

import java.util.List;

import dev.hackathon.infra.stack.NetworkTier;

import software.amazon.awssdk.services.ec2.model.InternetGateway;

/** Internet gateways per Region (L-A4707A72, default 5); the default VPC's gateway counts. */
final class InternetGatewayQuotaCheck extends QuotaCheck {

    InternetGatewayQuotaCheck() {
        super("vpc", "L-A4707A72", "Internet gateways per Region", 5);
    }

    @Override
    public String id() {
        return "quota.internet-gateways";
    }

    @Override
    public boolean neededFor(PreflightScope scope) {
        return scope.creates(NetworkTier.IGW);
    }

    @Override
    String counted(PreflightContext c) {
        return "internet gateways in " + c.config().region();
    }

    @Override
    Use use(PreflightContext c) {
        List<InternetGateway> igws = Api.call("ec2:DescribeInternetGateways",
                () -> c.aws().ec2().describeInternetGatewaysPaginator().internetGateways().stream().toList());
        return new Use(igws.size(), (int) igws.stream().filter(g -> owned(c, g.tags())).count());
    }

    @Override
    String howToFree(PreflightContext c) {
        return "delete an internet gateway you no longer use (aws ec2 describe-internet-gateways --region "
                + c.config().region() + ")";
    }
}
