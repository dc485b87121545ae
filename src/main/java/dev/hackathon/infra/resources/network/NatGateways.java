package dev.hackathon.infra.resources.network;

import static dev.hackathon.infra.aws.AwsErrors.ignoringNotFound;
import static dev.hackathon.infra.resources.TagDrift.tagDiff;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import dev.hackathon.infra.engine.Change;
import dev.hackathon.infra.engine.Context;
import dev.hackathon.infra.engine.Discovery;
import dev.hackathon.infra.engine.Observed;
import dev.hackathon.infra.engine.Policy;
import dev.hackathon.infra.engine.Status;
import dev.hackathon.infra.resources.Ownership;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.NatGateway;
import software.amazon.awssdk.services.ec2.model.ResourceType;

/**
 * The one NAT gateway, in a public subnet with the stack's Elastic IP. Takes 1-2 minutes
 * to become available and as long to go; while deleting it keeps its subnet, its EIP and
 * the IGW's mapped address busy, so {@code down} waits until it is gone.
 */
public final class NatGateways extends Ec2Kind<NatGateways.Spec> {

    public record Spec(String subnetKey, String eipKey) {
    }

    public NatGateways(Ec2Client ec2, Ownership owner) {
        super(ec2, owner);
    }

    @Override
    public String name() {
        return "nat";
    }

    @Override
    public String label() {
        return "NAT gateway";
    }

    @Override
    public Set<String> dependsOnKinds() {
        return Set.of("subnet", "eip", "igw");
    }

    /** Failed and deleted gateways stay listed for about an hour (their state says so). */
    @Override
    public List<Observed> discover(Discovery discovery) {
        List<Observed> out = new ArrayList<>();
        ec2.describeNatGatewaysPaginator(r -> r.filter(stackFilter())).natGateways()
                .forEach(n -> out.add(observed(n)));
        return out;
    }

    /**
     * The token makes a retried call return the first gateway on AWS. It names the subnet and
     * the Elastic IP: after a full teardown they are new, and AWS would otherwise hand back the
     * deleted gateway for a reused token. When it hands back a gateway that failed or went (a
     * failed one is replaced with the same subnet and address), the token names that one too,
     * so a new gateway is made.
     */
    @Override
    public Observed create(String key, Spec spec, Context ctx) {
        String subnet = ctx.id(spec.subnetKey());
        String allocation = ctx.id(spec.eipKey());
        List<String> salt = new ArrayList<>(List.of(subnet, allocation));
        Observed made = null;
        for (int attempt = 0; attempt < 4 && (made == null || !state(made).isLive() || state(made).isFailed()); attempt++) {
            if (made != null) {
                salt.add(made.id());
            }
            String token = owner.clientToken(key, salt.toArray(String[]::new));
            NatGateway n = ec2.createNatGateway(r -> r.subnetId(subnet).allocationId(allocation).clientToken(token)
                    .tagSpecifications(tagSpec(ResourceType.NATGATEWAY, key, ctx))).natGateway();
            made = observed(n.toBuilder().tags(madeWith(n.tags(), key, ctx)).build());
        }
        return made;
    }

    @Override
    public List<Change> diff(String key, Spec spec, Observed actual, Context ctx) {
        NatGateway n = actual.raw(NatGateway.class);
        List<Change> out = new ArrayList<>();
        ctx.find(spec.subnetKey()).filter(s -> !s.id().equals(n.subnetId()))
                .ifPresent(s -> out.add(new Change("subnet", n.subnetId(), s.id())));
        out.addAll(tagDiff(key, actual, ctx));
        return out;
    }

    @Override
    public Observed update(String key, Spec spec, Observed actual, List<Change> changes, Context ctx) {
        repairTags(actual.id(), key, changes, ctx);
        return actual;
    }

    @Override
    public void delete(Observed actual, Context ctx) {
        ignoringNotFound(() -> ec2.deleteNatGateway(r -> r.natGatewayId(actual.id())));
    }

    /**
     * Deleting takes about a minute, and its Elastic IP stays associated (a new gateway cannot
     * take it) until "deleted". A failed one says why in its failure code and message.
     */
    @Override
    public Status state(Observed o) {
        return switch (o.state()) {
            case "available" -> Status.READY;
            case "failed" -> Status.failed(failureReason(o.raw(NatGateway.class)));
            case "deleting" -> Status.DELETING;
            case "deleted" -> Status.GONE;
            default -> Status.PENDING;
        };
    }

    private static String failureReason(NatGateway n) {
        return n == null || n.failureCode() == null ? null : n.failureCode() + ": " + n.failureMessage();
    }

    /**
     * About 2 minutes to be ready on AWS; failing ones say so within minutes. While deleting it
     * holds its subnet and address: {@code down} waits until it is gone. A route to a deleted
     * gateway is a blackhole until the route table points at the new one: it may be replaced
     * under its route table. A failed one is not repaired by AWS and stays listed for an hour:
     * it is replaced, with a new token.
     */
    @Override
    public Policy policy() {
        return Policy.DEFAULT.readyWithin(Duration.ofMinutes(15)).waitingUntilGone().deletableUnderDependents()
                .replacedWhenFailed().forcingNewOn("subnet", Policy.DEPENDENCY_RECREATED);
    }

    /** With its subnet and its Elastic IP (which copy of those is kept), and when AWS made it. */
    private Observed observed(NatGateway n) {
        List<String> uses = new ArrayList<>();
        uses.add(n.subnetId());
        n.natGatewayAddresses().forEach(a -> uses.add(a.allocationId()));
        return observed(n.natGatewayId(), n.stateAsString(), n.tags(), n).referring(uses).madeAt(n.createTime());
    }
}
