package dev.hackathon.infra.engine;

import java.util.List;

/**
 * One unit of a planned run: a key, its kind, the node it converges (null for what goes: an
 * orphan, a copy), the decision and its steps. Made once by {@link Planner}; the executor only
 * walks it.
 */
record Work(String id, String key, ResourceKind<?> kind, Node node, Decision decision, boolean duplicate) {

    /** The resource a DELETE or WAIT_GONE step is about: the one that goes, or the old one a create waits for. */
    Observed target() {
        return decision.current();
    }

    List<Phase> steps() {
        return decision.steps();
    }

    PlannedChange.Action action() {
        return decision.action();
    }

    boolean isExtra() {
        return node == null;
    }
}
