package dev.hackathon.infra.engine;

/**
 * Delays between polls or retries: start at about a second, double, cap at about ten.
 * Never a fixed 15-30 s waiter sleep.
 */
public record Backoff(long initialMillis, long maxMillis) {

    public static final Backoff DEFAULT = new Backoff(1_000, 10_000);

    public long delay(int attempt) {
        long d = initialMillis;
        for (int i = 1; i < attempt && d < maxMillis; i++) {
            d *= 2;
        }
        return Math.min(d, maxMillis);
    }
}
