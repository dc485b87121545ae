package dev.hackathon.infra.engine;

import java.util.List;

/**
 * What to do with one desired resource, given what exists: the one answer both {@code plan}
 * (to show it) and {@code up} (to act on it) get from {@link Decider}.
 * {@code current}: the resource the decision was made about (null for a create).
 */
public record Decision(PlannedChange.Action action, Observed current, List<Change> changes) {

    public Decision {
        changes = List.copyOf(changes);
    }

    public boolean destructive() {
        return action == PlannedChange.Action.REPLACE || action == PlannedChange.Action.DELETE;
    }
}
