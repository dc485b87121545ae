package dev.hackathon.infra.aws.ratelimit;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The calls waiting for one set of buckets (one API action of one account and Region, say),
 * served round-robin between teams: each team waits in its own queue, and the team served
 * goes to the back of the turn. A team that fires a hundred calls at once therefore delays
 * another team's single call by one turn, not by a hundred calls. Guarded by the
 * {@link RateLimiter}'s lock.
 */
final class Lane {

    private final List<TokenBucket> buckets;
    private final Map<String, ArrayDeque<Ticket>> waiting = new HashMap<>();
    /** Teams with waiting calls, the next to be served first. */
    private final ArrayDeque<String> turn = new ArrayDeque<>();

    Lane(List<TokenBucket> buckets) {
        this.buckets = List.copyOf(buckets);
    }

    void add(Ticket t) {
        ArrayDeque<Ticket> queue = waiting.computeIfAbsent(t.team(), k -> new ArrayDeque<>());
        if (queue.isEmpty()) {
            turn.addLast(t.team());
        }
        queue.addLast(t);
    }

    /** The call whose turn it is; null when none waits. */
    Ticket head() {
        return turn.isEmpty() ? null : waiting.get(turn.peekFirst()).peekFirst();
    }

    boolean ready(Ticket t, long now) {
        for (int i = 0; i < buckets.size(); i++) {
            if (!buckets.get(i).has(t.cost(i), now)) {
                return false;
            }
        }
        return true;
    }

    /** When every bucket will hold the call's tokens, if nobody else takes them first. */
    long readyAt(Ticket t, long now) {
        long at = now;
        for (int i = 0; i < buckets.size(); i++) {
            at = Math.max(at, buckets.get(i).readyAt(t.cost(i), now));
        }
        return at;
    }

    /** Takes the head's tokens from every bucket at once, and passes the turn on. */
    void grantHead(long now) {
        String team = turn.pollFirst();
        ArrayDeque<Ticket> queue = waiting.get(team);
        Ticket t = queue.pollFirst();
        for (int i = 0; i < buckets.size(); i++) {
            buckets.get(i).take(t.cost(i), now);
        }
        if (!queue.isEmpty()) {
            turn.addLast(team);
        }
        t.grant(now);
    }

    /** A call given up while waiting (its thread was interrupted). */
    void remove(Ticket t) {
        ArrayDeque<Ticket> queue = waiting.get(t.team());
        if (queue != null && queue.remove(t) && queue.isEmpty()) {
            turn.remove(t.team());
        }
    }
}
