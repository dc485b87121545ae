package dev.hackathon.infra.engine;

import java.time.Duration;

/**
 * The one place a run reads how long to keep trying: per error, the larger of the kind's own
 * window for that phase ({@link ResourceKind#retryWindow}) and the engine-wide window for
 * passing errors (throttling, a lost answer), a delete's retries capped by the run's delete
 * deadline; per kind and phase, how long to wait until ready ({@link ResourceKind#readyTimeout})
 * or gone.
 */
final class RetryWindows {

    private final RunSettings settings;
    private final long runStartedAt;

    RetryWindows(RunSettings settings, long runStartedAt) {
        this.settings = settings;
        this.runStartedAt = runStartedAt;
    }

    /** Milliseconds after {@code firstErrorAt} during which the error is retried; 0 or less: fail now. */
    long retryLimit(ResourceKind<?> kind, Phase phase, Throwable error, long firstErrorAt) {
        Duration own = kind.retryWindow(error, phase);
        Duration passing = settings.passingErrors().apply(error);
        long limit = (own.compareTo(passing) >= 0 ? own : passing).toMillis();
        if (phase == Phase.DELETE) {
            limit = Math.min(limit, runStartedAt + settings.deleteTimeout().toMillis() - firstErrorAt);
        }
        return limit;
    }

    /** How long an item may wait in this phase (WAIT_READY or WAIT_GONE). */
    Duration waitTimeout(ResourceKind<?> kind, Phase phase) {
        return phase == Phase.WAIT_GONE ? settings.deleteTimeout() : kind.readyTimeout(settings.readyTimeout());
    }
}
