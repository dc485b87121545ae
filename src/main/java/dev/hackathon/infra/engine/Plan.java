package dev.hackathon.infra.engine;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** Every resource with what {@code up} (or {@code down}) would do to it. */
public record Plan(List<PlannedChange> entries) {

    public Plan {
        entries = List.copyOf(entries);
    }

    public List<PlannedChange> changes() {
        return entries.stream().filter(c -> c.action() != PlannedChange.Action.NONE).toList();
    }

    public boolean hasChanges() {
        return !changes().isEmpty();
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
}
