package dev.hackathon.infra.resources.network;

import static dev.hackathon.infra.aws.AwsErrors.ignoringNotFound;
import static dev.hackathon.infra.resources.TagDrift.tagDiff;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import dev.hackathon.infra.aws.AwsErrors;
import dev.hackathon.infra.engine.Change;
import dev.hackathon.infra.engine.Context;
import dev.hackathon.infra.engine.Discovery;
import dev.hackathon.infra.engine.Observed;
import dev.hackathon.infra.resources.Ownership;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.InternetGateway;
import software.amazon.awssdk.services.ec2.model.InternetGatewayAttachment;
import software.amazon.awssdk.services.ec2.model.ResourceType;

/**
 * The internet gateway and its attachment to the VPC, as one resource: it is useless
 * detached. Detaching fails while public addresses are still mapped (a deleting NAT
 * gateway's EIP); that is retried like any dependency error.
 */
public final class InternetGateways extends Ec2Kind<InternetGateways.Spec> {

    public record Spec(String vpcKey) {
    }

    public InternetGateways(Ec2Client ec2, Ownership owner) {
        super(ec2, owner);
    }

    @Override
    public String name() {
        return "igw";
    }

    @Override
    public String label() {
        return "internet gateway";
    }

    @Override
    public Set<String> dependsOnKinds() {
        return Set.of("vpc");
    }

    @Override
    public List<Observed> discover(Discovery discovery) {
        List<Observed> out = new ArrayList<>();
        ec2.describeInternetGatewaysPaginator(r -> r.filters(stackFilter())).internetGateways()
                .forEach(g -> out.add(observed(g.internetGatewayId(), attachedVpc(g) == null ? "detached" : "attached",
                        g.tags(), g)));
        return out;
    }

    /** The gateway alone, detached; attaching it is the update that follows. */
    @Override
    public Observed create(String key, Spec spec, Context ctx) {
        InternetGateway g = ec2.createInternetGateway(r -> r.tagSpecifications(tagSpec(ResourceType.INTERNET_GATEWAY, key, ctx)))
                .internetGateway();
        return observed(g.internetGatewayId(), "detached", madeWith(g.tags(), key, ctx), g);
    }

    @Override
    public List<Change> diff(String key, Spec spec, Observed actual, Context ctx) {
        List<Change> out = new ArrayList<>();
        String attached = attachedVpc(actual.raw(InternetGateway.class));
        String vpc = ctx.find(spec.vpcKey()).map(Observed::id).orElse(null);
        if (vpc != null && !vpc.equals(attached)) {
            out.add(new Change("attachment", attached == null ? "(detached)" : attached, vpc));
        }
        out.addAll(tagDiff(key, actual, ctx));
        return out;
    }

    @Override
    public Observed update(String key, Spec spec, Observed actual, List<Change> changes, Context ctx) {
        if (changes.stream().anyMatch(c -> c.field().equals("attachment"))) {
            String old = attachedVpc(actual.raw(InternetGateway.class));
            if (old != null) {
                ec2.detachInternetGateway(r -> r.internetGatewayId(actual.id()).vpcId(old));
            }
            ec2.attachInternetGateway(r -> r.internetGatewayId(actual.id()).vpcId(ctx.id(spec.vpcKey())));
        }
        repairTags(actual.id(), key, changes, ctx);
        return actual;
    }

    @Override
    public void delete(Observed actual, Context ctx) {
        String vpc = attachedVpc(actual.raw(InternetGateway.class));
        if (vpc != null) {
            // DependencyViolation "mapped public address(es)" while a deleting NAT gateway or
            // load balancer still has its public address: named, and retried.
            holders.deleting(actual.id(), () -> detach(actual.id(), vpc), () -> holders.ofMappedAddresses(vpc));
        }
        ignoringNotFound(() -> ec2.deleteInternetGateway(r -> r.internetGatewayId(actual.id())));
    }

    private void detach(String gatewayId, String vpc) {
        try {
            ec2.detachInternetGateway(r -> r.internetGatewayId(gatewayId).vpcId(vpc));
        } catch (RuntimeException e) {
            // Already detached by an earlier, interrupted run: go on to the delete.
            if (!AwsErrors.hasCode(e, "Gateway.NotAttached") && !AwsErrors.isNotFound(e)) {
                throw e;
            }
        }
    }

    private static String attachedVpc(InternetGateway g) {
        return g.attachments().stream().map(InternetGatewayAttachment::vpcId).findFirst().orElse(null);
    }
}
