package dev.hackathon.infra.stack.preflight;

import java.util.List;
import java.util.OptionalInt;

import dev.hackathon.infra.stack.NetworkTier;

import software.amazon.awssdk.services.ec2.model.AccountAttribute;
import software.amazon.awssdk.services.ec2.model.Address;

/**
 * Elastic IPs per Region (L-0263D0A3, default 5); the NAT gateway's address is the stack's
 * one. Without Service Quotas, EC2 tells the same number as its account attribute
 * {@code vpc-max-elastic-ips}.
 */
final class ElasticIpQuotaCheck extends QuotaCheck {

    ElasticIpQuotaCheck() {
        super("ec2", "L-0263D0A3", "EC2-VPC Elastic IPs", 5);
    }

    @Override
    public String id() {
        return "quota.elastic-ips";
    }

    @Override
    public boolean neededFor(PreflightScope scope) {
        return scope.creates(NetworkTier.EIP);
    }

    @Override
    String counted(PreflightContext c) {
        return "Elastic IPs in " + c.config().region();
    }

    @Override
    Use use(PreflightContext c) {
        List<Address> addresses = Api.call("ec2:DescribeAddresses",
                () -> c.aws().ec2().describeAddresses().addresses());
        return new Use(addresses.size(), (int) addresses.stream().filter(a -> owned(c, a.tags())).count());
    }

    @Override
    OptionalInt fallback(PreflightContext c) {
        try {
            List<AccountAttribute> attributes = Api.call("ec2:DescribeAccountAttributes", () -> c.aws().ec2()
                    .describeAccountAttributes(r -> r.attributeNamesWithStrings("vpc-max-elastic-ips"))
                    .accountAttributes());
            return attributes.stream().filter(a -> "vpc-max-elastic-ips".equals(a.attributeName()))
                    .flatMap(a -> a.attributeValues().stream()).mapToInt(v -> Integer.parseInt(v.attributeValue()))
                    .findFirst();
        } catch (RuntimeException e) {
            return OptionalInt.empty(); // then AWS's default, and the line says so
        }
    }

    @Override
    String fallbackSource() {
        return "EC2 account attribute vpc-max-elastic-ips";
    }

    @Override
    String howToFree(PreflightContext c) {
        return "release an Elastic IP you no longer use (aws ec2 describe-addresses --region " + c.config().region() + ")";
    }
}
