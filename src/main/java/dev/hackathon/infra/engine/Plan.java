package dev.hackathon.infra.engine;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Every resource with what {@code up} (or {@code down}) would do to it: what {@code plan} shows
 * ({@link #entries}), and, for a plan made by {@link Planner}, the steps the run walks, made from
 * the same decisions.
 */
public final class Plan {

    private final List<PlannedChange> entries;
    private final Graph graph;
    private final Snapshot snapshot;
    private final List<Work> work;
    private final boolean forDown;

    /** A plan to show only (a part of another one, for a confirmation); it cannot be run. */
    public Plan(List<PlannedChange> entries) {
        this(entries, null, null, List.of(), false);
    }

    Plan(List<PlannedChange> entries, Graph graph, Snapshot snapshot, List<Work> work, boolean forDown) {
        this.entries = List.copyOf(entries);
        this.graph = graph;
        this.snapshot = snapshot;
        this.work = List.copyOf(work);
        this.forDown = forDown;
    }

    public List<PlannedChange> entries() {
        return entries;
    }

    public List<PlannedChange> changes() {
        return entries.stream().filter(c -> c.action() != PlannedChange.Action.NONE).toList();
    }

    public boolean hasChanges() {
        return !changes().isEmpty();
    }

    /** The steps the run takes for {@code key} (its first unit of work: the node's own, else the first extra). */
    public List<Phase> steps(String key) {
        return work.stream().filter(w -> w.key().equals(key)).map(Work::steps).findFirst().orElse(List.of());
    }

    public Map<PlannedChange.Action, Integer> counts() {
        Map<PlannedChange.Action, Integer> counts = new EnumMap<>(PlannedChange.Action.class);
        for (PlannedChange.Action a : PlannedChange.Action.values()) {
            counts.put(a, 0);
        }
        entries.forEach(c -> counts.merge(c.action(), 1, Integer::sum));
        return counts;
    }

    /** "Plan: 3 to add, 1 to change, 0 to replace, 2 to destroy." as Terraform users read it. */
    public String summary() {
        Map<PlannedChange.Action, Integer> n = counts();
        return "Plan: " + n.get(PlannedChange.Action.CREATE) + " to add, " + n.get(PlannedChange.Action.UPDATE)
                + " to change, " + n.get(PlannedChange.Action.REPLACE) + " to replace, "
                + n.get(PlannedChange.Action.DELETE) + " to destroy.";
    }

    Graph graph() {
        return requireRunnable(graph);
    }

    Snapshot snapshot() {
        return requireRunnable(snapshot);
    }

    List<Work> work() {
        return work;
    }

    /** A plan of {@code down}: everything goes, dependents first. */
    boolean forDown() {
        return forDown;
    }

    private static <T> T requireRunnable(T part) {
        if (part == null) {
            throw new IllegalStateException("this plan was made to be shown, not run");
        }
        return part;
    }
}
