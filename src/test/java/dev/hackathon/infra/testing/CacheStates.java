package dev.hackathon.infra.testing;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

import software.amazon.awssdk.services.elasticache.model.CreateReplicationGroupResponse;
import software.amazon.awssdk.services.elasticache.model.DeleteReplicationGroupRequest;
import software.amazon.awssdk.services.elasticache.model.DescribeReplicationGroupsResponse;
import software.amazon.awssdk.services.elasticache.model.ModifyReplicationGroupRequest;
import software.amazon.awssdk.services.elasticache.model.ModifyReplicationGroupResponse;
import software.amazon.awssdk.services.elasticache.model.ReplicationGroup;

/**
 * ElastiCache replication groups take time and refuse tag calls meanwhile, where moto makes a
 * group "available" at once and answers every call in every state (design.md §4,
 * terraform-provider-aws #30444, #33859, #41416):
 *
 * <ul>
 * <li>After CreateReplicationGroup a group is {@code creating}, after ModifyReplicationGroup
 *     {@code modifying}, for the next {@link #BUSY_DESCRIBES} Describe answers that list it
 *     (whoever asks: the state is per moto server, so a second command sees the first one's
 *     group creating) within {@link #CREATING} of the injector's clock; the answers are
 *     rewritten to say so. After DeleteReplicationGroup it is {@code deleting} for the next
 *     {@link DeletingStates#SIGHTINGS} of the tool's listings (moto-server.py shows it once, then
 *     drops it; the layer lists it for the rest), whatever the clock.</li>
 * <li>ListTagsForResource, AddTagsToResource and RemoveTagsFromResource naming a group (or
 *     one of its member clusters, {@code <group>-001}) that is not {@code available} answer
 *     {@code InvalidReplicationGroupState}, "Cluster not in available state to perform
 *     tagging operations", and are not executed; DeleteReplicationGroup and
 *     ModifyReplicationGroup of a creating or modifying group answer InvalidReplicationGroupState;
 *     CreateReplicationGroup of a deleting group's id answers ReplicationGroupAlreadyExists.</li>
 * </ul>
 */
final class CacheStates {

    static final Duration CREATING = Duration.ofMinutes(3);
    static final int BUSY_DESCRIBES = 3;
    static final String NOT_AVAILABLE = "Cluster not in available state to perform tagging operations";

    /** Per moto server: a group's state is what every session at it sees. */
    private static final Map<URI, Map<String, Busy>> SERVERS = new ConcurrentHashMap<>();

    private static final class Busy {
        final String state;
        final long until;
        int describes;

        Busy(String state, long until, int describes) {
            this.state = state;
            this.until = until;
            this.describes = describes;
        }
    }

    private final Map<String, Busy> groups;
    /** The groups as last listed (per moto server), to list a deleting one moto has dropped. */
    private final Map<String, ReplicationGroup> lastSeen;
    private static final Map<URI, Map<String, ReplicationGroup>> LAST_SEEN = new ConcurrentHashMap<>();
    private final LongSupplier now;
    private final java.util.function.BooleanSupplier byTool;

    private CacheStates(Map<String, Busy> groups, Map<String, ReplicationGroup> lastSeen, AwsBehaviour.Lags lags) {
        this.groups = groups;
        this.lastSeen = lastSeen;
        this.now = lags.now();
        this.byTool = lags.byTool();
    }

    /** Forgets every group's state (moto was reset). */
    static void forget(URI server) {
        SERVERS.remove(server);
        LAST_SEEN.remove(server);
    }

