package dev.hackathon.infra.resources.edge;

import java.util.ArrayList;
import java.util.Collection;
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

/**
 * What every ELBv2 kind shares. Unlike EC2, ELBv2 has no tag filter on its Describe calls:
 * a kind lists its resources (load balancers and target groups by account, listeners by
 * load balancer, rules by listener) and reads tags with DescribeTags, which takes at most
 * 20 ARNs per call; a whole discovery reads them for all four kinds at once
 * ({@link ElbReads}). Tags are set on create (the API's Tags), repaired with AddTags.
 */
abstract class ElbKind<D> implements ResourceKind<D> {

    /** DescribeTags accepts at most this many ARNs per call. */
    static final int TAGS_PER_CALL = 20;

    /**
     * Page size of every ELBv2 listing: the API's maximum, so one call reads a listener's
     * rules however many the config has (100 per load balancer by default) instead of one
     * call per page of a smaller default (moto's is 50).
     */
    static final int PAGE_SIZE = 400;

    protected final ElasticLoadBalancingV2Client elb;
    protected final Ownership owner;

    protected ElbKind(ElasticLoadBalancingV2Client elb, Ownership owner) {
        this.elb = elb;
        this.owner = owner;
    }

    /** Tags of many resources, 20 ARNs per DescribeTags call. */
    protected Map<String, Map<String, String>> tagsOf(Collection<String> arns) {
        return ElbReads.tagsOf(elb, new ArrayList<>(arns));
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
