package dev.hackathon.infra.engine;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs a graph: {@code up} converges every node once its dependencies are ready and
 * deletes what the stack owns but the config no longer has; {@code down} deletes in the
 * reverse order. One coordinator thread owns all state; AWS calls run on a bounded worker
 * pool; waiting is a timer on the {@link Clock}, never a sleep. While nodes of one kind
 * wait, a single poller per kind re-reads that kind (one call) with backoff.
 */
public final class Executor {

    /** How long a resource made by a create whose answer was lost may be missing from tag-filtered listings. */
    static final Duration LISTING_LAG = Duration.ofSeconds(30);

    private final Clock clock;
    private final RunSettings settings;
    private final RunListener listener;

    public Executor(Clock clock, RunSettings settings, RunListener listener) {
        this.clock = clock;
        this.settings = settings;
        this.listener = listener;
    }

    public RunResult up(Graph graph, Snapshot snapshot) {
        Run run = new Run(graph, snapshot);
        for (Node n : graph.nodes()) {
            run.add(new Item(n.key(), n.key(), n.kind(), n, null, Mode.CONVERGE));
        }
        for (Item extra : extras(graph, snapshot)) {
            run.add(extra);
        }
        for (Item item : run.items.values()) {
            if (item.mode == Mode.CONVERGE) {
                item.node.dependsOn().forEach(d -> run.block(item, run.items.get(d)));
            } else {
                // An extra goes after every converging node of a kind that depends on its
                // kind (a rule moved off an orphan target group first), and after extras
                // that depend on it.
                for (Item other : run.items.values()) {
                    if (other != item && other.kind.dependsOnKinds().contains(item.kind.name())
                            && !(other.isExtra() && sameKind(other, item))) {
                        run.block(item, other);
                    }
                }
            }
        }
        return run.execute();
    }

    public RunResult down(Graph graph, Snapshot snapshot) {
        Run run = new Run(graph, snapshot);
        for (Node n : graph.nodes()) {
            Observed o = snapshot.find(n.key()).orElse(null);
            run.add(new Item(n.key(), n.key(), n.kind(), n, o, Mode.DELETE));
        }
        for (Item extra : extras(graph, snapshot)) {
            run.add(extra);
        }
        for (Item item : run.items.values()) {
            for (Item other : run.items.values()) {
                if (other != item && dependsOn(other, item)) {
                    run.block(item, other); // what depends on item goes first
                }
            }
        }
        return run.execute();
    }

    /**
     * Between two nodes, their keys decide; otherwise their kinds. A kind's dependency on
     * itself (a security group allowing traffic from another) orders nothing between an
     * extra and another resource of that kind: neither key says which refers to which, and
     * ordering both ways would stall the run. Such a kind deletes in any order (security
     * groups revoke the rules that refer to them first).
     */
    private static boolean dependsOn(Item a, Item b) {
        if (a.node != null && b.node != null) {
            return a.node.dependsOn().contains(b.key);
        }
        return !sameKind(a, b) && a.kind.dependsOnKinds().contains(b.kind.name());
    }

    private static boolean sameKind(Item a, Item b) {
        return a.kind.name().equals(b.kind.name());
    }

    /**
     * Orphans (ours, no longer in the config) and copies of one key: deleted by up and down,
     * by the graph's kind of that name where there is one (it carries the run's settings,
     * such as a confirmed deletion), else by the kind that read them.
     */
    private static List<Item> extras(Graph graph, Snapshot snapshot) {
        Map<String, ResourceKind<?>> graphKinds = new HashMap<>();
        graph.kinds().forEach(k -> graphKinds.put(k.name(), k));
        List<Item> out = new ArrayList<>();
        for (String orphan : snapshot.orphans(graph)) {
            ResourceKind<?> kind = graphKinds.getOrDefault(snapshot.kindOf(orphan), snapshot.kind(snapshot.kindOf(orphan)));
            out.add(new Item("orphan:" + orphan, orphan, kind, null, snapshot.find(orphan).orElseThrow(), Mode.DELETE));
        }
        for (Observed dup : snapshot.duplicates()) {
            ResourceKind<?> kind = graphKinds.getOrDefault(snapshot.kindOf(dup), snapshot.kind(snapshot.kindOf(dup)));
            Item copy = new Item("copy:" + dup.key() + "#" + dup.id(), dup.key(), kind, null, dup, Mode.DELETE);
            copy.duplicate = true;
            out.add(copy);
        }
        return out;
    }

