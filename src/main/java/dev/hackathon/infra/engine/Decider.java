package dev.hackathon.infra.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

import dev.hackathon.infra.engine.PlannedChange.Action;

/**
 * The one place that decides what happens to a resource, and the steps that carry it out
 * (pulumi's step generator). {@link Planner} asks it for every key of the graph and for what
 * the stack owns beyond it; {@code plan} shows the answers, {@code up} and {@code down} walk
 * their steps ({@link Executor}), so the two never decide differently.
 *
 * <pre>
 * create                        [CREATE, WAIT_READY, UPDATE, WAIT_READY]
 * create, old one still leaving [WAIT_GONE, CREATE, WAIT_READY, UPDATE, WAIT_READY]
 * in sync                       [WAIT_READY]
 * update                        [UPDATE, WAIT_READY]
 * replace                       [DELETE, WAIT_GONE, CREATE, WAIT_READY, UPDATE, WAIT_READY]
 * delete                        [DELETE, WAIT_GONE]   ([WAIT_GONE] when already deleting)
 * </pre>
 * WAIT_GONE only for kinds whose policy waits until gone. The UPDATE after a create is the
 * diff against what exists once it is ready: the create makes the resource alone, the update
 * the rest (attributes, rules, associations), and calls nothing when that is in sync. An
 * UPDATE computes its changes when it runs, against the ids known then: a dependency made
 * anew during the run is followed without deciding anything again.
 */
public final class Decider {

    private Decider() {
    }

    /** {@code recreated}: keys created or replaced before this one in the plan. */
    public static Decision decide(Node node, Observed current, Context ctx, Predicate<String> recreated) {
        ResourceKind<?> kind = node.kind();
        Policy policy = kind.policy();
        Status status = current == null ? Status.GONE : kind.state(current);
        if (status.isGone()) {
            return new Decision(Action.CREATE, null, List.of(), creating(List.of()));
        }
        if (status.isDeleting()) {
            // Another run's delete (a cancelled down) is under way: nothing to diff or keep, and
            // the key's name or address is not free before it is gone.
            return new Decision(Action.CREATE, current, List.of(new Change("state", current.state(),
                    "gone, then created anew")), creating(List.of(Phase.WAIT_GONE)));
        }
        if (status.isFailed() && policy.replaceWhenFailed()) {
            return new Decision(Action.REPLACE, current, List.of(new Change("state",
                    status.describe(current.state()).substring("state ".length()), "made anew")), replacing(policy));
        }
        List<Change> changes = diff(node, current, ctx);
        if (changes.isEmpty() && node.dependsOn().stream().anyMatch(recreated)) {
            changes = List.of(Change.dependencyRecreated());
        }
        if (changes.isEmpty()) {
            return new Decision(Action.NONE, current, changes, List.of(Phase.WAIT_READY));
        }
        return policy.forcesNew(changes) ? new Decision(Action.REPLACE, current, changes, replacing(policy))
                : new Decision(Action.UPDATE, current, changes, List.of(Phase.UPDATE, Phase.WAIT_READY));
    }

    /** What to do with a resource the stack owns that goes: an orphan, a copy, or anything in {@code down}. */
    public static Decision delete(ResourceKind<?> kind, Observed target, List<Change> why) {
        if (target == null) {
            return new Decision(Action.DELETE, null, why, List.of()); // nothing there: deleting is done
        }
        if (kind.state(target).isDeleting()) {
            return new Decision(Action.DELETE, target, why, List.of(Phase.WAIT_GONE)); // another run's delete
        }
        return new Decision(Action.DELETE, target, why, deleting(kind.policy()));
    }

    private static List<Phase> creating(List<Phase> first) {
        List<Phase> steps = new ArrayList<>(first);
        steps.addAll(List.of(Phase.CREATE, Phase.WAIT_READY, Phase.UPDATE, Phase.WAIT_READY));
        return steps;
    }

    private static List<Phase> replacing(Policy policy) {
        return creating(deleting(policy));
    }

    private static List<Phase> deleting(Policy policy) {
        return policy.waitsUntilGone() ? List.of(Phase.DELETE, Phase.WAIT_GONE) : List.of(Phase.DELETE);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    static List<Change> diff(Node node, Observed observed, Context ctx) {
        ResourceKind kind = node.kind();
        return kind.diff(node.key(), node.desired(), observed, ctx);
    }
}
