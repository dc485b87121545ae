package dev.hackathon.infra.engine;

import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

/**
 * The WAIT_READY and WAIT_GONE steps: whether the very resource an item waits for (by id) is
 * ready, failed or gone, from what the run knows or from its kind's one poll
 * ({@link PollScheduler}), and when a wait has lasted longer than its timeout. What follows is
 * the {@link Executor}'s.
 */
final class Waits {

    /** What the executor does as waits start and end (coordinator thread). */
    interface Steps {
        void over(Item item);

        void failed(Item item, Throwable why, ErrorClass c);

        /** A poll failed with an error that passes: shown, the wait goes on. */
        void retrying(Item item, Throwable error);

        void waiting(Item item, Observed about);
    }

    private final Clock clock;
    private final RetryWindows windows;
    private final Known known;
    private final PollScheduler polls;
    private final Steps steps;

    /** {@code read}: starts a kind's one read on a worker; its answer comes back to {@link #polled}. */
    Waits(Clock clock, Backoff backoff, Timers timers, RetryWindows windows, Known known,
          Consumer<ResourceKind<?>> read, Steps steps) {
        this.clock = clock;
        this.windows = windows;
        this.known = known;
        this.polls = new PollScheduler(clock, backoff, timers, read);
        this.steps = steps;
    }

    /** The item's wait step: over at once when the resource is ready already (or failed), else polled. */
    void start(Item i) {
        Observed about = watched(i);
        if (i.current() == Phase.WAIT_READY && end(i, about)) {
            return;
        }
        i.since = clock.nowMillis();
        steps.waiting(i, about);
        polls.add(i);
    }

    /**
     * One read of a kind came back ({@code found}) or failed ({@code error}): every waiting item of
     * it moves on. True when the error ends the run.
     */
    boolean polled(String kind, List<Observed> found, Throwable error) {
        boolean fatal = false;
        for (Item i : polls.waiting(kind)) {
            ErrorClass c = error == null ? null : windows.classify(error, i.current(), i.policy());
            if (c != null && c.endsTheRun()) {
                polls.remove(i);
                steps.failed(i, error, c);
                fatal = true;
                continue;
            }
            if (c != null) { // not silent until the timeout: the person sees why it is not moving
                steps.retrying(i, error);
            } else if (end(i, found.stream().filter(x -> i.key().equals(x.key()) && watched(i).id().equals(x.id()))
                    .findFirst().orElse(null))) {
                continue;
            }
            Duration timeout = windows.waitTimeout(i.policy(), i.current());
            if (clock.nowMillis() - i.since >= timeout.toMillis()) {
                polls.remove(i);
                steps.failed(i, error != null ? error : new IllegalStateException("still not " + (i.current()
                        == Phase.WAIT_GONE ? "gone" : "ready") + " after " + timeout.toMinutes() + " min"), ErrorClass.PERMANENT);
            }
        }
        polls.readDone(kind);
        return fatal;
    }

    void clear() {
        polls.clear();
    }

    /** WAIT_READY: the resource the run converges; WAIT_GONE: the one that goes. */
    private Observed watched(Item i) {
        return i.current() == Phase.WAIT_READY ? known.get(i.key()) : i.work.target();
    }

    /** Ends the wait if what was read ({@code seen}; null: not listed) says it is over; true if it did. */
    private boolean end(Item i, Observed seen) {
        Status s = seen == null ? Status.GONE : i.kind().state(seen);
        boolean gone = i.current() == Phase.WAIT_GONE;
        if (!gone && seen != null) {
            known.put(i.key(), seen);
        }
        if (gone ? !s.isGone() : seen == null || s.kind() == Status.Kind.PENDING) {
            return false; // still there; or not listed yet, or still on its way
        }
        polls.remove(i);
        if (gone || s.isReady()) {
            steps.over(i);
        } else {
            // Failed, or deleted by someone else while it was waited for.
            steps.failed(i, new IllegalStateException(s.isFailed() ? s.describe(seen.state()) : seen.id()
                    + " went while waiting for it to be ready (" + s.describe(seen.state()) + ")"), ErrorClass.PERMANENT);
        }
        return true;
    }
}
