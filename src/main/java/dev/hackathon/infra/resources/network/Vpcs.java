package dev.hackathon.infra.resources.network;

import static dev.hackathon.infra.aws.AwsErrors.ignoringNotFound;
import static dev.hackathon.infra.resources.TagDrift.tagDiff;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.hackathon.infra.engine.Change;
import dev.hackathon.infra.engine.Context;
import dev.hackathon.infra.engine.Discovery;
import dev.hackathon.infra.engine.Observed;
import dev.hackathon.infra.engine.Phase;
import dev.hackathon.infra.resources.DependencyErrors;
import dev.hackathon.infra.resources.Ownership;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.Vpc;

/** The stack's VPC, with DNS support and host names on (RDS and SSM endpoints need them). */
public final class Vpcs extends Ec2Kind<Vpcs.Spec> {

    public record Spec(String cidr) {
    }

    public Vpcs(Ec2Client ec2, Ownership owner) {
        super(ec2, owner);
    }

    @Override
    public String name() {
        return "vpc";
    }

    @Override
    public String label() {
        return "VPC";
    }

    @Override
    public List<Observed> discover(Discovery discovery) {
        List<Observed> out = new ArrayList<>();
        ec2.describeVpcsPaginator(r -> r.filters(stackFilter())).vpcs()
                .forEach(v -> out.add(observed(v.vpcId(), v.stateAsString(), v.tags(), v)));
        return out;
    }

    @Override
    public Observed create(String key, Spec spec, Context ctx) {
        Vpc v = ec2.createVpc(r -> r.cidrBlock(spec.cidr()).tagSpecifications(tagSpec(ResourceType.VPC, key, ctx))).vpc();
        ec2.modifyVpcAttribute(r -> r.vpcId(v.vpcId()).enableDnsSupport(b -> b.value(true)));
        ec2.modifyVpcAttribute(r -> r.vpcId(v.vpcId()).enableDnsHostnames(b -> b.value(true)));
        return observed(v.vpcId(), v.stateAsString(), v.tags(), v);
    }

    @Override
    public List<Change> diff(String key, Spec spec, Observed actual, Context ctx) {
        List<Change> out = new ArrayList<>();
        Vpc v = actual.raw(Vpc.class);
        if (!spec.cidr().equals(v.cidrBlock())) {
            out.add(new Change("cidr", v.cidrBlock(), spec.cidr()));
        }
        out.addAll(tagDiff(key, actual, ctx));
        return out;
    }

    @Override
    public boolean requiresReplacement(List<Change> changes) {
        return changes.stream().anyMatch(c -> c.field().equals("cidr"));
    }

    @Override
    public Observed update(String key, Spec spec, Observed actual, List<Change> changes, Context ctx) {
        repairTags(actual.id(), key, changes, ctx);
        return actual;
    }

    @Override
    public void delete(Observed actual, Context ctx) {
        holders.deleting(actual.id(), () -> ignoringNotFound(() -> ec2.deleteVpc(r -> r.vpcId(actual.id()))),
                () -> holders.ofVpc(actual.id()));
    }

    @Override
    public Duration retryWindow(Throwable error, Phase phase) {
        return DependencyErrors.retryWindow(error, phase);
    }
}
