package dev.hackathon.infra.resources.edge;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.hackathon.infra.aws.AwsErrors;
import dev.hackathon.infra.engine.Change;
import dev.hackathon.infra.engine.Context;
import dev.hackathon.infra.engine.Observed;
import dev.hackathon.infra.engine.ResourceKind;
import dev.hackathon.infra.resources.Ownership;
import dev.hackathon.infra.resources.TagDrift;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Tag;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TagDescription;

/**
 * What every ELBv2 kind shares. Unlike EC2, ELBv2 has no tag filter on its Describe calls:
 * a kind lists its resources (load balancers and target groups by account, listeners by
 * load balancer, rules by listener) and reads tags with DescribeTags, which takes at most
 * 20 ARNs per call. Tags are set on create (the API's Tags), repaired with AddTags.
 */
abstract class ElbKind<D> implements ResourceKind<D> {

    /** DescribeTags accepts at most this many ARNs per call. */
    static final int TAGS_PER_CALL = 20;

    protected final ElasticLoadBalancingV2Client elb;
    protected final Ownership owner;

    protected ElbKind(ElasticLoadBalancingV2Client elb, Ownership owner) {
        this.elb = elb;
        this.owner = owner;
    }

    /**
     * Tags of many resources, 20 ARNs per DescribeTags call. Callers pass only candidates
     * (names with the stack's prefix, listeners of our load balancer), so the number of
     * calls follows the stack's size, not the account's.
     */
    protected Map<String, Map<String, String>> tagsOf(Collection<String> arns) {
        Map<String, Map<String, String>> out = new HashMap<>();
        List<String> all = new ArrayList<>(arns);
        for (int i = 0; i < all.size(); i += TAGS_PER_CALL) {
            List<String> batch = all.subList(i, Math.min(all.size(), i + TAGS_PER_CALL));
            for (TagDescription d : elb.describeTags(r -> r.resourceArns(batch)).tagDescriptions()) {
                out.put(d.resourceArn(), tagMap(d.tags()));
            }
        }
        return out;
    }

    protected static Map<String, String> tagMap(List<Tag> tags) {
        Map<String, String> m = new LinkedHashMap<>();
        if (tags != null) {
            tags.forEach(t -> m.put(t.key(), t.value()));
        }
        return m;
    }

    protected List<Tag> elbTags(String key, Context ctx) {
        List<Tag> out = new ArrayList<>();
        ctx.tags(key).forEach((k, v) -> out.add(Tag.builder().key(k).value(v).build()));
        return out;
    }

    /** Puts back tags changed or removed by hand (AddTags overwrites values). */
    protected void repairTags(String arn, String key, List<Change> changes, Context ctx) {
        if (TagDrift.anyTags(changes)) {
            elb.addTags(r -> r.resourceArns(arn).tags(elbTags(key, ctx)));
        }
    }
}
