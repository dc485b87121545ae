package dev.hackathon.infra.engine;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * Walks a run's {@link ItemGraph}: {@code up} converges every node once its dependencies
 * are ready (what to do with it decided by {@link Decider}, as {@code plan} decides) and
 * deletes the {@link Extras}; {@code down} deletes in the reverse order. One coordinator
 * thread owns all state; AWS calls run on a bounded worker pool and come back as typed
 * {@link Completion}s; waiting is {@link PollScheduler}'s timers on the {@link Clock}, never a
 * sleep; how long to retry is {@link RetryWindows}'. A {@link RunControl} can stop the run
 * (no new work, calls in flight finish) or refuse its next change.
 */
public final class Executor {

    /** How long a stopping run waits for the calls in flight before it returns anyway. */
    static final long STOP_GRACE_MILLIS = 10_000;

    /** How long a resource made by a create whose answer was lost may be missing from tag-filtered listings. */
    static final java.time.Duration LISTING_LAG = java.time.Duration.ofSeconds(30);

    private final Clock clock;
    private final RunSettings settings;
    private final RunListener listener;
    private final RunControl control;

    public Executor(Clock clock, RunSettings settings, RunListener listener) {
        this(clock, settings, listener, RunControl.unguarded());
    }

    public Executor(Clock clock, RunSettings settings, RunListener listener, RunControl control) {
        this.clock = clock;
        this.settings = settings;
        this.listener = listener;
        this.control = control;
    }

    public RunResult up(Graph graph, Snapshot snapshot) {
        return new Run(graph, snapshot, ItemGraph.forUp(graph, snapshot)).execute();
    }

    public RunResult down(Graph graph, Snapshot snapshot) {
        return new Run(graph, snapshot, ItemGraph.forDown(graph, snapshot)).execute();
    }

    private final class Run {
        final Graph graph;
        final Map<String, Item> items;
        final Map<String, Observed> results = new ConcurrentHashMap<>();
        final Map<String, String> kindOfKey = new ConcurrentHashMap<>();
        final Map<String, ResourceKind<?>> kinds = new HashMap<>();
        final Map<String, PlannedChange.Action> decisions = new ConcurrentHashMap<>();
        /** Keys created or replaced so far: what {@link Decider} calls recreated. */
        final Set<String> recreated = ConcurrentHashMap.newKeySet();
        final BlockingQueue<Completion> completions = new LinkedBlockingQueue<>();
        final Timers timers = new Timers(clock);
        final PollScheduler polls;
        final RetryWindows windows;
        final List<Failure> failures = new ArrayList<>();
        final List<String> skipped = new ArrayList<>();
        final Context ctx;
        final Discovery discovery;
        final long startedAt = clock.nowMillis();
        ExecutorService pool;
        int inFlight;
        int unsettled;
        int created;
        int updated;
        int deleted;
        /** No new work starts; set by a signal ({@link RunControl}) or an error that ends the run. */
        boolean stopping;
        long stopDeadline = Long.MAX_VALUE;

        Run(Graph graph, Snapshot snapshot, ItemGraph itemGraph) {
            this.graph = graph;
            this.items = itemGraph.items();
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
            polls = new PollScheduler(clock, settings.backoff(), timers, this::read);
            windows = new RetryWindows(settings, startedAt);
        }

