package dev.hackathon.infra.resources.network;

import static dev.hackathon.infra.aws.AwsErrors.ignoringNotFound;
import static dev.hackathon.infra.resources.TagDrift.tagDiff;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import dev.hackathon.infra.engine.Change;
import dev.hackathon.infra.engine.Context;
import dev.hackathon.infra.engine.Discovery;
import dev.hackathon.infra.engine.Observed;
import dev.hackathon.infra.resources.AwsErrorClassifier;
import dev.hackathon.infra.resources.Ownership;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.CreateSecurityGroupResponse;
import software.amazon.awssdk.services.ec2.model.IpPermission;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.SecurityGroup;
import software.amazon.awssdk.services.ec2.model.UserIdGroupPair;

/**
 * The alb, app, db and cache security groups. Ingress is exactly the configured rules;
 * groups marked {@code denyAllEgress} (db, cache) have every egress rule revoked, and an
 * egress rule appearing there later is reported as a security finding.
 */
public final class SecurityGroups extends Ec2Kind<SecurityGroups.Spec> {

    /** Allow {@code port} from a CIDR (IPv4 or IPv6) or from another of our groups by key. */
    public record Ingress(int port, String cidr, String sourceGroupKey) {
        public static Ingress fromCidr(int port, String cidr) {
            return new Ingress(port, cidr, null);
        }

        public static Ingress fromGroup(int port, String groupKey) {
            return new Ingress(port, null, groupKey);
        }
    }

    public record Spec(String vpcKey, String description, List<Ingress> ingress, boolean denyAllEgress) {
    }

    public SecurityGroups(Ec2Client ec2, Ownership owner) {
        super(ec2, owner);
    }

    @Override
    public String name() {
        return "sg";
    }

    @Override
    public String label() {
        return "security group";
    }

    @Override
    public Set<String> dependsOnKinds() {
        return Set.of("vpc", "sg");
    }

    @Override
    public List<Observed> discover(Discovery discovery) {
        List<Observed> out = new ArrayList<>();
        // The VPC's default group carries our tags too (DefaultSecurityGroups adopts it): not ours to manage here.
        stackSecurityGroups(discovery).stream().filter(g -> !isDefaultGroup(g))
                .forEach(g -> out.add(observed(g.groupId(), "available", g.tags(), g)
                        .referring(java.util.Arrays.asList(g.vpcId()))));
        return out;
    }

    /**
     * The group alone, as AWS makes it: no ingress, and "all traffic to 0.0.0.0/0" out. Its rules
     * are the update that follows (the data tier's groups lose that egress there).
     */
    @Override
    public Observed create(String key, Spec spec, Context ctx) {
        String vpc = ctx.id(spec.vpcKey());
        CreateSecurityGroupResponse created = ec2.createSecurityGroup(r -> r.groupName(owner.name(key))
                .description(spec.description()).vpcId(vpc)
                .tagSpecifications(tagSpec(ResourceType.SECURITY_GROUP, key, ctx)));
        SecurityGroup g = SecurityGroup.builder().groupId(created.groupId()).vpcId(vpc).groupName(owner.name(key))
                .ipPermissionsEgress(PermissionSet.permission(AWS_DEFAULT_EGRESS)).tags(created.tags()).build();
        return observed(g.groupId(), "available", madeWith(created.tags(), key, ctx), g).referring(List.of(vpc));
    }

    /** The egress rule AWS gives every new group. */
    static final String AWS_DEFAULT_EGRESS = "-1:all from 0.0.0.0/0";

    @Override
    public List<Change> diff(String key, Spec spec, Observed actual, Context ctx) {
        SecurityGroup g = actual.raw(SecurityGroup.class);
        List<Change> out = new ArrayList<>();
        Set<String> want = desiredIngress(spec, ctx);
        Set<String> have = PermissionSet.of(g.ipPermissions());
        if (!want.equals(have)) {
            out.add(new Change("ingress", have, want));
        }
        Set<String> egress = PermissionSet.of(g.ipPermissionsEgress());
        if (spec.denyAllEgress() && !egress.isEmpty()) {
            out.add(Change.security("egress", egress, "(none)"));
        }
        out.addAll(tagDiff(key, actual, ctx));
        return out;
    }

