package dev.hackathon.infra.resources.network;

import static dev.hackathon.infra.resources.TagDrift.tagDiff;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import dev.hackathon.infra.engine.Change;
import dev.hackathon.infra.engine.Context;
import dev.hackathon.infra.engine.Discovery;
import dev.hackathon.infra.engine.Observed;
import dev.hackathon.infra.resources.AwsErrorClassifier;
import dev.hackathon.infra.resources.Ownership;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.SecurityGroup;

/**
 * The VPC's default security group, which AWS makes and nobody should use: adopted (tagged,
 * so discovery finds it with the stack filter like everything else) and stripped of every
 * rule. It goes with the VPC, so deleting it is a no-op.
 */
public final class DefaultSecurityGroups extends Ec2Kind<DefaultSecurityGroups.Spec> {

    public record Spec(String vpcKey) {
    }

    public DefaultSecurityGroups(Ec2Client ec2, Ownership owner) {
        super(ec2, owner);
    }

    @Override
    public String name() {
        return "default-sg";
    }

    @Override
    public String label() {
        return "default security group";
    }

    @Override
    public Set<String> dependsOnKinds() {
        return Set.of("vpc");
    }

    @Override
    public List<Observed> discover(Discovery discovery) {
        List<Observed> out = new ArrayList<>();
        discovery.of("sg"); // after SecurityGroups, whose listing holds this group too: read once, by it
        stackSecurityGroups(discovery).stream().filter(Ec2Kind::isDefaultGroup).forEach(g -> out.add(observed(g.groupId(), "available", g.tags(), g)));
        return out;
    }

    /** Adopting is tagging: AWS made the group with the VPC. Its rules go in the update that follows. */
    @Override
    public Observed create(String key, Spec spec, Context ctx) {
        String vpc = ctx.id(spec.vpcKey());
        SecurityGroup g = ec2.describeSecurityGroups(r -> r.filters(
                Filter.builder().name("vpc-id").values(vpc).build(),
                Filter.builder().name("group-name").values("default").build())).securityGroups().stream().findFirst()
                .orElseThrow(() -> new AwsErrorClassifier.NotYetKnown("the default security group of " + vpc
                        + " is not listed yet"));
        ec2.createTags(r -> r.resources(g.groupId()).tags(ec2Tags(key, ctx)));
        SecurityGroup adopted = g.toBuilder().tags(ec2Tags(key, ctx)).build();
        return observed(g.groupId(), "available", adopted.tags(), adopted);
    }

    @Override
    public List<Change> diff(String key, Spec spec, Observed actual, Context ctx) {
        SecurityGroup g = actual.raw(SecurityGroup.class);
        List<Change> out = new ArrayList<>();
        Set<String> ingress = PermissionSet.of(g.ipPermissions());
        Set<String> egress = PermissionSet.of(g.ipPermissionsEgress());
        if (!ingress.isEmpty()) {
            out.add(Change.security("ingress", ingress, "(none)"));
        }
        if (!egress.isEmpty()) {
            out.add(Change.security("egress", egress, "(none)"));
        }
        out.addAll(tagDiff(key, actual, ctx));
        return out;
    }

    @Override
    public Observed update(String key, Spec spec, Observed actual, List<Change> changes, Context ctx) {
        revokeAll(actual.raw(SecurityGroup.class));
        repairTags(actual.id(), key, changes, ctx);
        return actual;
    }

    @Override
    public void delete(Observed actual, Context ctx) {
        // Deleted by AWS together with the VPC; a default group cannot be deleted on its own.
    }

    private void revokeAll(SecurityGroup g) {
        if (!g.ipPermissions().isEmpty()) {
            ec2.revokeSecurityGroupIngress(r -> r.groupId(g.groupId()).ipPermissions(g.ipPermissions()));
        }
        if (!g.ipPermissionsEgress().isEmpty()) {
            ec2.revokeSecurityGroupEgress(r -> r.groupId(g.groupId()).ipPermissions(g.ipPermissionsEgress()));
        }
    }
}