    static void install(AwsBehaviour.Lags lags, URI server) {
        FaultInjector faults = lags.faults();
        LongSupplier now = lags.now();
        CacheStates c = new CacheStates(SERVERS.computeIfAbsent(server, s -> new ConcurrentHashMap<>()),
                LAST_SEEN.computeIfAbsent(server, s -> new ConcurrentHashMap<>()), lags);
        faults.rewriteAnswer("elasticache:CreateReplicationGroup", (q, a) -> {
            CreateReplicationGroupResponse r = (CreateReplicationGroupResponse) a;
            String id = r.replicationGroup().replicationGroupId();
            c.groups.put(id, new Busy("creating", now.getAsLong() + CREATING.toMillis(), BUSY_DESCRIBES));
            return r.toBuilder().replicationGroup(r.replicationGroup().toBuilder().status("creating").build()).build();
        });
        faults.rewriteAnswer("elasticache:ModifyReplicationGroup", (q, a) -> {
            ModifyReplicationGroupResponse r = (ModifyReplicationGroupResponse) a;
            String id = ((ModifyReplicationGroupRequest) q).replicationGroupId();
            c.groups.put(id, new Busy("modifying", now.getAsLong() + CREATING.toMillis(), BUSY_DESCRIBES));
            return r.replicationGroup() == null ? r
                    : r.toBuilder().replicationGroup(r.replicationGroup().toBuilder().status("modifying").build()).build();
        });
        // On the answer, not after the call: a process that dies right after its delete still began it.
        faults.rewriteAnswer("elasticache:DeleteReplicationGroup", (q, a) -> {
            c.groups.put(((DeleteReplicationGroupRequest) q).replicationGroupId(),
                    new Busy("deleting", Long.MAX_VALUE, DeletingStates.SIGHTINGS));
            return a;
        });
        // A deleting group's id is not free: AWS refuses a new group of that id until it is gone.
        faults.on("elasticache:CreateReplicationGroup").standing()
                .routeIf(request -> c.byTool.getAsBoolean())
                .when(body -> c.deleting(FaultInjector.param(body, "ReplicationGroupId")))
                .error("ReplicationGroupAlreadyExists", 400, "Replication group already exists");
        faults.rewriteAnswer("elasticache:DescribeReplicationGroups", (q, a) -> c.rewrite(
                (software.amazon.awssdk.services.elasticache.model.DescribeReplicationGroupsRequest) q,
                (DescribeReplicationGroupsResponse) a));
        // Nor can a group be deleted or modified while it is being created or modified.
        for (String op : new String[] {"DeleteReplicationGroup", "ModifyReplicationGroup"}) {
            faults.on("elasticache:" + op).standing()
                    .routeIf(request -> c.byTool.getAsBoolean())
                    .when(body -> c.changing(FaultInjector.param(body, "ReplicationGroupId")))
                    .error("InvalidReplicationGroupState", 400, "Replication group must be in available state");
        }
        for (String op : new String[] {"ListTagsForResource", "AddTagsToResource", "RemoveTagsFromResource"}) {
            faults.on("elasticache:" + op).standing()
                    .routeIf(request -> c.byTool.getAsBoolean())
                    .when(body -> c.busy(FaultInjector.param(body, "ResourceName")))
                    .error("InvalidReplicationGroupState", 400, NOT_AVAILABLE);
        }
    }

    private synchronized DescribeReplicationGroupsResponse rewrite(
            software.amazon.awssdk.services.elasticache.model.DescribeReplicationGroupsRequest request,
            DescribeReplicationGroupsResponse answer) {
        answer.replicationGroups().forEach(g -> lastSeen.put(g.replicationGroupId(), g));
        if (!byTool.getAsBoolean()) {
            return answer; // the test's own look: what moto says
        }
        long t = now.getAsLong();
        java.util.Set<String> listed = new java.util.HashSet<>();
        java.util.List<ReplicationGroup> out = new java.util.ArrayList<>();
        for (ReplicationGroup g : answer.replicationGroups()) {
            listed.add(g.replicationGroupId());
            Busy b = groups.get(g.replicationGroupId());
            if (b != null && !b.state.equals("deleting") && (t >= b.until || b.describes <= 0)) {
                groups.remove(g.replicationGroupId());
                b = null;
            }
            if (b != null) {
                b.describes--;
            }
            out.add(b == null ? g : g.toBuilder().status(b.state).build());
        }
        // A deleting group moto already dropped (moto-server.py: one sighting) stays listed
        // "deleting" for the rest of its listings, as AWS lists it for minutes.
        if (answer.marker() == null) {
            for (Map.Entry<String, Busy> e : java.util.List.copyOf(groups.entrySet())) {
                String id = e.getKey();
                Busy b = e.getValue();
                ReplicationGroup last = lastSeen.get(id);
                if (!b.state.equals("deleting") || listed.contains(id)
                        || (request.replicationGroupId() != null && !request.replicationGroupId().equals(id))) {
                    continue;
                }
                if (last != null && b.describes-- > 0) {
                    out.add(last.toBuilder().status("deleting").build());
                } else {
                    groups.remove(id);
                    lastSeen.remove(id);
                }
            }
        }
        return answer.toBuilder().replicationGroups(out).build();
    }

    /** Whether the group is deleting: its id is not free for a new group meanwhile. */
    private synchronized boolean deleting(String id) {
        Busy b = id == null ? null : groups.get(id);
        return b != null && b.state.equals("deleting");
    }

    /** Whether the group is creating or modifying (not deleting: a second delete is moto-server.py's to refuse). */
    private synchronized boolean changing(String id) {
        Busy b = id == null ? null : groups.get(id);
        return b != null && !b.state.equals("deleting") && now.getAsLong() < b.until && b.describes > 0;
    }

    /** Whether an ARN names a group (or a member cluster {@code <group>-NNN}) that is not available. */
    private synchronized boolean busy(String arn) {
        if (arn == null) {
            return false;
        }
        String name = arn.substring(arn.lastIndexOf(':') + 1);
        for (Map.Entry<String, Busy> e : groups.entrySet()) {
            if (name.equals(e.getKey()) || name.startsWith(e.getKey() + "-0")) {
                Busy b = e.getValue();
                return b.state.equals("deleting") || (now.getAsLong() < b.until && b.describes > 0);
            }
        }
        return false;
    }
}
