package dev.hackathon.infra.engine;

import java.time.Duration;

/**
 * The one place a run reads what an error means ({@link ErrorClass}: the engine's own errors
 * here, the rest by the run's {@link ErrorClassifier}) and how long to keep trying: per error,
 * its class's window (the one table; the kind's own codes from its policy), a delete's capped
 * by the run's delete deadline; per step, how long to wait until ready (the kind's
 * {@link Policy#readyTimeout}) or gone (the delete timeout).
 */
final class RetryWindows {

    private final RunSettings settings;
    private final long runStartedAt;

    RetryWindows(RunSettings settings, long runStartedAt) {
        this.settings = settings;
        this.runStartedAt = runStartedAt;
    }

    ErrorClass classify(Throwable error, Phase step, Policy policy) {
        if (error instanceof RunControl.MutationRefused) {
            return ErrorClass.REFUSED;
        }
        if (error instanceof StepCalls.StepFailed) {
            return ErrorClass.PERMANENT;
        }
        return error instanceof StepCalls.NotListedYet ? ErrorClass.LOST_ANSWER
                : settings.classifier().classify(error, step, policy);
    }

    /** How long after {@code since} (the step's first error) an error of this class is retried. */
    Duration window(ErrorClass c, Phase step, Policy policy, Throwable error, long since) {
        Duration w = c.window(policy, settings.classifier().code(error));
        if (step == Phase.DELETE) {
            Duration left = Duration.ofMillis(runStartedAt + settings.deleteTimeout().toMillis() - since);
            return w.compareTo(left) <= 0 ? w : left;
        }
        return w;
    }

    /** How long an item may wait in this step (WAIT_READY or WAIT_GONE). */
    Duration waitTimeout(Policy policy, Phase step) {
        return step == Phase.WAIT_GONE ? settings.deleteTimeout() : policy.readyTimeout(settings.readyTimeout());
    }
}
