package dev.hackathon.infra.engine;

/**
 * Delays between retries and between polls. Never a fixed 15-30 s waiter sleep.
 *
 * <p>Retries of a failed call start at about a second and double up to a cap: an error that
 * passes passes soon, one that lasts is not hammered.
 *
 * <p>Polls of a waiting resource come a tenth of the time already waited apart, between
 * {@code pollFloorMillis} and {@code maxMillis}: a security group ready in 0.2 s is seen at
 * 0.5 s, a database ready after 40 s within 4 s of it, and a wait of minutes is read every
 * 10 s as before. What that costs (issue 16, docs/benchmarks.md): a resource ready after
 * 7 minutes is seen within 10 s and costs 74 reads instead of the 45 of a 1-2-4-8-10 s
 * back-off, the extra ones all in its first 100 s; one ready after 40 s is seen 0.7 s after
 * it instead of 5 s, with 32 reads instead of 7.
 */
public record Backoff(long initialMillis, long maxMillis, long pollFloorMillis) {

    public static final Backoff DEFAULT = new Backoff(1_000, 10_000);

    /** Retries from {@code initialMillis} doubling to {@code maxMillis}; polls no closer than half the first retry. */
    public Backoff(long initialMillis, long maxMillis) {
        this(initialMillis, maxMillis, initialMillis / 2);
    }

    /** The poll interval is this fraction (1/n) of the time already waited, within the bounds. */
    static final int WAITED_FRACTION = 10;

    /** Delay before retry number {@code attempt} (1 = the first retry). */
    public long delay(int attempt) {
        long d = initialMillis;
        for (int i = 1; i < attempt && d < maxMillis; i++) {
            d *= 2;
        }
        return Math.min(d, maxMillis);
    }

    /** Delay from now to the next poll of a resource that has been waited for {@code waitedMillis}. */
    public long pollDelay(long waitedMillis) {
        return Math.max(pollFloorMillis, Math.min(maxMillis, waitedMillis / WAITED_FRACTION));
    }
}
