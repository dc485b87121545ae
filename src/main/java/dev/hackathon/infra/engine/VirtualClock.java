package dev.hackathon.infra.engine;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A clock that only moves when the executor has nothing left to do but wait: then it
 * jumps straight to the next deadline. Deterministic as long as actions themselves
 * take no virtual time.
 */
public final class VirtualClock implements Clock {

    private final AtomicLong now;

    public VirtualClock(long startMillis) {
        this.now = new AtomicLong(startMillis);
    }

    public VirtualClock() {
        this(0);
    }

    @Override
    public long nowMillis() {
        return now.get();
    }

    public void advance(long millis) {
        now.addAndGet(millis);
    }

    @Override
    public <T> T await(BlockingQueue<T> events, long deadlineMillis, boolean workInFlight) throws InterruptedException {
        T event = events.poll();
        if (event != null) {
            return event;
        }
        if (workInFlight) {
            return events.take();
        }
        if (deadlineMillis == Long.MAX_VALUE) {
            throw new IllegalStateException("virtual clock: nothing in flight and nothing scheduled");
        }
        now.accumulateAndGet(deadlineMillis, Math::max);
        return null;
    }

    @Override
    public void sleep(long millis) {
        now.addAndGet(millis);
    }
}
