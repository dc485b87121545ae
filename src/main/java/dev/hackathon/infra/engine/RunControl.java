package dev.hackathon.infra.engine;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * What outside the engine may tell a run while it goes (pulumi's cancellation context):
 * {@link #stop} (a signal) means start no new work, let the calls in flight finish, and
 * return; {@link #beforeMutation} is asked on the worker right before every create, update
 * or delete call and throws to refuse it (a lock whose lease may have lapsed).
 */
public final class RunControl {

    /** Thrown by a guard: the run must not make another change. */
    public static class MutationRefused extends RuntimeException {
        public MutationRefused(String message) {
            super(message);
        }
    }

    private final Runnable guard;
    private final List<Runnable> onStop = new CopyOnWriteArrayList<>();
    private volatile String stopReason;
    /** A walk is making (or may make) calls: a stop must let it wind down rather than exit. */
    private boolean walking;

    public RunControl(Runnable guard) {
        this.guard = guard;
    }

    public static RunControl unguarded() {
        return new RunControl(() -> { });
    }

    /** Asks the run to stop; safe from any thread (a signal handler), idempotent. */
    public void stop(String reason) {
        if (stopReason == null) {
            stopReason = reason;
            onStop.forEach(Runnable::run);
        }
    }

    /**
     * A stop that may end the process at once: stops the run (so no walk starts after it) and
     * says whether nothing is in flight, which is when there is nothing to wait for: the
     * command is reading, planning or asking, and has made no change it would have to finish.
     */
    public synchronized boolean stopIfIdle(String reason) {
        stop(reason);
        return !walking;
    }

    /** The executor's walk begins; false when a stop came first, and then nothing may start. */
    synchronized boolean beginWalk() {
        walking = !stopped();
        return walking;
    }

    synchronized void endWalk() {
        walking = false;
    }

    public boolean stopped() {
        return stopReason != null;
    }

    public String stopReason() {
        return stopReason;
    }

    void onStop(Runnable wake) {
        onStop.add(wake);
        if (stopped()) {
            wake.run();
        }
    }

    void beforeMutation() {
        guard.run();
    }
}
