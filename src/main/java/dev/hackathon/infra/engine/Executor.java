package dev.hackathon.infra.engine;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;

import dev.hackathon.infra.engine.Completion.Stepped;
import dev.hackathon.infra.engine.PlannedChange.Action;

/**
 * Walks a {@link Plan}'s steps (pulumi's step executor): what to do was decided once, by the
 * plan; an item starts once what it waits for is done and then only advances its step index,
 * its attempt count, and from the time its step began failing or waiting, with the
 * {@link RetryWindows}, its deadline. One coordinator thread owns all state; the calls
 * ({@link StepCalls}) run on a bounded worker pool and come back as typed {@link Completion}s;
 * waiting and retrying are timers on the {@link Clock} ({@link PollScheduler}), so no worker
 * ever sleeps. A {@link RunControl} can stop the run (no new work, calls in flight finish) or
 * refuse its next change.
 */
public final class Executor {

    /** How long a stopping run waits for the calls in flight before it returns anyway. */
    static final long STOP_GRACE_MILLIS = 10_000;

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
        return run(new Planner(settings.tagsForKey()).plan(graph, snapshot));
    }

    public RunResult down(Graph graph, Snapshot snapshot) {
        return run(new Planner(settings.tagsForKey()).planDown(graph, snapshot));
    }

    /** Walks the steps of a plan made by a {@link Planner}. */
    public RunResult run(Plan plan) {
        return new Run(plan).execute();
    }

    private final class Run implements Waits.Steps {
        final Graph graph;
        final Map<String, Item> items;
        final Known known;
        final Map<String, Action> decisions = new ConcurrentHashMap<>();
        final Timers timers = new Timers(clock);
        final long startedAt = clock.nowMillis();
        final RetryWindows windows = new RetryWindows(settings, startedAt);
        final Waits waits;
        final List<Failure> failures = new ArrayList<>();
        final List<String> skipped = new ArrayList<>();
        final StepCalls calls;
        final Workers workers = new Workers(settings.parallelism());
        final BlockingQueue<Completion> completions = workers.completions;
        int unsettled;
        int created;
        int updated;
        int deleted;
        /** No new work starts; set by a signal ({@link RunControl}) or an error that ends the run. */
        boolean stopping;
        long stopDeadline = Long.MAX_VALUE;

        Run(Plan plan) {
            graph = plan.graph();
            items = ItemGraph.of(plan);
            known = new Known(plan);
            waits = new Waits(clock, settings.backoff(), timers, windows, known, this::read, this);
            calls = new StepCalls(clock, control, known.context(settings.tagsForKey()), known, this::emit);
        }

        RunResult execute() {
            unsettled = items.size();
            control.onStop(() -> completions.add(new Completion.StopRequested()));
            if (!control.beginWalk()) {
                stop(); // a signal before the walk began: nothing starts
            }
            try {
                // Starting one item can settle it at once and start those it freed: start only
                // those still waiting, so none starts twice.
                new ArrayList<>(items.values()).stream().filter(i -> i.blockers == 0).forEach(i -> {
                    if (i.state == Item.State.BLOCKED) {
                        start(i);
                    }
                });
                while (unsettled > 0 && !(stopping && workers.inFlight() == 0)) {
                    if (workers.inFlight() == 0 && timers.isEmpty() && completions.isEmpty()) {
                        throw new IllegalStateException("executor stalled: nothing running or scheduled, still waiting: "
                                + unfinished());
                    }
                    Completion c = clock.await(completions, Math.min(timers.nextDeadline(), stopDeadline),
                            workers.inFlight() > 0);
                    if (c != null) {
                        handle(c);
                    } else if (stopping && clock.nowMillis() >= stopDeadline) {
                        break; // calls still in flight after the grace: leave them to the rerun
                    } else {
                        timers.fireDue();
                    }
                    if (stopping) {
                        timers.cancelAll();
                        waits.clear();
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            } finally {
                workers.shutdown();
                control.endWalk();
            }
            List<String> remaining = items.values().stream().filter(i -> i.work.action() == Action.DELETE
                    && i.state != Item.State.DONE && i.work.target() != null).map(Item::key).toList();
            return new RunResult(known.all(), List.copyOf(failures), List.copyOf(skipped), remaining,
                    created, updated, deleted, startedAt, clock.nowMillis(), Map.copyOf(decisions), control.stopReason(),
                    unfinished());
        }

        List<String> unfinished() {
            return items.values().stream().filter(i -> i.state == Item.State.BLOCKED || i.state == Item.State.ACTIVE)
                    .map(Item::key).sorted().toList();
        }

        /** Stops starting new work: the calls in flight finish, for at most the grace. */
        void stop() {
            if (!stopping) {
                stopping = true;
                stopDeadline = clock.nowMillis() + STOP_GRACE_MILLIS;
            }
        }

        void start(Item i) {
            if (stopping) {
                return; // left as it is: the next run starts it
            }
            i.state = Item.State.ACTIVE;
            i.startedAt = clock.nowMillis();
            if (i.work.isExtra() && i.work.target() != null) { // what the run did, as the plan said
                decisions.putIfAbsent(i.key(), i.work.action());
            } else if (!i.work.isExtra() && (i.work.action() != Action.DELETE || i.work.target() != null)) {
                decisions.put(i.key(), i.work.action());
            }
            advance(i);
        }

        /** Runs the item's current step (coordinator thread; its call goes to a worker). */
        void advance(Item i) {
            if (stopping) {
                return;
            }
            if (i.finished()) {
                settle(i);
                return;
            }
            ErrorClass doubt = i.doubt == null ? null : windows.classify(i.doubt, i.current(), i.policy());
            switch (i.current()) {
                case CREATE -> workers.submit(() -> calls.create(i, doubt), e -> new Completion.Failed(i, e));
                case UPDATE -> workers.submit(() -> calls.update(i), e -> new Completion.Failed(i, e));
                case DELETE -> {
                    String refused = i.work.action() != Action.REPLACE ? null : Replacements.refusal(graph, i.key(),
                            i.kind().label(), settings.mayReplace(), k -> Optional.ofNullable(known.get(k)));
                    if (refused != null) {
                        fail(i, new RunControl.MutationRefused(refused), ErrorClass.PERMANENT, null);
                    } else {
                        workers.submit(() -> calls.delete(i), e -> new Completion.Failed(i, e));
                    }
                }
                default -> waits.start(i);
            }
        }

        @Override
        public void over(Item i) {
            next(i);
        }

        @Override
        public void failed(Item i, Throwable why, ErrorClass c) {
            fail(i, why, c, null);
        }

        @Override
        public void retrying(Item i, Throwable error) {
            emit(Event.Type.RETRYING, i, i.current(), null, settings.describer().describe(error));
        }

        @Override
        public void waiting(Item i, Observed about) {
            i.shown = i.current();
            emit(Event.Type.WAITING, i, i.current(), about, null);
        }

        void next(Item i) {
            Phase done = i.current();
            i.next();
            if (done == Phase.WAIT_GONE || done == Phase.DELETE && (i.finished() || i.current() != Phase.WAIT_GONE)) {
                // The delete part is over: the key is free (a replacement or a waiting create makes it anew).
                known.remove(i.key(), i.work.target());
                if (i.work.action() == Action.DELETE) {
                    deleted++;
                    if (i.work.duplicate()) {
                        emit(Event.Type.DUPLICATE_DELETED, i, Phase.DELETE, i.work.target(), null);
                    }
                }
            }
            advance(i);
        }

        /** A kind's one read for its waiting items. */
        void read(ResourceKind<?> kind) {
            workers.submit(() -> new Completion.Polled(kind.name(), kind.discover(known)),
                    e -> new Completion.PollFailed(kind.name(), e));
        }

        // ---- what comes back (coordinator thread) ----

        void handle(Completion c) {
            if (c instanceof Completion.StopRequested) {
                stop();
                return;
            }
            workers.returned();
            if (c instanceof Completion.Polled p && waits.polled(p.kind(), p.found(), null)
                    || c instanceof Completion.PollFailed f && waits.polled(f.kind(), List.of(), f.error())) {
                stop();
            } else if (c instanceof Completion.Failed f) {
                handleError(f.item(), f.error());
            } else if (c instanceof Stepped s) {
                Item i = s.item();
                boolean ownEvent = i.current() != Phase.UPDATE || i.work.action() == Action.UPDATE;
                created += i.current() == Phase.CREATE ? 1 : 0;
                updated += i.current() == Phase.UPDATE && s.acted() && ownEvent ? 1 : 0;
                if (s.observed() != null) {
                    known.put(i.key(), s.observed());
                }
                if (s.acted() && ownEvent) {
                    i.shown = i.current();
                }
                next(i);
            }
        }

        /** A step's call failed: tried again on a timer while its class's window lasts, else the item fails. */
        void handleError(Item i, Throwable error) {
            ErrorClass c = windows.classify(error, i.current(), i.policy());
            if (c.endsTheRun()) {
                fail(i, error, c, null);
                stop();
                return;
            }
            long now = clock.nowMillis();
            i.since = i.since < 0 ? now : i.since;
            if (c.leavesDoubt() && !(error instanceof StepCalls.NotListedYet)) {
                i.doubt = error;
                i.doubtAt = now;
            }
            Duration window = windows.window(c, i.current(), i.policy(), error, i.since);
            if (now - i.since >= window.toMillis()) {
                fail(i, error, c, window);
                return;
            }
            // Backoff grows while one error lasts; the next one (the step got further) starts it afresh.
            String said = settings.describer().describe(error);
            i.attempts = said.equals(i.lastError) ? i.attempts + 1 : 1;
            i.lastError = said;
            retrying(i, error);
            timers.schedule(settings.backoff().delay(i.attempts), () -> advance(i));
        }

        void settle(Item i) {
            i.state = Item.State.DONE;
            unsettled--;
            if (i.shown != null) {
                boolean went = i.shown == Phase.DELETE || i.shown == Phase.WAIT_GONE;
                emit(Event.Type.DONE, i, i.shown, went ? i.work.target() : known.get(i.key()), null);
            }
            for (Item b : i.blocks) {
                if (--b.blockers == 0 && b.state == Item.State.BLOCKED) {
                    start(b);
                }
            }
        }

        /** {@code window}: the one the error outlasted, or null. What stands on the item is skipped. */
        void fail(Item i, Throwable error, ErrorClass c, Duration window) {
            i.state = Item.State.FAILED;
            unsettled--;
            String message = settings.describer().describe(error) + (window == null ? "" : c.afterWindow(window));
            Failure f = new Failure(i.key(), i.kind().label(), i.current(), message, error, c);
            failures.add(f);
            emit(Event.Type.FAILED, i, f.phase(), null, f.toString());
            for (Item b : ItemGraph.blockedBehind(i)) {
                b.state = Item.State.SKIPPED;
                unsettled--;
                skipped.add(b.key());
                emit(Event.Type.SKIPPED, b, null, null, i.key());
            }
        }

        void emit(Event.Type type, Item i, Phase phase, Observed about, String detail) {
            long now = clock.nowMillis();
            listener.on(new Event(now, type, i.key(), i.kind().label(), i.work.action(), phase,
                    about == null ? null : about.id(), about == null ? null : about.state(), detail,
                    type == Event.Type.STARTED || i.startedAt < 0 ? 0 : now - i.startedAt));
        }
    }
}
