package dev.hackathon.infra.aws.ratelimit;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;

import dev.hackathon.infra.engine.VirtualClock;

/**
 * Teams' runs played against one shared {@link RateLimiter} on a virtual clock, single-threaded
 * and deterministic. A team's run is a list of chains (a resource's create, or a poller: calls
 * that follow one another); each team has a number of workers (the engine's parallel nodes)
 * that take its chains in order. A worker waits a call's delay (a poll's interval), makes the
 * call, waits for the limiter to let it go, then is busy for the call's latency. Without a
 * limiter every call goes the moment it is made: what AWS would see from the same teams unlimited.
 */
final class FleetSimulation {

    /**
     * One call a team makes: {@code account} and {@code region} say whose buckets it draws on;
     * {@code delayMillis} is how long its worker waits before making it.
     */
    record Call(String service, String operation, String account, String region, long delayMillis) {
        static Call of(String service, String operation) {
            return new Call(service, operation, "111111111111", "ap-northeast-1", 0);
        }

        Call in(String otherAccount, String otherRegion) {
            return new Call(service, operation, otherAccount, otherRegion, delayMillis);
        }

        Call after(long millis) {
            return new Call(service, operation, account, region, millis);
        }
    }

    /** A call as it went: when it was made and when the limiter let it go. */
    record Sent(String team, Call call, long madeAt, long sentAt) {
        long waited() {
            return sentAt - madeAt;
        }
    }

    /** A worker free at {@code at}, in the middle of {@code chain} (null: it takes the team's next chain). */
    private record Ready(long at, long seq, String team, ArrayDeque<Call> chain, boolean waited) {
    }

    private final VirtualClock clock = new VirtualClock(0);
    private final RateLimiter limiter;
    private final int workers;
    private final long latencyMillis;
    private long seq;

    /** {@code limited}: whether the calls go through a limiter, or straight out. */
    FleetSimulation(boolean limited, int workersPerTeam, long latencyMillis) {
        this.limiter = limited ? new RateLimiter(clock) : null;
        this.workers = workersPerTeam;
        this.latencyMillis = latencyMillis;
    }

    RateLimiter limiter() {
        return limiter;
    }

    VirtualClock clock() {
        return clock;
    }

    /** Plays every team's chains from time 0 until all calls are sent; the calls in the order they went. */
    List<Sent> run(Map<String, List<List<Call>>> runs) {
        Map<String, ArrayDeque<List<Call>>> left = new HashMap<>();
        runs.forEach((team, chains) -> left.put(team, new ArrayDeque<>(chains)));
        PriorityQueue<Ready> free = new PriorityQueue<>((a, b) -> a.at != b.at ? Long.compare(a.at, b.at)
                : Long.compare(a.seq, b.seq));
        for (String team : runs.keySet()) {
            for (int w = 0; w < workers; w++) {
                free.add(new Ready(0, seq++, team, null, false));
            }
        }
        Map<Ticket, Ready> inLine = new HashMap<>();
        Map<Ticket, Sent> made = new HashMap<>();
        List<Sent> sent = new ArrayList<>();
        int total = runs.values().stream().flatMap(List::stream).mapToInt(List::size).sum();
        while (sent.size() < total) {
            long next = Math.min(free.isEmpty() ? Long.MAX_VALUE : free.peek().at(),
                    limiter == null ? Long.MAX_VALUE : limiter.nextDispatchAt());
            if (next == Long.MAX_VALUE) {
                throw new IllegalStateException("stuck: nothing to do and " + (total - sent.size()) + " calls left");
            }
            clock.advance(Math.max(0, next - clock.nowMillis()));
            long now = clock.nowMillis();
            while (!free.isEmpty() && free.peek().at() <= now) {
                Ready worker = free.poll();
                ArrayDeque<Call> chain = worker.chain();
                if (chain == null || chain.isEmpty()) {
                    List<Call> nextChain = left.get(worker.team()).poll();
                    if (nextChain == null) {
                        continue;
                    }
                    chain = new ArrayDeque<>(nextChain);
                }
                Call call = chain.peek();
                if (call.delayMillis() > 0 && !worker.waited()) {
                    free.add(new Ready(now + call.delayMillis(), seq++, worker.team(), chain, true));
                    continue;
                }
                chain.poll();
                if (limiter == null) {
                    sent.add(new Sent(worker.team(), call, now, now));
                    free.add(new Ready(now + latencyMillis, seq++, worker.team(), chain, false));
                } else {
                    Ticket t = limiter.enqueue(worker.team(), call.account(), call.region(),
                            ApiLimits.of(call.service(), call.operation(), null));
                    inLine.put(t, new Ready(now, seq++, worker.team(), chain, false));
                    made.put(t, new Sent(worker.team(), call, now, -1));
                }
            }
            if (limiter != null) {
                for (Ticket t : limiter.dispatch()) {
                    Sent s = made.remove(t);
                    sent.add(new Sent(s.team(), s.call(), s.madeAt(), t.grantedAt()));
                    Ready worker = inLine.remove(t);
                    free.add(new Ready(t.grantedAt() + latencyMillis, seq++, worker.team(), worker.chain(), false));
                }
            }
        }
        return sent;
    }

    /** When a team's last call went. */
    static long finish(List<Sent> sent, String team) {
        return sent.stream().filter(s -> s.team().equals(team)).mapToLong(Sent::sentAt).max().orElse(0);
    }
}
