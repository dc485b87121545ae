package dev.hackathon.infra.engine;

import java.util.List;
import java.util.Map;

/**
 * How a run ended: the state of every resource afterwards, the root-cause failures,
 * what was skipped because of them, what is left (for {@code down}), and counts.
 */
public record RunResult(Map<String, Observed> state, List<Failure> failures, List<String> skipped,
                        List<String> remaining, int created, int updated, int deleted,
                        long startedAtMillis, long finishedAtMillis) {

    public boolean succeeded() {
        return failures.isEmpty() && skipped.isEmpty();
    }

    public long elapsedMillis() {
        return finishedAtMillis - startedAtMillis;
    }
}
