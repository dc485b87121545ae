package dev.hackathon.infra.resources.data;

import static dev.hackathon.infra.aws.AwsErrors.ignoringNotFound;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import dev.hackathon.infra.engine.Change;
import dev.hackathon.infra.engine.Context;
import dev.hackathon.infra.engine.Discovery;
import dev.hackathon.infra.engine.Observed;
import dev.hackathon.infra.engine.ResourceKind;
import dev.hackathon.infra.resources.Ownership;
import dev.hackathon.infra.resources.TagDrift;
import software.amazon.awssdk.services.elasticache.ElastiCacheClient;
import software.amazon.awssdk.services.elasticache.model.CacheSubnetGroup;
import software.amazon.awssdk.services.elasticache.model.Subnet;

/**
 * The cache subnet group over the private data subnets. AWS refuses to delete it
 * (CacheSubnetGroupInUse) until the replication group that used it is fully gone, which
 * takes minutes after the delete call; {@code down} retries meanwhile.
 */
public final class CacheSubnetGroups implements ResourceKind<CacheSubnetGroups.Spec> {

    public record Spec(List<String> subnetKeys, String description) {
        public Spec {
            subnetKeys = List.copyOf(subnetKeys);
        }
    }

    private final ElastiCacheClient cache;
    private final Ownership owner;

    public CacheSubnetGroups(ElastiCacheClient cache, Ownership owner) {
        this.cache = cache;
        this.owner = owner;
    }

    @Override
    public String name() {
        return "cache-subnet-group";
    }

    @Override
    public String label() {
        return "cache subnet group";
    }

    @Override
    public Set<String> dependsOnKinds() {
        return Set.of("subnet");
    }

    /**
     * DescribeCacheSubnetGroups has neither a tag filter nor tags in its answer. One
     * paginated listing, kept to this kind's deterministic names ({@code <stack>-cache-subnet-group-...}),
     * then ListTagsForResource on each of those few (normally one) to confirm the stack tag.
     */
    @Override
    public List<Observed> discover(Discovery discovery) {
        String prefix = owner.name(name() + "/");
        List<Observed> out = new ArrayList<>();
        DataApi.ownedByNameThenTags(cache.describeCacheSubnetGroupsPaginator(r -> { }).cacheSubnetGroups().stream(),
                CacheSubnetGroup::cacheSubnetGroupName, prefix,
                g -> DataApi.fromCache(cache.listTagsForResource(r -> r.resourceName(g.arn())).tagList()), owner)
                .forEach((g, tags) -> out.add(observed(g, tags)));
        return out;
    }


    private Observed observed(CacheSubnetGroup g, Map<String, String> tags) {
        return new Observed(owner.keyOf(tags), g.cacheSubnetGroupName(), "available", tags, g);
    }

    @Override
    public Observed create(String key, Spec spec, Context ctx) {
        CacheSubnetGroup g = cache.createCacheSubnetGroup(r -> r.cacheSubnetGroupName(owner.name(key))
                .cacheSubnetGroupDescription(spec.description())
                .subnetIds(spec.subnetKeys().stream().map(ctx::id).toList())
                .tags(DataApi.cache(key, ctx))).cacheSubnetGroup();
        return observed(g, ctx.tags(key));
    }

    @Override
    public List<Change> diff(String key, Spec spec, Observed actual, Context ctx) {
        CacheSubnetGroup g = actual.raw(CacheSubnetGroup.class);
        List<Change> out = new ArrayList<>();
        Set<String> have = new TreeSet<>(g.subnets().stream().map(Subnet::subnetIdentifier).toList());
        Set<String> want = new TreeSet<>(spec.subnetKeys().stream().map(ctx::idOrUnknown).toList());
        if (!have.equals(want)) {
            out.add(new Change("subnets", have, want));
        }
        out.addAll(TagDrift.diff(actual.tags(), ctx.tags(key)));
        return out;
    }

    @Override
    public Observed update(String key, Spec spec, Observed actual, List<Change> changes, Context ctx) {
        CacheSubnetGroup g = actual.raw(CacheSubnetGroup.class);
        String arn = g.arn();
        if (changes.stream().anyMatch(c -> c.field().equals("subnets"))) {
            g = cache.modifyCacheSubnetGroup(r -> r.cacheSubnetGroupName(actual.id())
                    .subnetIds(spec.subnetKeys().stream().map(ctx::id).toList())).cacheSubnetGroup();
        }
        if (TagDrift.anyTags(changes)) {
            cache.addTagsToResource(r -> r.resourceName(arn).tags(DataApi.cache(key, ctx)));
        }
        return observed(g, ctx.tags(key));
    }

    /** Always called, also where an emulator lacks it: on AWS the group is otherwise left behind. */
    @Override
    public void delete(Observed actual, Context ctx) {
        ignoringNotFound(() -> cache.deleteCacheSubnetGroup(r -> r.cacheSubnetGroupName(actual.id())));
    }
}
