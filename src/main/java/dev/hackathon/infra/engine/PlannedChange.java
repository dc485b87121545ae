package dev.hackathon.infra.engine;

import java.util.List;

/** One line of a plan: what would happen to one resource, and why. */
public record PlannedChange(Action action, String key, String kind, String label, String id, List<Change> changes) {

    public PlannedChange {
        changes = List.copyOf(changes);
    }

    public enum Action {
        CREATE("+"), UPDATE("~"), REPLACE("-/+"), DELETE("-"), NONE(" ");

        private final String mark;

        Action(String mark) {
            this.mark = mark;
        }

        public String mark() {
            return mark;
        }
    }
}