        RunResult execute() {
            unsettled = items.size();
            pool = Executors.newFixedThreadPool(Math.max(1, settings.parallelism()), r -> {
                Thread t = new Thread(r, "hackathon-infra-worker");
                t.setDaemon(true);
                return t;
            });
            control.onStop(() -> completions.add(new Completion.StopRequested()));
            if (!control.beginWalk()) {
                stop(); // a signal before the walk began: nothing starts
            }
            try {
                // Starting one item can settle it at once (nothing to delete) and start the
                // items it freed: start only those still waiting, so none starts twice.
                for (Item i : new ArrayList<>(items.values())) {
                    if (i.state == Item.State.BLOCKED && i.blockers.isEmpty()) {
                        start(i);
                    }
                }
                while (unsettled > 0 && !(stopping && inFlight == 0)) {
                    if (inFlight == 0 && timers.isEmpty() && completions.isEmpty()) {
                        List<String> stuck = items.values().stream()
                                .filter(i -> i.state == Item.State.BLOCKED || i.state == Item.State.RUNNING)
                                .map(i -> i.key).sorted().toList();
                        throw new IllegalStateException("executor stalled: nothing running or scheduled, still waiting: "
                                + stuck);
                    }
                    long deadline = Math.min(timers.nextDeadline(), stopDeadline);
                    Completion c = clock.await(completions, deadline, inFlight > 0);
                    if (c != null) {
                        handle(c);
                    } else if (stopping && clock.nowMillis() >= stopDeadline) {
                        break; // calls still in flight after the grace: leave them to the rerun
                    } else {
                        timers.fireDue();
                    }
                    if (stopping) {
                        timers.cancelAll();
                        polls.clear();
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            } finally {
                pool.shutdownNow();
                control.endWalk();
            }
            List<String> remaining = new ArrayList<>();
            List<String> unfinished = new ArrayList<>();
            for (Item i : items.values()) {
                if (i.mode == Item.Mode.DELETE && i.state != Item.State.DONE && i.target != null) { // absent: nothing left
                    remaining.add(i.key);
                }
                if (i.state != Item.State.DONE && i.state != Item.State.FAILED && i.state != Item.State.SKIPPED) {
                    unfinished.add(i.key);
                }
            }
            Map<String, Observed> state = new LinkedHashMap<>(results);
            return new RunResult(state, List.copyOf(failures), List.copyOf(skipped), remaining, created, updated,
                    deleted, startedAt, clock.nowMillis(), Map.copyOf(decisions), control.stopReason(),
                    List.copyOf(unfinished));
        }

        void submit(Runnable work) {
            inFlight++;
            pool.execute(work);
        }

        void emit(Event.Type type, Item item, String message) {
            long elapsed = item.startedAt < 0 ? 0 : clock.nowMillis() - item.startedAt;
            listener.on(new Event(clock.nowMillis(), type, item.key, item.kind.label(), item.phase, message, elapsed));
        }

        /** Stops starting new work: the calls in flight finish, for at most the grace. */
        void stop() {
            if (!stopping) {
                stopping = true;
                stopDeadline = clock.nowMillis() + STOP_GRACE_MILLIS;
            }
        }

        // ---- starting actions (coordinator thread) ----

        void start(Item item) {
            if (stopping) {
                return; // left as it is: the next run starts it
            }
            item.state = Item.State.RUNNING;
            if (item.startedAt < 0) {
                item.startedAt = clock.nowMillis();
            }
            if (item.mode == Item.Mode.DELETE || item.replacing) {
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
                try {
                    Observed current = results.get(item.key);
                    boolean madeByThisRun = false;
                    if ((current == null || item.kind.isGone(current)) && lookUp) {
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
                    // What this run made is newer than every dependency it made before: only a
                    // resource that was there before the run stands on a dependency made anew.
                    Decision d = Decider.decide(item.node, current, ctx,
                            madeByThisRun ? k -> false : recreated::contains, false);
                    if (madeByThisRun && d.action() == PlannedChange.Action.NONE) {
                        completions.add(new Completion.Created(item, current));
                        return;
                    }
                    decisions.putIfAbsent(item.key, d.action());
                    switch (d.action()) {
                        case CREATE -> {
                            control.beforeMutation();
                            listener.on(new Event(clock.nowMillis(), Event.Type.STARTED, item.key, item.kind.label(),
                                    Phase.CREATE, "creating", 0));
                            completions.add(new Completion.Created(item, create(item)));
                        }
                        case NONE -> completions.add(new Completion.InSync(item, d.current()));
                        case REPLACE -> completions.add(new Completion.MustReplace(item));
                        case UPDATE -> {
                            step = Phase.UPDATE;
                            control.beforeMutation();
                            listener.on(new Event(clock.nowMillis(), Event.Type.STARTED, item.key, item.kind.label(),
                                    Phase.UPDATE, "updating " + d.changes(), 0));
                            completions.add(new Completion.Updated(item, update(item, d.current(), d.changes())));
                        }
                        default -> throw new IllegalStateException("unexpected decision " + d.action());
                    }
                } catch (Throwable e) {
                    completions.add(new Completion.Failed(item, e, step));
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
            Observed target = item.mode == Item.Mode.DELETE ? item.target : results.get(item.key);
            if (target == null) {
                settle(item, Item.State.DONE, null); // nothing there: deleting is already done
                return;
            }
            if (item.mode == Item.Mode.DELETE) {
                decisions.putIfAbsent(item.key, PlannedChange.Action.DELETE);
            }
            item.acted = true;
            submit(() -> {
                try {
                    control.beforeMutation();
                    listener.on(new Event(clock.nowMillis(), Event.Type.STARTED, item.key, item.kind.label(),
                            Phase.DELETE, "deleting " + target.id(), 0));
                    item.kind.delete(target, ctx);
                    completions.add(new Completion.DeleteStarted(item, target));
                } catch (Throwable e) {
                    completions.add(new Completion.Failed(item, e, null));
                }
            });
        }

        /** A kind's one read for its waiting items, on a worker. */
        void read(String kindName) {
            ResourceKind<?> kind = kinds.get(kindName);
            submit(() -> {
                try {
                    completions.add(new Completion.Polled(kindName, kind.discover(discovery)));
                } catch (Throwable e) {
                    completions.add(new Completion.PollFailed(kindName, e));
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
            if (c instanceof Completion.StopRequested) {
                stop();
                return;
            }
            inFlight--;
            if (c instanceof Completion.Polled p) {
                handlePoll(p.kind(), p.found(), null);
            } else if (c instanceof Completion.PollFailed p) {
                handlePoll(p.kind(), null, p.error());
            } else if (c instanceof Completion.Failed f) {
                if (f.phase() != null) {
                    f.item().phase = f.phase(); // an update's error is reported and retried as one
                }
                handleError(f.item(), f.error());
            } else if (c instanceof Completion.MustReplace m) {
                replace(m.item());
            } else if (c instanceof Completion.InSync s) {
                inSync(s.item(), s.observed());
            } else if (c instanceof Completion.Created k) {
                changed(k.item(), k.observed(), true);
            } else if (c instanceof Completion.Updated u) {
                changed(u.item(), u.observed(), false);
            } else if (c instanceof Completion.DeleteStarted d) {
                Item item = d.item();
                item.firstErrorAt = -1;
                item.attempts = 0;
                if (item.kind.waitsUntilGone()) {
                    await(item, Phase.WAIT_GONE);
                } else {
                    gone(item);
                }
            }
        }

        void inSync(Item item, Observed observed) {
            results.put(item.key, observed);
            Readiness r = item.kind.readiness(observed);
            if (r == Readiness.READY) {
                settle(item, Item.State.DONE, null);
            } else if (r == Readiness.FAILED) {
                failedState(item, observed);
            } else {
                item.acted = true; // reported: waiting, then ready
                await(item, Phase.WAIT_READY);
            }
        }

        void changed(Item item, Observed observed, boolean wasCreated) {
            item.acted = true;
            item.firstErrorAt = -1;
            item.attempts = 0;
            if (wasCreated) {
                created++;
                recreated.add(item.key);
            } else {
                updated++;
            }
            results.put(item.key, observed);
            Readiness r = item.kind.readiness(observed);
            if (r == Readiness.READY) {
                settle(item, Item.State.DONE, wasCreated ? stateWord(observed) + " " + observed.id() : "updated");
            } else if (r == Readiness.FAILED) {
                failedState(item, observed);
            } else {
                await(item, Phase.WAIT_READY);
            }
        }

        /**
         * A replacement decided at apply time: only for a key the person agreed to (the
         * confirmed plan's), and never under dependents that still stand on it.
         */
        void replace(Item item) {
            item.phase = Phase.DELETE;
            if (!settings.mayReplace().test(item.key)) {
                fail(item, Phase.DELETE, new RunControl.MutationRefused(item.kind.label() + " " + item.key
                        + " now needs replacing, which the confirmed plan did not show; nothing was deleted."
                        + " Run the command again to see and confirm the new plan"));
                return;
            }
            List<String> blocking = Replacements.blockingDependents(graph, item.key,
                    k -> Optional.ofNullable(results.get(k)));
            if (!blocking.isEmpty()) {
                fail(item, Phase.DELETE, new RunControl.MutationRefused("replacing it would delete it under "
                        + blocking + ", which still stand on it; nothing was deleted"));
                return;
            }
            item.replacing = true;
            recreated.add(item.key);
            start(item);
        }

        void failedState(Item item, Observed observed) {
            fail(item, Phase.WAIT_READY, new IllegalStateException(item.kind.failureReason(observed)));
        }

        void handleError(Item item, Throwable error) {
            long now = clock.nowMillis();
            if (item.firstErrorAt < 0) {
                item.firstErrorAt = now;
            }
            if (item.phase == Phase.CREATE) {
                item.createMayHaveRunAt = settings.passingErrors().apply(error).isZero() ? -1 : now;
            }
            if (endsTheRun(error)) {
                fail(item, item.phase, error);
                stop();
                return;
            }
            long limit = windows.retryLimit(item.kind, item.phase, error, item.firstErrorAt);
            if (limit > 0 && now - item.firstErrorAt < limit) {
                item.attempts++;
                item.state = Item.State.RETRY;
                emit(Event.Type.RETRYING, item, settings.describer().describe(error));
                timers.schedule(settings.backoff().delay(item.attempts), () -> start(item));
                return;
            }
            fail(item, item.phase, error);
        }

        /** Credentials that expired, a lease that may have lapsed: every further call would fail alike, or must not run. */
        boolean endsTheRun(Throwable error) {
            return error instanceof RunControl.MutationRefused || settings.fatalErrors().test(error);
        }

        void await(Item item, Phase phase) {
            item.state = Item.State.WAITING;
            item.phase = phase;
            item.waitingSince = clock.nowMillis();
            Observed o = phase == Phase.WAIT_READY ? results.get(item.key) : null;
            emit(Event.Type.WAITING, item, phase == Phase.WAIT_READY ? "waiting until ready"
                    + (o == null ? "" : " (" + o.id() + (o.state() == null ? "" : ": " + o.state()) + ")")
                    : "waiting until gone");
            polls.add(item);
        }

        /** One read of a kind came back ({@code found}) or failed ({@code error}): every waiting item of it moves on. */
        void handlePoll(String kindName, List<Observed> found, Throwable error) {
            ResourceKind<?> kind = kinds.get(kindName);
            long now = clock.nowMillis();
            boolean fatal = error != null && endsTheRun(error);
            for (Item item : polls.waiting(kindName)) {
                if (fatal) {
                    polls.remove(item);
                    fail(item, item.phase, error);
                    continue;
                }
                if (error != null) {
                    // Not silent until the timeout: the person sees why it is not moving.
                    emit(Event.Type.RETRYING, item, "reading " + item.kind.label() + " failed: "
                            + settings.describer().describe(error));
                } else {
                    List<Observed> mine = found.stream()
                            .filter(x -> item.key.equals(x.key()) && (item.target == null
                                    || item.mode != Item.Mode.DELETE || item.target.id().equals(x.id()))).toList();
                    Observed o = mine.stream().filter(x -> !kind.isGone(x)).findFirst().orElse(null);
                    Observed waitedFor = results.get(item.key);
                    Observed failedGone = item.phase == Phase.WAIT_READY && o == null && waitedFor != null ? mine.stream()
                            .filter(x -> x.id().equals(waitedFor.id()) && kind.readiness(x) == Readiness.FAILED)
                            .findFirst().orElse(null) : null;
                    if (failedGone != null) {
                        // Listed as gone because it failed (a NAT gateway): say why now, not at the timeout.
                        polls.remove(item);
                        failedState(item, failedGone);
                        continue;
                    }
                    if (item.phase == Phase.WAIT_GONE) {
                        if (o == null) {
                            polls.remove(item);
                            gone(item);
                            continue;
                        }
                    } else if (o != null) {
                        results.put(item.key, o);
                        Readiness r = kind.readiness(o);
                        if (r == Readiness.READY) {
                            polls.remove(item);
                            settle(item, Item.State.DONE, stateWord(o));
                            continue;
                        }
                        if (r == Readiness.FAILED) {
                            polls.remove(item);
                            failedState(item, o);
                            continue;
                        }
                    }
                }
                java.time.Duration timeout = windows.waitTimeout(kind, item.phase);
                if (now - item.waitingSince >= timeout.toMillis()) {
                    polls.remove(item);
                    Throwable why = error != null ? error
                            : new IllegalStateException("still not " + (item.phase == Phase.WAIT_GONE ? "gone" : "ready")
                            + " after " + timeout.toMinutes() + " min");
                    fail(item, item.phase, why);
                }
            }
            if (fatal) {
                stop();
            }
            polls.readDone(kindName);
        }

        /** The state AWS reports once a resource is ready ("available", "running", "active"), for progress. */
        String stateWord(Observed o) {
            return o.state() == null || o.state().isBlank() ? "ready" : o.state();
        }

        void gone(Item item) {
            results.remove(item.key, item.mode == Item.Mode.DELETE ? item.target : results.get(item.key));
            if (item.replacing) {
                results.remove(item.key);
                item.replacing = false;
                item.state = Item.State.RUNNING;
                if (stopping) {
                    return; // deleted; the next run creates it anew
                }
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
            settle(item, Item.State.DONE, "deleted");
        }

        void settle(Item item, Item.State state, String message) {
            item.state = state;
            unsettled--;
            if (item.acted && message != null) {
                emit(Event.Type.DONE, item, message);
            }
            for (Item b : item.blocks) {
                b.blockers.remove(item);
                if (b.state == Item.State.BLOCKED && b.blockers.isEmpty()) {
                    start(b);
                }
            }
        }

        void fail(Item item, Phase phase, Throwable error) {
            item.state = Item.State.FAILED;
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
                if (!seen.add(b) || b.state != Item.State.BLOCKED) {
                    continue;
                }
                b.state = Item.State.SKIPPED;
                unsettled--;
                skipped.add(b.key);
                listener.on(new Event(clock.nowMillis(), Event.Type.SKIPPED, b.key, b.kind.label(), null,
                        "skipped: " + item.key + " failed", 0));
                queue.addAll(b.blocks);
            }
        }
    }
}
