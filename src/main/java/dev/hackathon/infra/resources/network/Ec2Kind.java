package dev.hackathon.infra.resources.network;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.hackathon.infra.aws.AwsErrors;
import dev.hackathon.infra.engine.Change;
import dev.hackathon.infra.engine.Context;
import dev.hackathon.infra.engine.Discovery;
import dev.hackathon.infra.engine.Observed;
import dev.hackathon.infra.engine.ResourceKind;
import dev.hackathon.infra.resources.Ownership;
import dev.hackathon.infra.resources.TagDrift;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.SecurityGroup;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.TagSpecification;

/**
 * What every EC2-API kind shares: the stack-tag filter for bulk discovery, tags on create
 * through TagSpecifications, tag drift and its repair with CreateTags, NotFound on delete.
 */
public abstract class Ec2Kind<D> implements ResourceKind<D> {

    protected final Ec2Client ec2;
    protected final Ownership owner;
    /** Names what holds a resource whose deletion AWS refuses. */
    protected final BlockerDiagnosis holders;

    protected Ec2Kind(Ec2Client ec2, Ownership owner) {
        this.ec2 = ec2;
        this.owner = owner;
        this.holders = new BlockerDiagnosis(ec2, owner);
    }

    /** The one filter every Describe of ours carries. */
    protected Filter stackFilter() {
        return Filter.builder().name("tag:" + Ownership.STACK_TAG).values(owner.stack()).build();
    }

    /**
     * Every security group with the stack's tag, the VPC's default group among them: one
     * DescribeSecurityGroups per discovery for both kinds that split it (SecurityGroups,
     * DefaultSecurityGroups).
     */
    protected List<SecurityGroup> stackSecurityGroups(Discovery discovery) {
        return discovery.shared("ec2:DescribeSecurityGroups " + owner.stack(), () ->
                ec2.describeSecurityGroupsPaginator(r -> r.filters(stackFilter())).securityGroups().stream().toList());
    }

    /** AWS names every VPC's own group "default", and no other group may take the name. */
    protected static boolean isDefaultGroup(SecurityGroup g) {
        return "default".equals(g.groupName());
    }

    protected TagSpecification tagSpec(ResourceType type, String key, Context ctx) {
        return TagSpecification.builder().resourceType(type).tags(ec2Tags(key, ctx)).build();
    }

    protected List<Tag> ec2Tags(String key, Context ctx) {
        Map<String, String> tags = new LinkedHashMap<>(ctx.tags(key));
        tags.putIfAbsent("Name", owner.name(key));
        List<Tag> out = new ArrayList<>();
        tags.forEach((k, v) -> out.add(Tag.builder().key(k).value(v).build()));
        return out;
    }

    /**
     * The tags a create's answer carries; when it leaves them out (moto's do), the tags it was
     * made with: the update that follows must not read their absence as drift.
     */
    protected List<Tag> madeWith(List<Tag> answered, String key, Context ctx) {
        return answered == null || answered.isEmpty() ? ec2Tags(key, ctx) : answered;
    }

    public static Map<String, String> tagMap(List<Tag> tags) {
        Map<String, String> m = new LinkedHashMap<>();
        if (tags != null) {
            tags.forEach(t -> m.put(t.key(), t.value()));
        }
        return m;
    }

    protected Observed observed(String id, String state, List<Tag> tags, Object raw) {
        Map<String, String> m = tagMap(tags);
        return new Observed(owner.keyOf(m), id, state, m, raw);
    }

    /** Puts back tags changed or removed by hand. */
    protected void repairTags(String id, String key, List<Change> changes, Context ctx) {
        if (TagDrift.anyTags(changes)) {
            ec2.createTags(r -> r.resources(id).tags(ec2Tags(key, ctx)));
        }
    }
}