    enum Mode { CONVERGE, DELETE }

    enum State { BLOCKED, RUNNING, RETRY, WAITING, DONE, FAILED, SKIPPED }

    /** One unit of work: converge a node, or delete one existing resource. */
    static final class Item {
        final String id;
        final String key;
        final ResourceKind<?> kind;
        final Node node;
        final Mode mode;
        Observed target;
        final Set<Item> blockers = new HashSet<>();
        final Set<Item> blocks = new HashSet<>();
        State state = State.BLOCKED;
        Phase phase;
        int attempts;
        long startedAt = -1;
        long firstErrorAt = -1;
        long waitingSince;
        int polls;
        long nextPollAt;
        boolean acted;
        boolean replacing;
        /** A second resource carrying a key that another one already has (a lost create's twin). */
        boolean duplicate;
        /** The last create failed in a way it may still have run (a lost answer): when it ended. */
        long createMayHaveRunAt = -1;

        Item(String id, String key, ResourceKind<?> kind, Node node, Observed target, Mode mode) {
            this.id = id;
            this.key = key;
            this.kind = kind;
            this.node = node;
            this.target = target;
            this.mode = mode;
        }

        boolean isExtra() {
            return node == null;
        }
    }

    /** What a worker hands back to the coordinator; {@code phase}: the step an error came from. */
    private record Completion(Item item, String pollKind, Outcome outcome, Observed observed,
                              List<Observed> polled, Throwable error, Phase phase) {
        Completion(Item item, String pollKind, Outcome outcome, Observed observed, List<Observed> polled,
                   Throwable error) {
            this(item, pollKind, outcome, observed, polled, error, null);
        }
    }

    private enum Outcome { CREATED, UPDATED, UNCHANGED, DELETING, DELETED, POLLED, ERROR }

    private record Timer(long at, long seq, Runnable action) { }

    /**
     * Per kind: the items waiting for it and its single poller. Each item keeps its own
     * backoff (polled 1, 3, 7, 15 s ... after it started waiting); the poller reads the
     * kind once at the earliest time any item is due, and that read serves them all.
     */
    private static final class Poller {
        final Set<Item> waiting = new HashSet<>();
        Timer timer;
        boolean running;
    }

    private final class Run {
        final Graph graph;
        final Map<String, Item> items = new LinkedHashMap<>();
        final Map<String, Observed> results = new ConcurrentHashMap<>();
        final Map<String, String> kindOfKey = new ConcurrentHashMap<>();
        final Map<String, ResourceKind<?>> kinds = new HashMap<>();
        final BlockingQueue<Completion> completions = new LinkedBlockingQueue<>();
        final PriorityQueue<Timer> timers = new PriorityQueue<>((a, b) -> a.at != b.at
                ? Long.compare(a.at, b.at) : Long.compare(a.seq, b.seq));
        final Map<String, Poller> pollers = new HashMap<>();
        final List<Failure> failures = new ArrayList<>();
        final List<String> skipped = new ArrayList<>();
        final Context ctx;
        final Discovery discovery;
        final AtomicInteger seq = new AtomicInteger();
        final long startedAt = clock.nowMillis();
        ExecutorService pool;
        int inFlight;
        int unsettled;
        int created;
        int updated;
        int deleted;

        Run(Graph graph, Snapshot snapshot) {
            this.graph = graph;
            graph.kinds().forEach(k -> kinds.put(k.name(), k));
            for (Observed o : snapshot.all()) { // orphans' kinds may have no node left
                String kind = snapshot.kindOf(o.key());
                kinds.putIfAbsent(kind, snapshot.kind(kind));
            }
            snapshot.all().forEach(o -> results.put(o.key(), o));
            graph.nodes().forEach(n -> kindOfKey.put(n.key(), n.kind().name()));
            snapshot.all().forEach(o -> kindOfKey.putIfAbsent(o.key(), snapshot.kindOf(o.key())));
            ctx = new SnapshotContext(k -> Optional.ofNullable(results.get(k)), settings.tagsForKey());
            discovery = kind -> results.entrySet().stream()
                    .filter(e -> kind.equals(kindOfKey.get(e.getKey()))).map(Map.Entry::getValue).toList();
        }

