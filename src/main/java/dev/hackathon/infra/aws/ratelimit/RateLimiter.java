package dev.hackathon.infra.aws.ratelimit;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.hackathon.infra.aws.ratelimit.ApiLimits.BucketUse;
import dev.hackathon.infra.engine.Clock;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

/**
 * The client-side rate limiter a fleet's teams share: one token bucket per account, Region and
 * API family ({@link ApiLimits}), kept under AWS's documented buckets, so that twenty teams'
 * runs at once do not throttle one another into long backoffs. Each attempt of a call takes its
 * tokens ({@link RateLimitInterceptor}); while the buckets have them a call goes at once, so a
 * single team under the rate is not slowed at all. When they run out, calls
 * wait their turn: oldest first across API families, round-robin between teams within one
 * ({@link Lane}), so no team is starved. Throttling that still comes back (another process on
 * the account) is retried by the SDK as before.
 *
 * <p>Time is the run's {@link Clock}: a waiting call waits on its clock, so tests run the
 * limiter on a virtual clock and nothing sleeps.
 */
public final class RateLimiter {

    private final Clock clock;
    private final Map<String, TokenBucket> buckets = new HashMap<>();
    private final Map<String, Lane> lanes = new HashMap<>();
    /** The lanes with calls waiting, the only ones a dispatch looks at. */
    private final Set<Lane> waiting = new LinkedHashSet<>();
    private long seq;

    public RateLimiter(Clock clock) {
        this.clock = clock;
    }

    /**
     * The interceptor one team's AWS session installs ({@link RateLimitInterceptor}):
     * {@code account} is the account the session's credentials act in (the Region comes from
     * each call).
     */
    public ExecutionInterceptor interceptor(String team, String account) {
        return new RateLimitInterceptor(this, team, account);
    }

    /** Returns when the call may be sent; at once while its buckets have tokens. */
    public void acquire(String team, String account, String region, String service, String operation,
                        SdkRequest request) throws InterruptedException {
        List<BucketUse> uses = ApiLimits.of(service, operation, request);
        if (uses.isEmpty()) {
            return;
        }
        Ticket ticket = enqueue(team, account, region, uses);
        try {
            while (true) {
                long at;
                synchronized (this) {
                    dispatch();
                    if (ticket.granted()) {
                        return;
                    }
                    at = nextDispatchAt();
                }
                // Woken by whichever thread grants it, or at the time its tokens are due.
                clock.await(ticket.signal(), at, false);
            }
        } catch (InterruptedException e) {
            synchronized (this) {
                ticket.lane().remove(ticket);
                if (ticket.lane().head() == null) {
                    waiting.remove(ticket.lane());
                }
            }
            throw e;
        }
    }

    /**
     * Takes a retry's tokens at once, in debt if the buckets are empty: the calls waiting and
     * those after it wait for the debt. For an attempt whose request is already signed and timed.
     */
    public void charge(String team, String account, String region, String service, String operation,
                       SdkRequest request) {
        List<BucketUse> uses = ApiLimits.of(service, operation, request);
        if (uses.isEmpty()) {
            return;
        }
        synchronized (this) {
            long now = clock.nowMillis();
            for (BucketUse u : uses) {
                bucket(account, region, u, now).take(u.cost(), now);
            }
        }
    }

    private TokenBucket bucket(String account, String region, BucketUse u, long now) {
        return buckets.computeIfAbsent(key(account, region, u), k -> new TokenBucket(u.rate(), now));
    }

    private static String key(String account, String region, BucketUse u) {
        return account + "/" + (u.global() ? "global" : region) + "/" + u.name();
    }

    /** Puts a call in line; {@link #dispatch} lets it go. */
    synchronized Ticket enqueue(String team, String account, String region, List<BucketUse> uses) {
        long now = clock.nowMillis();
        List<TokenBucket> own = new ArrayList<>();
        StringBuilder laneKey = new StringBuilder();
        double[] costs = new double[uses.size()];
        for (int i = 0; i < uses.size(); i++) {
            BucketUse u = uses.get(i);
            own.add(bucket(account, region, u, now));
            laneKey.append(key(account, region, u)).append(' ');
            costs[i] = u.cost();
        }
        Lane lane = lanes.computeIfAbsent(laneKey.toString(), k -> new Lane(own));
        Ticket t = new Ticket(team, lane, costs, seq++, now);
        lane.add(t);
        waiting.add(lane);
        return t;
    }

    /**
     * Lets go every call whose tokens are there, oldest first among the lanes' heads: a call
     * held back by one bucket is not overtaken for ever on a bucket it shares with others.
     */
    synchronized List<Ticket> dispatch() {
        long now = clock.nowMillis();
        List<Ticket> granted = new ArrayList<>();
        while (true) {
            Ticket next = null;
            for (Lane lane : waiting) {
                Ticket head = lane.head();
                if ((next == null || head.seq() < next.seq()) && lane.ready(head, now)) {
                    next = head;
                }
            }
            if (next == null) {
                return granted;
            }
            next.lane().grantHead(now);
            if (next.lane().head() == null) {
                waiting.remove(next.lane());
            }
            granted.add(next);
        }
    }

    /** When the next waiting call's tokens are due; {@link Long#MAX_VALUE} when none waits. */
    synchronized long nextDispatchAt() {
        long now = clock.nowMillis();
        long at = Long.MAX_VALUE;
        for (Lane lane : waiting) {
            at = Math.min(at, lane.readyAt(lane.head(), now));
        }
        return at;
    }
}
