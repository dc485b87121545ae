package dev.hackathon.infra.resources.data;

import static dev.hackathon.infra.aws.AwsErrors.ignoringNotFound;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import dev.hackathon.infra.aws.AwsErrors;
import dev.hackathon.infra.engine.Change;
import dev.hackathon.infra.engine.Context;
import dev.hackathon.infra.engine.Discovery;
import dev.hackathon.infra.engine.Observed;
import dev.hackathon.infra.engine.Policy;
import dev.hackathon.infra.engine.Status;
import dev.hackathon.infra.engine.ResourceKind;
import dev.hackathon.infra.resources.Ownership;
import dev.hackathon.infra.resources.TagDrift;
import software.amazon.awssdk.services.elasticache.ElastiCacheClient;
import software.amazon.awssdk.services.elasticache.model.CacheCluster;
import software.amazon.awssdk.services.elasticache.model.Endpoint;
import software.amazon.awssdk.services.elasticache.model.ModifyReplicationGroupRequest;
import software.amazon.awssdk.services.elasticache.model.ReplicationGroup;
import software.amazon.awssdk.services.elasticache.model.SecurityGroupMembership;

/**
 * The cache: a Valkey (default) or Redis OSS replication group of one node, in the data
 * subnets, reachable only through the cache security group, encrypted in transit and at
 * rest. Creating takes 6-12 minutes and deleting about as long; while it deletes, its
 * subnet group and security group stay in use, so {@code down} waits until it is gone.
 */
public final class ReplicationGroups implements ResourceKind<ReplicationGroups.Spec> {

    public record Spec(String engine, String nodeType, String subnetGroupKey, String securityGroupKey) {
    }

    /**
     * What discovery knows of one group. DescribeReplicationGroups does not return the
     * security groups; they sit on the member clusters ({@code securityGroupIds} null when
     * no member cluster is listed, e.g. on emulators, and then not compared).
     */
    public record CacheGroup(ReplicationGroup group, Set<String> securityGroupIds) {
    }

    /** The stack's one cache. */
    public static final String MAIN = "cache/main";
    public static final String OUT_ENDPOINT = "cache.endpoint";
    private static final String AVAILABLE = "available";
    private static final Duration BUSY_WINDOW = Duration.ofMinutes(30);

    private final ElastiCacheClient cache;
    private final Ownership owner;

    public ReplicationGroups(ElastiCacheClient cache, Ownership owner) {
        this.cache = cache;
        this.owner = owner;
    }

    @Override
    public String name() {
        return "cache";
    }

    @Override
    public String label() {
        return "cache";
    }

    @Override
    public Set<String> dependsOnKinds() {
        return Set.of("sg", "cache-subnet-group");
    }

    /**
     * DescribeReplicationGroups has no tag filter and returns no tags: one paginated listing
     * kept to this kind's deterministic ids ({@code <stack>-cache-...}), ListTagsForResource
     * on each of those few (normally one) to confirm the stack tag, and, only when one is
     * ours, one paginated DescribeCacheClusters for the member clusters' security groups.
     */
    @Override
    public List<Observed> discover(Discovery discovery) {
        String prefix = owner.name(name() + "/");
        Map<ReplicationGroup, Map<String, String>> ours = DataApi.ownedByNameThenTags(
                cache.describeReplicationGroupsPaginator(r -> { }).replicationGroups().stream(),
                ReplicationGroup::replicationGroupId, prefix,
                this::tagsOf, owner);
        if (ours.isEmpty()) {
            return List.of();
        }
        Map<String, Set<String>> groupsByReplicationGroup = new HashMap<>();
        cache.describeCacheClustersPaginator(r -> { }).cacheClusters().stream()
                .filter(c -> c.replicationGroupId() != null && c.replicationGroupId().startsWith(prefix))
                .forEach(c -> groupsByReplicationGroup.computeIfAbsent(c.replicationGroupId(), k -> new TreeSet<>())
                        .addAll(securityGroupIds(c)));
        List<Observed> out = new ArrayList<>();
        ours.forEach((g, tags) -> out.add(observed(new CacheGroup(g, groupsByReplicationGroup.get(g.replicationGroupId())), tags)));
        return out;
    }

    /**
     * A group's tags, or, while it is not {@code available} (creating, modifying, deleting:
     * ElastiCache then refuses every tag call with InvalidReplicationGroupState), what its name
     * says: the id derived from our key is ours (the tags are confirmed once it is available);
     * any other is left out until then. So one busy group never makes discovery fail.
     */
    private Map<String, String> tagsOf(ReplicationGroup g) {
        try {
            return DataApi.fromCache(cache.listTagsForResource(r -> r.resourceName(g.arn())).tagList());
        } catch (RuntimeException e) {
            if (!AwsErrors.hasCode(e, "InvalidReplicationGroupState", "InvalidCacheClusterState")) {
                throw e;
            }
            return g.replicationGroupId().equals(owner.name(MAIN))
                    ? Map.of(Ownership.STACK_TAG, owner.stack(), Ownership.KEY_TAG, MAIN) : Map.of();
        }
    }

    private static List<String> securityGroupIds(CacheCluster c) {
        return c.securityGroups().stream().map(SecurityGroupMembership::securityGroupId).toList();
    }


    private Observed observed(CacheGroup c, Map<String, String> tags) {
        ReplicationGroup g = c.group();
        Map<String, String> outputs = new LinkedHashMap<>();
        Endpoint e = endpoint(g);
        if (e != null && e.address() != null) {
            outputs.put(OUT_ENDPOINT, e.address() + (e.port() == null ? "" : ":" + e.port()));
        }
        return new Observed(owner.keyOf(tags), g.replicationGroupId(), g.status(), tags, outputs, c);
    }