        void add(Item item) {
            items.put(item.id, item);
        }

        void block(Item item, Item by) {
            item.blockers.add(by);
            by.blocks.add(item);
        }

        RunResult execute() {
            unsettled = items.size();
            pool = Executors.newFixedThreadPool(Math.max(1, settings.parallelism()), r -> {
                Thread t = new Thread(r, "hackathon-infra-worker");
                t.setDaemon(true);
                return t;
            });
            try {
                // Starting one item can settle it at once (nothing to delete) and start the
                // items it freed: start only those still waiting, so none starts twice.
                for (Item i : new ArrayList<>(items.values())) {
                    if (i.state == State.BLOCKED && i.blockers.isEmpty()) {
                        start(i);
                    }
                }
                while (unsettled > 0) {
                    long deadline = timers.isEmpty() ? Long.MAX_VALUE : timers.peek().at;
                    if (inFlight == 0 && timers.isEmpty() && completions.isEmpty()) {
                        List<String> stuck = items.values().stream()
                                .filter(i -> i.state == State.BLOCKED || i.state == State.RUNNING).map(i -> i.key)
                                .sorted().toList();
                        throw new IllegalStateException("executor stalled: nothing running or scheduled, still waiting: "
                                + stuck);
                    }
                    Completion c = clock.await(completions, deadline, inFlight > 0);
                    if (c != null) {
                        inFlight--;
                        handle(c);
                    } else {
                        fireDueTimers();
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            } finally {
                pool.shutdownNow();
            }
            List<String> remaining = new ArrayList<>();
            for (Item i : items.values()) {
                if (i.mode == Mode.DELETE && i.state != State.DONE && i.target != null) { // absent: nothing left
                    remaining.add(i.key);
                }
            }
            Map<String, Observed> state = new LinkedHashMap<>(results);
            return new RunResult(state, List.copyOf(failures), List.copyOf(skipped), remaining, created, updated,
                    deleted, startedAt, clock.nowMillis());
        }

        void fireDueTimers() {
            long now = clock.nowMillis();
            while (!timers.isEmpty() && timers.peek().at <= now) {
                timers.poll().action.run();
            }
        }

        Timer schedule(long delay, Runnable action) {
            Timer t = new Timer(clock.nowMillis() + delay, seq.incrementAndGet(), action);
            timers.add(t);
            return t;
        }

        void submit(Runnable work) {
            inFlight++;
            pool.execute(work);
        }

        void emit(Event.Type type, Item item, String message) {
            long elapsed = item.startedAt < 0 ? 0 : clock.nowMillis() - item.startedAt;
            listener.on(new Event(clock.nowMillis(), type, item.key, item.kind.label(), item.phase, message, elapsed));
        }

        // ---- starting actions (coordinator thread) ----

        void start(Item item) {
            item.state = State.RUNNING;
            if (item.startedAt < 0) {
                item.startedAt = clock.nowMillis();
            }
            if (item.mode == Mode.DELETE || item.replacing) {
                startDelete(item);
            } else {
                startConverge(item);
            }
        }

        void startConverge(Item item) {
            item.phase = Phase.CREATE;
            boolean lookUp = item.attempts > 0 && item.kind.lookUpBeforeRetry();
            submit(() -> {
                Phase step = Phase.CREATE;
                boolean madeByThisRun = false;
                try {
                    Observed current = results.get(item.key);
                    if (current != null && item.kind.isGone(current)) {
                        current = null;
                    }
                    if (current == null && lookUp) {
                        // The last create may have succeeded with its answer lost: look by tag.
                        Observed found = lookUp(item);
                        if (found != null) {
                            // Made by this run's lost create, maybe only half (a group whose rules
                            // never got added): from here on it is an existing resource to converge.
                            current = found;
                            results.put(item.key, found);
                            madeByThisRun = true;
                        }
                    }
                    if (current == null) {
                        listener.on(new Event(clock.nowMillis(), Event.Type.STARTED, item.key, item.kind.label(),
                                Phase.CREATE, "creating", 0));
                        Observed o = create(item);
                        completions.add(new Completion(item, null, Outcome.CREATED, o, null, null));
                        return;
                    }
                    List<Change> changes = Planner.diff(item.node, current, ctx);
                    if (changes.isEmpty()) {
                        // In sync, but maybe not ready yet (a rerun after a crash mid-wait).
                        completions.add(new Completion(item, null, madeByThisRun ? Outcome.CREATED : Outcome.UNCHANGED,
                                current, null, null));
                        return;
                    }
                    if (item.kind.requiresReplacement(changes)) {
                        completions.add(new Completion(item, "replace", Outcome.UNCHANGED, current, null, null));
                        return;
                    }
                    step = Phase.UPDATE;
                    listener.on(new Event(clock.nowMillis(), Event.Type.STARTED, item.key, item.kind.label(),
                            Phase.UPDATE, "updating " + changes, 0));
                    Observed o = update(item, current, changes);
                    completions.add(new Completion(item, null, Outcome.UPDATED, o, null, null));
                } catch (Throwable e) {
                    completions.add(new Completion(item, null, Outcome.ERROR, null, null, e, step));
                }
            });
        }

        /**
         * The key's resource by tag. After a create that may have run, tag-filtered listings may
         * not show the new resource for a while (eventual consistency): keep looking for
         * {@link #LISTING_LAG} after that create before concluding it never ran, rather than make a twin.
         */
        Observed lookUp(Item item) throws InterruptedException {
            for (int attempt = 1; ; attempt++) {
                Observed found = item.kind.discover(discovery).stream()
                        .filter(o -> item.key.equals(o.key()) && !item.kind.isGone(o))
                        .findFirst().orElse(null);
                if (found != null || item.createMayHaveRunAt < 0
                        || clock.nowMillis() - item.createMayHaveRunAt >= LISTING_LAG.toMillis()) {
                    return found;
                }
                clock.sleep(settings.backoff().delay(attempt));
            }
        }

        void startDelete(Item item) {
            item.phase = Phase.DELETE;
            Observed target = item.mode == Mode.DELETE ? item.target : results.get(item.key);
            if (target == null) {
                settle(item, State.DONE, null); // nothing there: deleting is already done
                return;
            }
            item.acted = true;
            submit(() -> {
                try {
                    listener.on(new Event(clock.nowMillis(), Event.Type.STARTED, item.key, item.kind.label(),
                            Phase.DELETE, "deleting " + target.id(), 0));
                    item.kind.delete(target, ctx);
                    completions.add(new Completion(item, null, Outcome.DELETING, target, null, null));
                } catch (Throwable e) {
                    completions.add(new Completion(item, null, Outcome.ERROR, null, null, e));
                }
            });
        }

        @SuppressWarnings({"unchecked", "rawtypes"})
        Observed create(Item item) {
            ResourceKind kind = item.kind;
            return kind.create(item.key, item.node.desired(), ctx);
        }

        @SuppressWarnings({"unchecked", "rawtypes"})
        Observed update(Item item, Observed current, List<Change> changes) {
            ResourceKind kind = item.kind;
            return kind.update(item.key, item.node.desired(), current, changes, ctx);
        }

        // ---- handling results (coordinator thread) ----

        void handle(Completion c) {
            if (c.pollKind != null && c.item == null) {
                handlePoll(c);
                return;
            }
            Item item = c.item;
            switch (c.outcome) {
                case ERROR -> {
                    if (c.phase != null) {
                        item.phase = c.phase; // an update's error is reported and retried as one
                    }
                    handleError(item, c.error);
                }
                case UNCHANGED -> {
                    if ("replace".equals(c.pollKind)) {
                        item.replacing = true;
                        start(item);
                        return;
                    }
                    results.put(item.key, c.observed);
                    Readiness r = item.kind.readiness(c.observed);
                    if (r == Readiness.READY) {
                        settle(item, State.DONE, null);
                    } else if (r == Readiness.FAILED) {
                        fail(item, Phase.WAIT_READY, new IllegalStateException("state " + c.observed.state()));
                    } else {
                        item.acted = true; // reported: waiting, then ready
                        await(item, Phase.WAIT_READY);
                    }
                }
                case CREATED, UPDATED -> {
                    item.acted = true;
                    item.firstErrorAt = -1;
                    item.attempts = 0;
                    if (c.outcome == Outcome.CREATED) {
                        created++;
                    } else {
                        updated++;
                    }
                    results.put(item.key, c.observed);
                    Readiness r = item.kind.readiness(c.observed);
                    if (r == Readiness.READY) {
                        settle(item, State.DONE, c.outcome == Outcome.CREATED
                                ? stateWord(c.observed) + " " + c.observed.id() : "updated");
                    } else if (r == Readiness.FAILED) {
                        fail(item, Phase.WAIT_READY, new IllegalStateException("state " + c.observed.state()));
                    } else {
                        await(item, Phase.WAIT_READY);
                    }
                }
                case DELETING -> {
                    item.firstErrorAt = -1;
                    item.attempts = 0;
                    if (item.kind.waitsUntilGone()) {
                        await(item, Phase.WAIT_GONE);
                    } else {
                        gone(item);
                    }
                }
                default -> throw new IllegalStateException("unexpected " + c.outcome);
            }
        }

        void handleError(Item item, Throwable error) {
            Duration own = item.kind.retryWindow(error, item.phase);
            Duration passing = settings.passingErrors().apply(error);
            Duration window = own.compareTo(passing) >= 0 ? own : passing;
            long now = clock.nowMillis();
            if (item.firstErrorAt < 0) {
                item.firstErrorAt = now;
            }
            long limit = window.toMillis();
            if (item.phase == Phase.CREATE) {
                item.createMayHaveRunAt = passing.isZero() ? -1 : now;
            }
            if (item.phase == Phase.DELETE) {
                limit = Math.min(limit, startedAt + settings.deleteTimeout().toMillis() - item.firstErrorAt);
            }
            if (limit > 0 && now - item.firstErrorAt < limit) {
                item.attempts++;
                item.state = State.RETRY;
                emit(Event.Type.RETRYING, item, settings.describer().describe(error));
                schedule(settings.backoff().delay(item.attempts), () -> start(item));
                return;
            }
            fail(item, item.phase, error);
        }

        void await(Item item, Phase phase) {
            item.state = State.WAITING;
            item.phase = phase;
            item.waitingSince = clock.nowMillis();
            Observed o = phase == Phase.WAIT_READY ? results.get(item.key) : null;
            emit(Event.Type.WAITING, item, phase == Phase.WAIT_READY ? "waiting until ready"
                    + (o == null ? "" : " (" + o.id() + (o.state() == null ? "" : ": " + o.state()) + ")")
                    : "waiting until gone");
            item.polls = 1;
            item.nextPollAt = item.waitingSince + settings.backoff().delay(1);
            Poller p = pollers.computeIfAbsent(item.kind.name(), k -> new Poller());
            p.waiting.add(item);
            schedulePoll(item.kind, p);
        }

        /** Sets the kind's one poll timer to the earliest time a waiting item is due. */
        void schedulePoll(ResourceKind<?> kind, Poller p) {
            if (p.running || p.waiting.isEmpty()) {
                return;
            }
            long due = p.waiting.stream().mapToLong(i -> i.nextPollAt).min().getAsLong();
            if (p.timer != null) {
                if (p.timer.at() <= due) {
                    return;
                }
                timers.remove(p.timer); // a new waiter is due sooner than the kind's next read
            }
            p.timer = schedule(Math.max(0, due - clock.nowMillis()), () -> {
                p.timer = null;
                p.running = true;
                submit(() -> {
                    try {
                        List<Observed> found = kind.discover(discovery);
                        completions.add(new Completion(null, kind.name(), Outcome.POLLED, null, found, null));
                    } catch (Throwable e) {
                        completions.add(new Completion(null, kind.name(), Outcome.ERROR, null, null, e));
                    }
                });
            });
        }

        void handlePoll(Completion c) {
            ResourceKind<?> kind = kinds.get(c.pollKind);
            Poller p = pollers.get(c.pollKind);
            p.running = false;
            long now = clock.nowMillis();
            for (Item item : new ArrayList<>(p.waiting)) {
                if (c.outcome == Outcome.POLLED) {
                    Observed o = c.polled.stream()
                            .filter(x -> item.key.equals(x.key()) && (item.target == null || item.mode != Mode.DELETE
                                    || item.target.id().equals(x.id())))
                            .filter(x -> !kind.isGone(x)).findFirst().orElse(null);
                    if (item.phase == Phase.WAIT_GONE) {
                        if (o == null) {
                            p.waiting.remove(item);
                            gone(item);
                            continue;
                        }
                    } else if (o != null) {
                        results.put(item.key, o);
                        Readiness r = kind.readiness(o);
                        if (r == Readiness.READY) {
                            p.waiting.remove(item);
                            settle(item, State.DONE, stateWord(o));
                            continue;
                        }
                        if (r == Readiness.FAILED) {
                            p.waiting.remove(item);
                            fail(item, Phase.WAIT_READY, new IllegalStateException("state " + o.state()));
                            continue;
                        }
                    }
                }
                Duration timeout = item.phase == Phase.WAIT_GONE ? settings.deleteTimeout() : settings.readyTimeout();
                if (now - item.waitingSince >= timeout.toMillis()) {
                    p.waiting.remove(item);
                    Throwable why = c.error != null ? c.error
                            : new IllegalStateException("still not " + (item.phase == Phase.WAIT_GONE ? "gone" : "ready")
                            + " after " + timeout.toMinutes() + " min");
                    fail(item, item.phase, why);
                    continue;
                }
                if (item.nextPollAt <= now) {
                    item.polls++;
                    item.nextPollAt = now + settings.backoff().delay(item.polls);
                }
            }
            schedulePoll(kind, p);
        }

        /** The state AWS reports once a resource is ready ("available", "running", "active"), for progress. */
        String stateWord(Observed o) {
            return o.state() == null || o.state().isBlank() ? "ready" : o.state();
        }

        void gone(Item item) {
            results.remove(item.key, item.mode == Mode.DELETE ? item.target : results.get(item.key));
            if (item.replacing) {
                results.remove(item.key);
                item.replacing = false;
                item.state = State.RUNNING;
                startConverge(item);
                return;
            }
            deleted++;
            if (item.duplicate) {
                // Not routine progress: the person should learn that a lost answer (or a hand)
                // once made two, and which one is gone.
                listener.on(new Event(clock.nowMillis(), Event.Type.NOTE, item.key, item.kind.label(), Phase.DELETE,
                        "deleted duplicate " + item.key + " " + item.target.id() + " (two resources carried one key)", 0));
            }
            settle(item, State.DONE, "deleted");
        }

        void settle(Item item, State state, String message) {
            item.state = state;
            unsettled--;
            if (item.acted && message != null) {
                emit(Event.Type.DONE, item, message);
            }
            for (Item b : item.blocks) {
                b.blockers.remove(item);
                if (b.state == State.BLOCKED && b.blockers.isEmpty()) {
                    start(b);
                }
            }
        }

        void fail(Item item, Phase phase, Throwable error) {
            item.state = State.FAILED;
            unsettled--;
            String message = settings.describer().describe(error);
            Failure f = new Failure(item.key, item.kind.label(), phase, message, error);
            failures.add(f);
            listener.on(new Event(clock.nowMillis(), Event.Type.FAILED, item.key, item.kind.label(), phase,
                    f.toString(), item.startedAt < 0 ? 0 : clock.nowMillis() - item.startedAt));
            Deque<Item> queue = new ArrayDeque<>(item.blocks);
            Set<Item> seen = new HashSet<>();
            while (!queue.isEmpty()) {
                Item b = queue.poll();
                if (!seen.add(b) || b.state != State.BLOCKED) {
                    continue;
                }
                b.state = State.SKIPPED;
                unsettled--;
                skipped.add(b.key);
                listener.on(new Event(clock.nowMillis(), Event.Type.SKIPPED, b.key, b.kind.label(), null,
                        "skipped: " + item.key + " failed", 0));
                queue.addAll(b.blocks);
            }
        }
    }
}
