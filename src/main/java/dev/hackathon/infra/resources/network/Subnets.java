package dev.hackathon.infra.resources.network;

import static dev.hackathon.infra.aws.AwsErrors.ignoringNotFound;
import static dev.hackathon.infra.resources.TagDrift.tagDiff;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import dev.hackathon.infra.engine.Change;
import dev.hackathon.infra.engine.Context;
import dev.hackathon.infra.engine.Discovery;
import dev.hackathon.infra.engine.Observed;
import dev.hackathon.infra.engine.Policy;
import dev.hackathon.infra.resources.Ownership;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.Subnet;

/** Public, app and data subnets; none assigns public IPs on launch. */
public final class Subnets extends Ec2Kind<Subnets.Spec> {

    public record Spec(String vpcKey, String cidr, String availabilityZone) {
    }

    public Subnets(Ec2Client ec2, Ownership owner) {
        super(ec2, owner);
    }

    @Override
    public String name() {
        return "subnet";
    }

    @Override
    public String label() {
        return "subnet";
    }

    @Override
    public Set<String> dependsOnKinds() {
        return Set.of("vpc");
    }

    @Override
    public List<Observed> discover(Discovery discovery) {
        List<Observed> out = new ArrayList<>();
        ec2.describeSubnetsPaginator(r -> r.filters(stackFilter())).subnets()
                .forEach(s -> out.add(observed(s.subnetId(), s.stateAsString(), s.tags(), s)
                        .referring(java.util.Arrays.asList(s.vpcId()))));
        return out;
    }

    @Override
    public Observed create(String key, Spec spec, Context ctx) {
        Subnet s = ec2.createSubnet(r -> r.vpcId(ctx.id(spec.vpcKey())).cidrBlock(spec.cidr())
                .availabilityZone(spec.availabilityZone())
                .tagSpecifications(tagSpec(ResourceType.SUBNET, key, ctx))).subnet();
        return observed(s.subnetId(), s.stateAsString(), madeWith(s.tags(), key, ctx), s)
                .referring(java.util.Arrays.asList(s.vpcId()));
    }

    @Override
    public List<Change> diff(String key, Spec spec, Observed actual, Context ctx) {
        Subnet s = actual.raw(Subnet.class);
        List<Change> out = new ArrayList<>();
        if (!spec.cidr().equals(s.cidrBlock())) {
            out.add(new Change("cidr", s.cidrBlock(), spec.cidr()));
        }
        if (!spec.availabilityZone().equals(s.availabilityZone())) {
            out.add(new Change("availabilityZone", s.availabilityZone(), spec.availabilityZone()));
        }
        ctx.find(spec.vpcKey()).filter(v -> !v.id().equals(s.vpcId()))
                .ifPresent(v -> out.add(new Change("vpc", s.vpcId(), v.id())));
        if (Boolean.TRUE.equals(s.mapPublicIpOnLaunch())) {
            out.add(new Change("mapPublicIpOnLaunch", true, false));
        }
        out.addAll(tagDiff(key, actual, ctx));
        return out;
    }

    /** A subnet of a VPC made anew is made anew too: it cannot move. */
    @Override
    public Policy policy() {
        return Policy.DEFAULT.forcingNewOn("cidr", "availabilityZone", "vpc", Policy.DEPENDENCY_RECREATED);
    }

    @Override
    public Observed update(String key, Spec spec, Observed actual, List<Change> changes, Context ctx) {
        if (changes.stream().anyMatch(c -> c.field().equals("mapPublicIpOnLaunch"))) {
            ec2.modifySubnetAttribute(r -> r.subnetId(actual.id()).mapPublicIpOnLaunch(b -> b.value(false)));
        }
        repairTags(actual.id(), key, changes, ctx);
        return actual;
    }

    @Override
    public void delete(Observed actual, Context ctx) {
        holders.deleting(actual.id(), () -> ignoringNotFound(() -> ec2.deleteSubnet(r -> r.subnetId(actual.id()))),
                () -> holders.ofSubnet(actual.id()));
    }
}
