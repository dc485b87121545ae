package dev.hackathon.infra.engine;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Waiting without a sleep per resource: per kind, the items waiting for it and one poller.
 * Each item keeps its own backoff (polled a tenth of the time it has waited apart, see
 * {@link Backoff#pollDelay}); the kind is read once at the earliest time any of its items is
 * due, and that read serves them all.
 */
final class PollScheduler {

    /** When an item started waiting and when it is next due. */
    private static final class Waiter {
        final long since;
        long next;

        Waiter(long since, long next) {
            this.since = since;
            this.next = next;
        }
    }

    private static final class Poller {
        final ResourceKind<?> kind;
        final Map<Item, Waiter> waiting = new LinkedHashMap<>();
        Timers.Timer timer;
        boolean running;

        Poller(ResourceKind<?> kind) {
            this.kind = kind;
        }
    }

    private final Clock clock;
    private final Backoff backoff;
    private final Timers timers;
    private final Consumer<ResourceKind<?>> read;
    private final Map<String, Poller> pollers = new HashMap<>();

    /** {@code read}: starts the kind's one read on a worker; its answer comes back as a completion. */
    PollScheduler(Clock clock, Backoff backoff, Timers timers, Consumer<ResourceKind<?>> read) {
        this.clock = clock;
        this.backoff = backoff;
        this.timers = timers;
        this.read = read;
    }

    /** The item starts waiting now ({@link Item#since}); its first poll is the shortest interval away. */
    void add(Item item) {
        Poller p = pollers.computeIfAbsent(item.kind().name(), k -> new Poller(item.kind()));
        p.waiting.put(item, new Waiter(item.since, item.since + backoff.pollDelay(0)));
        schedule(item.kind().name(), p);
    }

    /** The items that a read of this kind answers (a copy: handling removes them). */
    List<Item> waiting(String kind) {
        return List.copyOf(pollers.get(kind).waiting.keySet());
    }

    void remove(Item item) {
        Poller p = pollers.get(item.kind().name());
        if (p != null) {
            p.waiting.remove(item);
        }
    }

    /** A read of the kind came back and was handled: the items still waiting move on a step. */
    void readDone(String kind) {
        Poller p = pollers.get(kind);
        p.running = false;
        long now = clock.nowMillis();
        for (Waiter w : p.waiting.values()) {
            if (w.next <= now) {
                w.next = now + backoff.pollDelay(now - w.since);
            }
        }
        schedule(kind, p);
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
        long due = p.waiting.values().stream().mapToLong(w -> w.next).min().getAsLong();
        if (p.timer != null) {
            if (p.timer.at() <= due) {
                return;
            }
            timers.cancel(p.timer); // a new waiter is due sooner than the kind's next read
        }
        p.timer = timers.schedule(Math.max(0, due - clock.nowMillis()), () -> {
            p.timer = null;
            p.running = true;
            read.accept(p.kind);
        });
    }
}
