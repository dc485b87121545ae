package dev.hackathon.infra.aws.ratelimit;

/**
 * One token bucket's state on the run's clock: it starts full, refills continuously at its
 * rate up to its capacity, and a call takes its cost in tokens. Not thread-safe: the
 * {@link RateLimiter} holds its lock around every use.
 */
final class TokenBucket {

    /** Refill arithmetic in doubles: a token that is due is not missed by a rounding error. */
    private static final double EPSILON = 1e-9;

    private final Rate rate;
    private double tokens;
    private long updatedAt;

    TokenBucket(Rate rate, long now) {
        this.rate = rate;
        this.tokens = rate.capacity();
        this.updatedAt = now;
    }

    Rate rate() {
        return rate;
    }

    /** A call never needs more than a full bucket, or it would wait for ever. */
    double clamp(double cost) {
        return Math.min(cost, rate.capacity());
    }

    boolean has(double cost, long now) {
        refill(now);
        return tokens + EPSILON >= clamp(cost);
    }

    void take(double cost, long now) {
        refill(now);
        tokens -= clamp(cost);
    }

    /** When {@code cost} tokens will be there (now, when they are). */
    long readyAt(double cost, long now) {
        refill(now);
        double missing = clamp(cost) - tokens;
        if (missing <= EPSILON) {
            return now;
        }
        return now + (long) Math.ceil(missing * 1000 / rate.perSecond());
    }

    private void refill(long now) {
        // A wall clock can step back (NTP); the bucket then waits for it rather than losing tokens.
        if (now > updatedAt) {
            tokens = Math.min(rate.capacity(), tokens + (now - updatedAt) * rate.perSecond() / 1000);
            updatedAt = now;
        }
    }
}
