package dev.hackathon.infra.engine;

import java.util.List;
import java.util.Map;

/**
 * How a run ended: the state of every resource afterwards, the root-cause failures,
 * what was skipped because of them, what is left (for {@code down}), and counts.
 */
public record RunResult(Map<String, Observed> state, List<Failure> failures, List<String> skipped,
                        List<String> remaining, int created, int updated, int deleted,
                        long startedAtMillis, long finishedAtMillis, Map<String, PlannedChange.Action> decisions,
                        String stoppedBecause, List<String> unfinished) {

    /**
     * {@code decisions}: per key, what the run decided to do with it ({@link Decider}), the
     * same answer {@code plan} gives over the same state. {@code stoppedBecause}: set when a
     * signal stopped the run before the end; {@code unfinished}: what it left for the next run.
     */
    public boolean stopped() {
        return stoppedBecause != null;
    }

    public boolean succeeded() {
        return failures.isEmpty() && skipped.isEmpty() && stoppedBecause == null;
    }

    public long elapsedMillis() {
        return finishedAtMillis - startedAtMillis;
    }
}
