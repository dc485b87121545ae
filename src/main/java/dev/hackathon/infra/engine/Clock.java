package dev.hackathon.infra.engine;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Time for the engine. The executor never sleeps: it waits on its event queue until a
 * deadline, and the clock decides what waiting means. The system clock really waits;
 * {@link VirtualClock} jumps to the deadline when no work is in flight, so tests and the
 * scheduling benchmark run minutes of AWS time in milliseconds.
 */
public interface Clock {

    long nowMillis();

    /**
     * Takes the next event, or returns null once {@code deadlineMillis} has come.
     * {@code workInFlight} says whether an event may still arrive from a worker.
     */
    <T> T await(BlockingQueue<T> events, long deadlineMillis, boolean workInFlight) throws InterruptedException;

    /** Blocks the calling thread for a while (only for code outside the executor's loop). */
    void sleep(long millis) throws InterruptedException;

    Clock SYSTEM = new Clock() {
        @Override
        public long nowMillis() {
            return System.currentTimeMillis();
        }

        @Override
        public <T> T await(BlockingQueue<T> events, long deadlineMillis, boolean workInFlight) throws InterruptedException {
            long wait = deadlineMillis - nowMillis();
            if (deadlineMillis == Long.MAX_VALUE) {
                return events.take();
            }
            return wait <= 0 ? events.poll() : events.poll(wait, TimeUnit.MILLISECONDS);
        }

        @Override
        public void sleep(long millis) throws InterruptedException {
            Thread.sleep(millis);
        }
    };
}