    /** The primary endpoint of the (single) node group; the configuration endpoint in cluster mode. */
    private static Endpoint endpoint(ReplicationGroup g) {
        if (g.configurationEndpoint() != null) {
            return g.configurationEndpoint();
        }
        return g.nodeGroups().stream().map(n -> n.primaryEndpoint()).filter(e -> e != null).findFirst().orElse(null);
    }

    @Override
    public Observed create(String key, Spec spec, Context ctx) {
        String sg = ctx.id(spec.securityGroupKey());
        ReplicationGroup g = cache.createReplicationGroup(r -> r.replicationGroupId(owner.name(key))
                .replicationGroupDescription("hackathon-infra " + owner.stack() + " " + key)
                .engine(spec.engine())
                .cacheNodeType(spec.nodeType())
                .numCacheClusters(1)
                .automaticFailoverEnabled(false)
                .multiAZEnabled(false)
                .transitEncryptionEnabled(true)
                .atRestEncryptionEnabled(true)
                .securityGroupIds(sg)
                .cacheSubnetGroupName(ctx.id(spec.subnetGroupKey()))
                .autoMinorVersionUpgrade(true)
                .tags(DataApi.cache(key, ctx))).replicationGroup();
        return observed(new CacheGroup(g, Set.of(sg)), ctx.tags(key));
    }

    @Override
    public List<Change> diff(String key, Spec spec, Observed actual, Context ctx) {
        CacheGroup c = actual.raw(CacheGroup.class);
        ReplicationGroup g = c.group();
        List<Change> out = new ArrayList<>();
        if (g.engine() != null && !spec.engine().equalsIgnoreCase(g.engine())) {
            out.add(new Change("engine", g.engine(), spec.engine()));
        }
        if (!spec.nodeType().equals(g.cacheNodeType())) {
            out.add(new Change("nodeType", g.cacheNodeType(), spec.nodeType()));
        }
        if (!Boolean.TRUE.equals(g.transitEncryptionEnabled())) {
            out.add(Change.security("transitEncryption", g.transitEncryptionEnabled(), true));
        }
        if (!Boolean.TRUE.equals(g.atRestEncryptionEnabled())) {
            out.add(Change.security("atRestEncryption", g.atRestEncryptionEnabled(), true));
        }
        if (c.securityGroupIds() != null) {
            String want = ctx.idOrUnknown(spec.securityGroupKey());
            if (!c.securityGroupIds().equals(Set.of(want))) {
                out.add(Change.security("securityGroups", new TreeSet<>(c.securityGroupIds()), Set.of(want)));
            }
        }
        if (AVAILABLE.equals(g.status())) {
            // Only then are its tags known (and repairable): tag calls are refused in every other state.
            out.addAll(TagDrift.diff(actual.tags(), ctx.tags(key)));
        }
        return out;
    }

    /**
     * Encryption at rest cannot be turned on in place, in transit only through a multi-step
     * migration, and Valkey cannot go back to Redis: a new group replaces it (a cache holds
     * nothing that cannot be rebuilt; the plan shows the replacement). 6-12 minutes to be ready
     * on AWS; listed "deleting" until it is gone, its subnet group and group in use meanwhile.
     * It holds data: a second cache of the key is reported, never deleted. Modifying or
     * snapshotting, it refuses ModifyReplicationGroup: retried.
     */
    @Override
    public Policy policy() {
        return Policy.DEFAULT.readyWithin(Duration.ofMinutes(45)).waitingUntilGone().keepingDuplicates()
                .forcingNewOn("engine", "transitEncryption", "atRestEncryption")
                .retrying("InvalidReplicationGroupState", BUSY_WINDOW);
    }

    @Override
    public Observed update(String key, Spec spec, Observed actual, List<Change> changes, Context ctx) {
        CacheGroup c = actual.raw(CacheGroup.class);
        ReplicationGroup g = c.group();
        Set<String> groups = c.securityGroupIds();
        ModifyReplicationGroupRequest.Builder m = ModifyReplicationGroupRequest.builder()
                .replicationGroupId(actual.id()).applyImmediately(true);
        boolean modify = false;
        if (changes.stream().anyMatch(x -> x.field().equals("nodeType"))) {
            m.cacheNodeType(spec.nodeType());
            modify = true;
        }
        if (changes.stream().anyMatch(x -> x.field().equals("securityGroups"))) {
            String sg = ctx.id(spec.securityGroupKey());
            m.securityGroupIds(sg);
            groups = Set.of(sg);
            modify = true;
        }
        if (modify) {
            g = cache.modifyReplicationGroup(m.build()).replicationGroup();
        }
        if (TagDrift.anyTags(changes) && AVAILABLE.equals(c.group().status())) {
            String arn = c.group().arn();
            cache.addTagsToResource(r -> r.resourceName(arn).tags(DataApi.cache(key, ctx)));
        }
        return observed(new CacheGroup(g, groups), ctx.tags(key));
    }

    @Override
    public void delete(Observed actual, Context ctx) {
        ignoringNotFound(() -> cache.deleteReplicationGroup(r -> r.replicationGroupId(actual.id())
                .retainPrimaryCluster(false)));
    }

    /** Deleting takes minutes, and the group's id is not free meanwhile (ReplicationGroupAlreadyExists). */
    @Override
    public Status state(Observed o) {
        String s = o.state() == null ? "" : o.state();
        return switch (s) {
            case AVAILABLE -> Status.READY;
            case "create-failed" -> Status.failed(null);
            case "deleting" -> Status.DELETING;
            default -> Status.PENDING; // creating, modifying, snapshotting
        };
    }
}
