package dev.hackathon.infra.engine;

import java.util.List;
import java.util.function.Predicate;

/**
 * The one step that decides what happens to a desired resource: create it (absent or gone;
 * still being deleted: once it is gone, {@link Decision#waitsForOldOne}), nothing (in sync;
 * {@code up} still waits until it is ready), update it in place, or replace it.
 * {@link Planner} asks it over the discovered snapshot, {@link Executor} over the run's
 * results at the moment it acts, so {@code plan} and {@code up} cannot decide differently.
 */
public final class Decider {

    /** Stands for "a dependency is made anew": kinds that must follow it say so by replacing. */
    static final Change DEPENDENCY_RECREATED = new Change("(dependencies)", "old", "recreated");

    private Decider() {
    }

    /**
     * {@code recreated}: keys created or replaced before this one (in the plan, or so far in
     * the run). {@code planning}: a diff that fails cannot be exact yet (it needs a dependency
     * about to be made) and shows as a pending dependency change; at apply time it is an error.
     */
    public static Decision decide(Node node, Observed current, Context ctx, Predicate<String> recreated,
                                  boolean planning) {
        ResourceKind<?> kind = node.kind();
        if (current == null || kind.isGone(current)) {
            return new Decision(PlannedChange.Action.CREATE, null, List.of());
        }
        if (kind.isBeingDeleted(current)) {
            // Another run's delete (a cancelled down) is under way: nothing to diff or keep, and
            // the key's name or address is not free before it is gone.
            return new Decision(PlannedChange.Action.CREATE, current, List.of(oldOneLeaving(current)));
        }
        List<Change> changes;
        try {
            changes = diff(node, current, ctx);
        } catch (RuntimeException e) {
            if (!planning) {
                throw e;
            }
            changes = List.of(new Change("(dependencies)", "pending", "recreated"));
        }
        if (changes.isEmpty() && node.dependsOn().stream().anyMatch(recreated)
                && kind.requiresReplacement(List.of(DEPENDENCY_RECREATED))) {
            changes = List.of(DEPENDENCY_RECREATED);
        }
        PlannedChange.Action action = changes.isEmpty() ? PlannedChange.Action.NONE
                : kind.requiresReplacement(changes) ? PlannedChange.Action.REPLACE : PlannedChange.Action.UPDATE;
        return new Decision(action, current, changes);
    }

    /** What the plan shows for a create that waits: the old resource's state, and what follows. */
    static Change oldOneLeaving(Observed old) {
        return new Change("state", old.state(), "gone, then created anew");
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    static List<Change> diff(Node node, Observed observed, Context ctx) {
        ResourceKind kind = node.kind();
        return kind.diff(node.key(), node.desired(), observed, ctx);
    }
}
