package dev.hackathon.infra.aws.ratelimit;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * One call waiting in a {@link Lane}: whose it is, what it costs in each of the lane's buckets,
 * and its place in arrival order. Its waiting thread is woken through {@link #signal()} when
 * another thread grants it.
 */
final class Ticket {

    private final String team;
    private final Lane lane;
    private final double[] costs;
    private final long seq;
    private final long enqueuedAt;
    private final BlockingQueue<Boolean> signal = new ArrayBlockingQueue<>(1);
    private volatile long grantedAt = -1;

    Ticket(String team, Lane lane, double[] costs, long seq, long enqueuedAt) {
        this.team = team;
        this.lane = lane;
        this.costs = costs.clone();
        this.seq = seq;
        this.enqueuedAt = enqueuedAt;
    }

    String team() {
        return team;
    }

    Lane lane() {
        return lane;
    }

    double cost(int bucket) {
        return costs[bucket];
    }

    long seq() {
        return seq;
    }

    long enqueuedAt() {
        return enqueuedAt;
    }

    boolean granted() {
        return grantedAt >= 0;
    }

    /** The clock's time when the call was let go; -1 while it waits. */
    long grantedAt() {
        return grantedAt;
    }

    BlockingQueue<Boolean> signal() {
        return signal;
    }

    void grant(long now) {
        grantedAt = now;
        signal.offer(Boolean.TRUE);
    }
}
