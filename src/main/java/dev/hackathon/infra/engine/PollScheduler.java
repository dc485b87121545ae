package dev.hackathon.infra.engine;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Waiting without a sleep per resource: per kind, the items waiting for it and one poller.
 * Each item keeps its own backoff (polled 1, 3, 7, 15 s ... after it started waiting); the
 * kind is read once at the earliest time any of its items is due, and that read serves them all.
 */
final class PollScheduler {

    private static final class Poller {
        final Set<Item> waiting = new HashSet<>();
        Timers.Timer timer;
        boolean running;
    }

    private final Clock clock;
    private final Backoff backoff;
    private final Timers timers;
    private final Consumer<String> read;
    private final Map<String, Poller> pollers = new HashMap<>();

    /** {@code read}: starts the kind's one read on a worker; its answer comes back as a completion. */
    PollScheduler(Clock clock, Backoff backoff, Timers timers, Consumer<String> read) {
        this.clock = clock;
        this.backoff = backoff;
        this.timers = timers;
        this.read = read;
    }

    /** The item starts waiting now; its first poll is one backoff step away. */
    void add(Item item) {
        item.polls = 1;
        item.nextPollAt = item.waitingSince + interval(item);
        Poller p = pollers.computeIfAbsent(item.kind.name(), k -> new Poller());
        p.waiting.add(item);
        schedule(item.kind.name(), p);
    }

    /** The items that a read of this kind answers (a copy: handling removes them). */
    List<Item> waiting(String kind) {
        return List.copyOf(pollers.get(kind).waiting);
    }

    void remove(Item item) {
        pollers.get(item.kind.name()).waiting.remove(item);
    }

    /** A read of the kind came back and was handled: the items still waiting move on a step. */
    void readDone(String kind) {
        Poller p = pollers.get(kind);
        p.running = false;
        long now = clock.nowMillis();
        for (Item item : p.waiting) {
            if (item.nextPollAt <= now) {
                item.polls++;
                item.nextPollAt = now + interval(item);
            }
        }
        schedule(kind, p);
    }

    /** The one place the time between two polls of an item is computed. */
    private long interval(Item item) {
        return backoff.delay(item.polls);
    }

    /** Stops every poll: nothing is read again (the run is stopping). */
    void clear() {
        pollers.values().forEach(p -> {
            p.waiting.clear();
            if (p.timer != null) {
                timers.cancel(p.timer);
                p.timer = null;
            }
        });
    }

    /** Sets the kind's one poll timer to the earliest time a waiting item is due. */
    private void schedule(String kind, Poller p) {
        if (p.running || p.waiting.isEmpty()) {
            return;
        }
        long due = p.waiting.stream().mapToLong(i -> i.nextPollAt).min().getAsLong();
        if (p.timer != null) {
            if (p.timer.at() <= due) {
                return;
            }
            timers.cancel(p.timer); // a new waiter is due sooner than the kind's next read
        }
        p.timer = timers.schedule(Math.max(0, due - clock.nowMillis()), () -> {
            p.timer = null;
            p.running = true;
            read.accept(kind);
        });
    }
}
