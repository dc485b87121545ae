package dev.hackathon.infra.aws.ratelimit;

/**
 * A token bucket's size and refill, as this tool sets it for itself: always under what AWS
 * documents, so that every team of a fleet together stays inside AWS's own bucket and leaves
 * room for whatever else calls the account (the console, an organiser's scripts, a second run).
 *
 * @param capacity  the burst: tokens the bucket holds when full (it starts full)
 * @param perSecond tokens added back each second, up to the capacity
 */
record Rate(double capacity, double perSecond) {

    /**
     * The share of a documented bucket this tool takes: a fifth of each bucket is left to other
     * callers of the account, which AWS counts against the same bucket.
     */
    static final double SHARE = 0.8;

    Rate {
        if (capacity < 1 || perSecond <= 0) {
            throw new IllegalArgumentException("a bucket needs room for one call and a refill: " + capacity + ", "
                    + perSecond);
        }
    }

    /** Under a bucket AWS documents as a token bucket (its capacity and refill rate). */
    static Rate under(double awsCapacity, double awsPerSecond) {
        return new Rate(Math.max(1, Math.floor(awsCapacity * SHARE)), awsPerSecond * SHARE);
    }

    /**
     * Under a limit AWS documents as "N requests per second" without saying how it counts: at
     * most N calls in any one-second window, whichever way the window falls. The burst plus one
     * second's refill is N (5 a second: a burst of 2, then 3 a second); for N = 1, one call
     * every two seconds.
     */
    static Rate underPerSecond(int n) {
        if (n < 2) {
            return new Rate(1, 0.5);
        }
        double burst = Math.max(1, Math.floor(n * 0.4));
        return new Rate(burst, n - burst);
    }

    /** A figure of our own where AWS publishes none; chosen well under comparable published ones. */
    static Rate conservative(double capacity, double perSecond) {
        return new Rate(capacity, perSecond);
    }
}
