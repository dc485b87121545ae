package dev.hackathon.infra.resources.network;

import static dev.hackathon.infra.aws.AwsErrors.ignoringNotFound;
import static dev.hackathon.infra.resources.TagDrift.tagDiff;

import java.util.ArrayList;
import java.util.List;

import dev.hackathon.infra.aws.AwsErrors;
import dev.hackathon.infra.engine.Change;
import dev.hackathon.infra.engine.Context;
import dev.hackathon.infra.engine.Discovery;
import dev.hackathon.infra.engine.Observed;
import dev.hackathon.infra.engine.Policy;
import dev.hackathon.infra.engine.Status;
import dev.hackathon.infra.resources.Ownership;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.Vpc;
import software.amazon.awssdk.services.ec2.model.VpcAttributeName;

/**
 * The stack's VPC, with DNS support and host names on (RDS and SSM endpoints need them). Both
 * attributes are read with the VPC and are part of its diff, so the create makes the VPC alone
 * and the update that follows turns them on; a VPC whose ModifyVpcAttribute never went through
 * (the run stopped between the calls) is repaired by the next {@code up} the same way. Ready
 * only once {@code available}.
 */
public final class Vpcs extends Ec2Kind<Vpcs.Spec> {

    public record Spec(String cidr) {
    }

    /**
     * What discovery knows of a VPC: DescribeVpcs carries neither DNS attribute. An attribute is
     * false when the VPC is so new that DescribeVpcAttribute does not know it yet (the stack has
     * not set it then, or only just: setting it again is harmless), null when the answer did not
     * say (not drift).
     */
    public record VpcState(Vpc vpc, Boolean dnsSupport, Boolean dnsHostnames) {
    }

    static final String DNS_SUPPORT = "enableDnsSupport";
    static final String DNS_HOSTNAMES = "enableDnsHostnames";

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
                .forEach(v -> out.add(observed(v.vpcId(), v.stateAsString(), v.tags(), read(v))));
        return out;
    }

    private VpcState read(Vpc v) {
        return new VpcState(v, attribute(v.vpcId(), VpcAttributeName.ENABLE_DNS_SUPPORT),
                attribute(v.vpcId(), VpcAttributeName.ENABLE_DNS_HOSTNAMES));
    }

    private Boolean attribute(String vpcId, VpcAttributeName name) {
        try {
            var a = ec2.describeVpcAttribute(r -> r.vpcId(vpcId).attribute(name));
            var value = name == VpcAttributeName.ENABLE_DNS_SUPPORT ? a.enableDnsSupport() : a.enableDnsHostnames();
            return value == null ? null : value.value();
        } catch (RuntimeException e) {
            if (AwsErrors.isNotFound(e)) {
                return false; // not known here yet: a VPC made seconds ago, whose update sets it
            }
            throw e;
        }
    }

    /** The VPC alone, its attributes not set by the stack yet: the update that follows sets them. */
    @Override
    public Observed create(String key, Spec spec, Context ctx) {
        Vpc v = ec2.createVpc(r -> r.cidrBlock(spec.cidr()).tagSpecifications(tagSpec(ResourceType.VPC, key, ctx))).vpc();
        return observed(v.vpcId(), v.stateAsString(), madeWith(v.tags(), key, ctx), new VpcState(v, false, false));
    }

    /** Support before host names, as AWS requires. */
    private void enableDns(String vpcId, boolean support, boolean hostnames) {
        if (support) {
            ec2.modifyVpcAttribute(r -> r.vpcId(vpcId).enableDnsSupport(b -> b.value(true)));
        }
        if (hostnames) {
            ec2.modifyVpcAttribute(r -> r.vpcId(vpcId).enableDnsHostnames(b -> b.value(true)));
        }
    }

    @Override
    public List<Change> diff(String key, Spec spec, Observed actual, Context ctx) {
        List<Change> out = new ArrayList<>();
        VpcState state = actual.raw(VpcState.class);
        Vpc v = state.vpc();
        if (!spec.cidr().equals(v.cidrBlock())) {
            out.add(new Change("cidr", v.cidrBlock(), spec.cidr()));
        }
        if (Boolean.FALSE.equals(state.dnsSupport())) {
            out.add(new Change(DNS_SUPPORT, false, true));
        }
        if (Boolean.FALSE.equals(state.dnsHostnames())) {
            out.add(new Change(DNS_HOSTNAMES, false, true));
        }
        out.addAll(tagDiff(key, actual, ctx));
        return out;
    }

    @Override
    public Policy policy() {
        return Policy.DEFAULT.forcingNewOn("cidr");
    }

    @Override
    public Observed update(String key, Spec spec, Observed actual, List<Change> changes, Context ctx) {
        boolean support = changes.stream().anyMatch(c -> c.field().equals(DNS_SUPPORT));
        boolean hostnames = changes.stream().anyMatch(c -> c.field().equals(DNS_HOSTNAMES));
        enableDns(actual.id(), support, hostnames);
        repairTags(actual.id(), key, changes, ctx);
        VpcState was = actual.raw(VpcState.class);
        return support || hostnames ? observed(actual.id(), actual.state(), was.vpc().tags(), new VpcState(was.vpc(), true, true))
                : actual;
    }

    /** A VPC is usable (subnets, gateways) once available; CreateVpc answers "pending". */
    @Override
    public Status state(Observed o) {
        return "available".equals(o.state()) ? Status.READY : Status.PENDING;
    }

    @Override
    public void delete(Observed actual, Context ctx) {
        holders.deleting(actual.id(), () -> ignoringNotFound(() -> ec2.deleteVpc(r -> r.vpcId(actual.id()))),
                () -> holders.ofVpc(actual.id()));
    }
}
