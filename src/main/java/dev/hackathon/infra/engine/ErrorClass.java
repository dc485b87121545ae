package dev.hackathon.infra.engine;

import java.time.Duration;

/**
 * What an error means for the step it ended, and how long the engine retries it: the one table
 * of retry windows. The SDK has already retried transport errors and throttling by then
 * ({@code aws/RetryPolicy}); everything else that is AWS being slow or not yet consistent is
 * retried here, by the engine, on timers (no worker ever sleeps), and nothing else retries.
 * An {@link ErrorClassifier} sorts errors into these classes.
 */
public enum ErrorClass {

    /** Credentials missing or expired: every further call fails alike. Ends the run. */
    CREDENTIALS(Duration.ZERO),
    /** The run must not make another change (a lock whose lease may have lapsed). Ends the run. */
    REFUSED(Duration.ZERO),
    /** Nothing that waiting mends: fails the step now. */
    PERMANENT(Duration.ZERO),
    /**
     * AWS answers that what the call makes is already there (InvalidPermission.Duplicate,
     * EntityAlreadyExists ...): an earlier attempt whose answer was lost did it. The step is
     * tried again reading first, and goes on from what it finds.
     */
    ALREADY_DONE(Duration.ofMinutes(5)),
    /** A server error or a dropped connection: the call may have run. A create looks the key up first. */
    LOST_ANSWER(Duration.ofMinutes(5)),
    /** Throttling that outlasted the SDK's retries: the call did not run. */
    THROTTLED(Duration.ofMinutes(5)),
    /**
     * Something made seconds ago is not known yet where this call asks (eventual consistency,
     * every service): a NotFound from a create or an update, a new instance profile RunInstances
     * refuses. terraform-provider-aws's ec2PropagationTimeout and iamPropagationTimeout.
     */
    NOT_YET_KNOWN(Duration.ofMinutes(2)),
    /** ELB does not know an instance that has only just started (InvalidTarget); terraform waits 10 minutes. */
    TARGET_NOT_YET_KNOWN(Duration.ofMinutes(10)),
    /**
     * A delete refused while something on its way out still holds the resource (a deleting NAT
     * gateway's interfaces): as long as a teardown may take, capped by the run's delete timeout.
     */
    HELD(Duration.ofHours(1)),
    /** One of the kind's own codes ({@link Policy#retryCodes}), for the window the kind gives it. */
    KIND_CODE(null);

    private final Duration window;

    ErrorClass(Duration window) {
        this.window = window;
    }

    /** The window of this class; for {@link #KIND_CODE} the kind's own for {@code code}. */
    public Duration window(Policy policy, String code) {
        return this == KIND_CODE ? policy.retryCodes().getOrDefault(code, Duration.ZERO) : window;
    }

    /** No further call may be made: the whole run stops. */
    public boolean endsTheRun() {
        return this == CREDENTIALS || this == REFUSED;
    }

    /** The call may have acted although it failed: the next attempt reads before it acts. */
    public boolean leavesDoubt() {
        return this == ALREADY_DONE || this == LOST_ANSWER;
    }

    /** How a failure past its window says what it waited for; empty when that says nothing new. */
    public String afterWindow(Duration waited) {
        return this == NOT_YET_KNOWN || this == TARGET_NOT_YET_KNOWN
                ? " (still not known after " + waited.toMinutes() + " min)" : "";
    }
}
