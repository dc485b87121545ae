package dev.hackathon.infra.engine;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Compares the graph with a snapshot and decides, once, what happens to every resource: the
 * graph's keys ({@link Decider}), then what the stack owns beyond them: orphans (ours, no
 * longer in the config) and copies of one key (a lost create's twin). Changes nothing.
 */
public final class Planner {

    private final Function<String, Map<String, String>> tagsForKey;

    public Planner(Function<String, Map<String, String>> tagsForKey) {
        this.tagsForKey = tagsForKey;
    }

    /** What {@code up} would do: create, update, replace, or delete (orphans and copies). */
    public Plan plan(Graph graph, Snapshot snapshot) {
        Context ctx = new SnapshotContext(snapshot::find, tagsForKey);
        Entries out = new Entries(graph, snapshot, false);
        Set<String> recreated = new HashSet<>();
        for (String key : graph.topologicalOrder()) {
            Node node = graph.node(key);
            Decision d = Decider.decide(node, snapshot.find(key).orElse(null), ctx, recreated::contains);
            if (d.action() == PlannedChange.Action.CREATE || d.action() == PlannedChange.Action.REPLACE) {
                recreated.add(key);
            }
            out.add(key, key, node.kind(), node, d, false);
        }
        out.orphans(List.of(new Change("config", "present", "absent")));
        out.copies(List.of(new Change("copies", "2+", "1")));
        return out.plan();
    }

    /** What {@code down} would delete: everything the stack owns, dependents first. */
    public Plan planDown(Graph graph, Snapshot snapshot) {
        Entries out = new Entries(graph, snapshot, true);
        out.copies(List.of());
        out.orphans(List.of());
        List<String> order = new ArrayList<>(graph.topologicalOrder());
        Collections.reverse(order);
        for (String key : order) {
            Node node = graph.node(key);
            Observed o = snapshot.find(key).orElse(null);
            out.add(key, key, node.kind(), node, Decider.delete(node.kind(), o, List.of()), false);
        }
        return out.plan();
    }

    /** The plan's lines and units of work as they are decided. */
    private static final class Entries {
        final Graph graph;
        final Snapshot snapshot;
        final boolean forDown;
        final Map<String, ResourceKind<?>> graphKinds = new HashMap<>();
        final List<PlannedChange> lines = new ArrayList<>();
        final List<Work> work = new ArrayList<>();

        Entries(Graph graph, Snapshot snapshot, boolean forDown) {
            this.graph = graph;
            this.snapshot = snapshot;
            this.forDown = forDown;
            graph.kinds().forEach(k -> graphKinds.put(k.name(), k));
        }

        void add(String id, String key, ResourceKind<?> kind, Node node, Decision d, boolean duplicate) {
            Observed about = d.current() != null ? d.current() : node == null ? null : snapshot.find(key).orElse(null);
            if (node == null || about != null || d.action() != PlannedChange.Action.DELETE) { // down: absent, nothing to show
                lines.add(new PlannedChange(d.action(), key, kind.name(), kind.label(), about == null ? null : about.id(),
                        d.changes()));
            }
            work.add(new Work(id, key, kind, node, d, duplicate));
        }

        /** Ours, not in the config: deleted by the graph's kind of that name where there is one (it has the run's settings). */
        void orphans(List<Change> why) {
            for (String orphan : snapshot.orphans(graph)) {
                ResourceKind<?> kind = kindOf(snapshot.kindOf(orphan));
                add("orphan:" + orphan, orphan, kind, null, Decider.delete(kind, snapshot.find(orphan).orElseThrow(), why),
                        false);
            }
        }

        /** Copies of a key beyond the one kept ({@link Snapshot#duplicates}). */
        void copies(List<Change> why) {
            for (Observed dup : snapshot.duplicates()) {
                ResourceKind<?> kind = kindOf(snapshot.kindOf(dup));
                add("copy:" + dup.key() + "#" + dup.id(), dup.key(), kind, null, Decider.delete(kind, dup, why), true);
            }
        }

        ResourceKind<?> kindOf(String name) {
            return graphKinds.getOrDefault(name, snapshot.kind(name));
        }

        Plan plan() {
            return new Plan(lines, graph, snapshot, work, forDown);
        }
    }
}
