package dev.hackathon.infra.engine;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/** Compares the graph with a snapshot; changes nothing. */
public final class Planner {

    private final Function<String, Map<String, String>> tagsForKey;

    public Planner(Function<String, Map<String, String>> tagsForKey) {
        this.tagsForKey = tagsForKey;
    }

    /** What {@code up} would do: create, update, replace, or delete (orphans and copies). */
    public Plan plan(Graph graph, Snapshot snapshot) {
        Context ctx = new SnapshotContext(snapshot::find, tagsForKey);
        List<PlannedChange> out = new ArrayList<>();
        Set<String> recreated = new HashSet<>();
        for (String key : graph.topologicalOrder()) {
            Node node = graph.node(key);
            Observed o = snapshot.find(key).orElse(null);
            Decision d = Decider.decide(node, o, ctx, recreated::contains, true);
            if (d.action() == PlannedChange.Action.CREATE || d.action() == PlannedChange.Action.REPLACE) {
                recreated.add(key);
            }
            out.add(entry(d.action(), node.kind(), key, o == null ? null : o.id(), d.changes()));
        }
        for (String orphan : snapshot.orphans(graph)) {
            Observed o = snapshot.find(orphan).orElseThrow();
            out.add(new PlannedChange(PlannedChange.Action.DELETE, orphan, snapshot.kindOf(orphan),
                    labelOf(snapshot, snapshot.kindOf(orphan)), o.id(), List.of(new Change("config", "present", "absent"))));
        }
        for (Observed dup : snapshot.duplicates()) {
            out.add(new PlannedChange(PlannedChange.Action.DELETE, dup.key(), snapshot.kindOf(dup),
                    labelOf(snapshot, snapshot.kindOf(dup)), dup.id(), List.of(new Change("copies", "2+", "1"))));
        }
        return new Plan(out);
    }

    /** What {@code down} would delete: everything the stack owns, dependents first. */
    public Plan planDown(Graph graph, Snapshot snapshot) {
        List<PlannedChange> out = new ArrayList<>();
        for (Observed dup : snapshot.duplicates()) {
            out.add(new PlannedChange(PlannedChange.Action.DELETE, dup.key(), snapshot.kindOf(dup),
                    labelOf(snapshot, snapshot.kindOf(dup)), dup.id(), List.of()));
        }
        for (String orphan : snapshot.orphans(graph)) {
            out.add(new PlannedChange(PlannedChange.Action.DELETE, orphan, snapshot.kindOf(orphan),
                    labelOf(snapshot, snapshot.kindOf(orphan)), snapshot.find(orphan).orElseThrow().id(), List.of()));
        }
        List<String> order = new ArrayList<>(graph.topologicalOrder());
        java.util.Collections.reverse(order);
        for (String key : order) {
            snapshot.find(key).ifPresent(o -> out.add(entry(PlannedChange.Action.DELETE, graph.node(key).kind(), key,
                    o.id(), List.of())));
        }
        return new Plan(out);
    }

    private static PlannedChange entry(PlannedChange.Action a, ResourceKind<?> kind, String key, String id,
                                       List<Change> changes) {
        return new PlannedChange(a, key, kind.name(), kind.label(), id, changes);
    }

    private static String labelOf(Snapshot snapshot, String kindName) {
        ResourceKind<?> kind = snapshot.kind(kindName);
        return kind == null ? kindName : kind.label();
    }
}
