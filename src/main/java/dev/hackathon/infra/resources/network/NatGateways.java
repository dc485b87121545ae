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
import dev.hackathon.infra.engine.Phase;
import dev.hackathon.infra.engine.Readiness;
import dev.hackathon.infra.resources.DependencyErrors;
import dev.hackathon.infra.resources.Ownership;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.NatGateway;
import software.amazon.awssdk.services.ec2.model.NatGatewayState;
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

    @Override
    public List<Observed> discover(Discovery discovery) {
        List<Observed> out = new ArrayList<>();
        ec2.describeNatGatewaysPaginator(r -> r.filter(stackFilter())).natGateways()
                .forEach(n -> out.add(observed(n.natGatewayId(), n.stateAsString(), n.tags(), n)));
        return out;
    }

    @Override
    public Observed create(String key, Spec spec, Context ctx) {
        String subnet = ctx.id(spec.subnetKey());
        String allocation = ctx.id(spec.eipKey());
        // The token makes a retried call return the first gateway on AWS. It includes the
        // subnet and EIP: after a full teardown they are new, and AWS would otherwise hand
        // back the deleted gateway for a reused token.
        NatGateway n = ec2.createNatGateway(r -> r.subnetId(subnet).allocationId(allocation)
                .clientToken(owner.clientToken(key, subnet, allocation))
                .tagSpecifications(tagSpec(ResourceType.NATGATEWAY, key, ctx))).natGateway();
        return observed(n.natGatewayId(), n.stateAsString(), n.tags(), n);
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
    public boolean requiresReplacement(List<Change> changes) {
        return changes.stream().anyMatch(c -> c.field().equals("subnet") || c.field().equals("(dependencies)"));
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

    @Override
    public Readiness readiness(Observed o) {
        return switch (o.state()) {
            case "available" -> Readiness.READY;
            case "failed", "deleting", "deleted" -> Readiness.FAILED;
            default -> Readiness.PENDING;
        };
    }

    @Override
    public String failureReason(Observed o) {
        NatGateway n = o.raw(NatGateway.class);
        return n == null || n.failureCode() == null ? "state " + o.state()
                : "state " + o.state() + ": " + n.failureCode() + ": " + n.failureMessage();
    }

    /** About 2 minutes on AWS; failing ones say so within minutes. */
    @Override
    public Duration readyTimeout(Duration runDefault) {
        return Duration.ofMinutes(15);
    }

    @Override
    public boolean replaceableUnderDependents() {
        return true; // a route to a deleted gateway is a blackhole until the route table is updated to the new one
    }

    /** About a minute on AWS, and its Elastic IP stays associated (a new gateway cannot take it) until "deleted". */
    @Override
    public boolean isBeingDeleted(Observed o) {
        return NatGatewayState.DELETING.toString().equals(o.state());
    }

    /** Deleted gateways stay listed for about an hour; a failed one must be made anew. */
    @Override
    public boolean isGone(Observed o) {
        return NatGatewayState.DELETED.toString().equals(o.state()) || NatGatewayState.FAILED.toString().equals(o.state());
    }

    /** Its subnet and its Elastic IP: which copy of those is kept. */
    @Override
    public java.util.Set<String> references(Observed o) {
        NatGateway n = o.raw(NatGateway.class);
        java.util.Set<String> out = new java.util.HashSet<>();
        if (n.subnetId() != null) {
            out.add(n.subnetId());
        }
        n.natGatewayAddresses().forEach(a -> {
            if (a.allocationId() != null) {
                out.add(a.allocationId());
            }
        });
        return out;
    }

    @Override
    public java.util.Optional<java.time.Instant> createdAt(Observed o) {
        return java.util.Optional.ofNullable(o.raw(NatGateway.class).createTime());
    }

    @Override
    public boolean waitsUntilGone() {
        return true;
    }

    @Override
    public Duration retryWindow(Throwable error, Phase phase) {
        return DependencyErrors.retryWindow(error, phase);
    }
}
