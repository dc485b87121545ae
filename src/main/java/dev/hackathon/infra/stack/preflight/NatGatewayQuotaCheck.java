package dev.hackathon.infra.stack.preflight;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import dev.hackathon.infra.stack.NetworkTier;

import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.NatGateway;
import software.amazon.awssdk.services.ec2.model.NatGatewayState;
import software.amazon.awssdk.services.ec2.model.Subnet;

/**
 * NAT gateways per Availability Zone (L-FE5A380F, default 5), in the zone of the stack's one
 * NAT gateway. Pending and deleting gateways count, as AWS counts them.
 */
final class NatGatewayQuotaCheck extends QuotaCheck {

    private static final Set<NatGatewayState> COUNTED = Set.of(NatGatewayState.PENDING, NatGatewayState.AVAILABLE,
            NatGatewayState.DELETING);

    NatGatewayQuotaCheck() {
        super("vpc", "L-FE5A380F", "NAT gateways per Availability Zone", 5);
    }

    @Override
    public String id() {
        return "quota.nat-gateways";
    }

    @Override
    public boolean neededFor(PreflightScope scope) {
        return scope.creates(NetworkTier.NAT);
    }

    @Override
    String counted(PreflightContext c) {
        return "NAT gateways in " + c.natZone();
    }

    @Override
    Use use(PreflightContext c) {
        // A NAT gateway names its subnet, not its zone: the zone's subnets first.
        Set<String> subnets = Api.call("ec2:DescribeSubnets", () -> c.aws().ec2().describeSubnetsPaginator(r -> r
                .filters(Filter.builder().name("availability-zone").values(c.natZone()).build())).subnets().stream()
                .map(Subnet::subnetId).collect(Collectors.toSet()));
        List<NatGateway> nats = Api.call("ec2:DescribeNatGateways",
                () -> c.aws().ec2().describeNatGatewaysPaginator().natGateways().stream()
                        .filter(n -> COUNTED.contains(n.state()) && subnets.contains(n.subnetId())).toList());
        return new Use(nats.size(), (int) nats.stream().filter(n -> owned(c, n.tags())).count());
    }

    @Override
    String howToFree(PreflightContext c) {
        return "delete a NAT gateway you no longer use in " + c.natZone() + " (aws ec2 describe-nat-gateways --region "
                + c.config().region() + "), or put another zone first in network.availabilityZones";
    }
}
