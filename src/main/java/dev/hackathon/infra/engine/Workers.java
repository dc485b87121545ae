package dev.hackathon.infra.engine;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Function;

/**
 * A run's bounded pool of worker threads (default 8): every AWS call runs here, and whatever it
 * ends with, answer or error, comes back to the coordinator as one {@link Completion} on one queue.
 */
final class Workers {

    final BlockingQueue<Completion> completions = new LinkedBlockingQueue<>();
    private final ExecutorService pool;
    private int inFlight;

    Workers(int parallelism) {
        pool = Executors.newFixedThreadPool(Math.max(1, parallelism), r -> {
            Thread t = new Thread(r, "hackathon-infra-worker");
            t.setDaemon(true);
            return t;
        });
    }

    /** Runs {@code call}; an error becomes {@code onError}'s completion. */
    <T extends Completion> void submit(Callable<T> call, Function<Throwable, Completion> onError) {
        inFlight++;
        pool.execute(() -> {
            try {
                completions.add(call.call());
            } catch (Throwable e) {
                completions.add(onError.apply(e));
            }
        });
    }

    /** A completion from a worker was taken off the queue (coordinator thread). */
    void returned() {
        inFlight--;
    }

    int inFlight() {
        return inFlight;
    }

    void shutdown() {
        pool.shutdownNow();
    }
}
