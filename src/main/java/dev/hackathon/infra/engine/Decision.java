package dev.hackathon.infra.engine;

import java.util.List;

/**
 * What to do with one desired resource, given what exists: the one answer both {@code plan}
 * (to show it) and {@code up} (to walk its {@link #steps}) get from {@link Decider}.
 * {@code current}: the resource the decision was made about: null for a create, except for
 * a create that first waits for the key's old resource to go ({@link #waitsForOldOne}).
 */
public record Decision(PlannedChange.Action action, Observed current, List<Change> changes, List<Phase> steps) {

    public Decision {
        changes = List.copyOf(changes);
        steps = List.copyOf(steps);
    }

    /**
     * A create of a key whose resource is still being deleted ({@link Status#isDeleting}):
     * the run waits until {@code current} is gone, then creates. Not destructive: it was
     * already on its way out.
     */
    public boolean waitsForOldOne() {
        return action == PlannedChange.Action.CREATE && current != null;
    }

    public boolean destructive() {
        return action == PlannedChange.Action.REPLACE || action == PlannedChange.Action.DELETE;
    }
}