    @Override
    public Observed update(String key, Spec spec, Observed actual, List<Change> changes, Context ctx) {
        SecurityGroup g = actual.raw(SecurityGroup.class);
        String id = actual.id();
        Set<String> want = desiredIngress(spec, ctx);
        Set<String> have = PermissionSet.of(g.ipPermissions());
        Set<String> extra = new TreeSet<>(have);
        extra.removeAll(want);
        Set<String> missing = new TreeSet<>(want);
        missing.removeAll(have);
        if (!extra.isEmpty()) {
            ec2.revokeSecurityGroupIngress(r -> r.groupId(id).ipPermissions(PermissionSet.permissions(extra)));
        }
        if (!missing.isEmpty()) {
            ec2.authorizeSecurityGroupIngress(r -> r.groupId(id).ipPermissions(PermissionSet.permissions(missing)));
        }
        if (spec.denyAllEgress() && !g.ipPermissionsEgress().isEmpty()) {
            ec2.revokeSecurityGroupEgress(r -> r.groupId(id).ipPermissions(g.ipPermissionsEgress()));
        }
        repairTags(id, key, changes, ctx);
        return actual;
    }

    /**
     * AWS refuses to delete a group while a rule of another group refers to it (its own rules
     * referring to others do not matter). The graph deletes referring groups first, but an
     * orphan, a copy from a lost create, or a rule added by hand has no such order, and two
     * groups referring to each other have none at all. So when AWS refuses, the stack's own
     * rules naming this group are revoked (just that source; the rest of each rule stays until
     * its group goes) and the delete tried again at once. Rules of groups that are not the
     * stack's are never touched: they are reported as what holds the group.
     */
    @Override
    public void delete(Observed actual, Context ctx) {
        String id = actual.id();
        holders.deleting(id, () -> {
            try {
                ignoringNotFound(() -> ec2.deleteSecurityGroup(r -> r.groupId(id)));
            } catch (RuntimeException e) {
                if (!AwsErrorClassifier.isHeld(e) || !revokeRulesReferringTo(id)) {
                    throw e;
                }
                ignoringNotFound(() -> ec2.deleteSecurityGroup(r -> r.groupId(id)));
            }
        }, () -> holders.ofSecurityGroup(id));
    }

    /** Revokes the stack's rules that name this group as their source; true if there were any. */
    private boolean revokeRulesReferringTo(String groupId) {
        boolean revoked = false;
        for (SecurityGroup g : ec2.describeSecurityGroupsPaginator(r -> r.filters(stackFilter())).securityGroups()) {
            if (g.groupId().equals(groupId)) {
                continue; // a group may refer to itself: that does not hold it
            }
            List<IpPermission> ingress = referring(g.ipPermissions(), groupId);
            if (!ingress.isEmpty()) {
                ignoringNotFound(() -> ec2.revokeSecurityGroupIngress(r -> r.groupId(g.groupId()).ipPermissions(ingress)));
            }
            List<IpPermission> egress = referring(g.ipPermissionsEgress(), groupId);
            if (!egress.isEmpty()) {
                ignoringNotFound(() -> ec2.revokeSecurityGroupEgress(r -> r.groupId(g.groupId()).ipPermissions(egress)));
            }
            revoked |= !ingress.isEmpty() || !egress.isEmpty();
        }
        return revoked;
    }

    /** The rules that refer to a group, each reduced to its source naming that group. */
    static List<IpPermission> referring(List<IpPermission> permissions, String groupId) {
        List<IpPermission> out = new ArrayList<>();
        for (IpPermission p : permissions) {
            List<UserIdGroupPair> pairs = p.userIdGroupPairs().stream().filter(x -> groupId.equals(x.groupId())).toList();
            if (!pairs.isEmpty()) {
                out.add(p.toBuilder().ipRanges(List.of()).ipv6Ranges(List.of()).prefixListIds(List.of())
                        .userIdGroupPairs(pairs).build());
            }
        }
        return out;
    }

    private static Set<String> desiredIngress(Spec spec, Context ctx) {
        Set<String> out = new TreeSet<>();
        for (Ingress i : spec.ingress()) {
            String source = i.cidr() != null ? i.cidr()
                    : ctx.idOrUnknown(i.sourceGroupKey());
            out.add(PermissionSet.rule("tcp", i.port(), source));
        }
        return out;
    }
}
