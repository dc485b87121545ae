package dev.hackathon.infra.engine;

import java.util.PriorityQueue;

/** The run's timers on its {@link Clock}: retries and polls, fired in due order, never a sleep. */
final class Timers {

    record Timer(long at, long seq, Runnable action) { }

    private final Clock clock;
    private final PriorityQueue<Timer> queue = new PriorityQueue<>((a, b) -> a.at != b.at
            ? Long.compare(a.at, b.at) : Long.compare(a.seq, b.seq));
    private long seq;

    Timers(Clock clock) {
        this.clock = clock;
    }

    Timer schedule(long delay, Runnable action) {
        Timer t = new Timer(clock.nowMillis() + delay, ++seq, action);
        queue.add(t);
        return t;
    }

    void cancel(Timer t) {
        queue.remove(t);
    }

    void cancelAll() {
        queue.clear();
    }

    boolean isEmpty() {
        return queue.isEmpty();
    }

    /** When the next timer is due; {@link Long#MAX_VALUE} when none is set. */
    long nextDeadline() {
        return queue.isEmpty() ? Long.MAX_VALUE : queue.peek().at();
    }

    void fireDue() {
        long now = clock.nowMillis();
        while (!queue.isEmpty() && queue.peek().at() <= now) {
            queue.poll().action().run();
        }
    }
}
