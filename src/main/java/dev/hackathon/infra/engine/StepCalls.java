package dev.hackathon.infra.engine;

import java.util.List;

import dev.hackathon.infra.engine.Completion.Stepped;
import dev.hackathon.infra.engine.PlannedChange.Action;

/**
 * The calls a step makes, on a worker. After an attempt that may have acted (its answer was
 * lost, or AWS said "already there"), a create looks its key up by tag first; an update tried
 * again reads its resource again first (an earlier attempt may have made part of the changes),
 * once, without sleeping: what was made is taken, what is left is done, nothing is made twice.
 * Each call is asked of the {@link RunControl} first.
 */
final class StepCalls {

    /** How long a resource made by a create whose answer was lost may be missing from tag-filtered listings. */
    static final long LISTING_LAG_MILLIS = 30_000;

    /** Reports a step as an event ({@link Executor}'s). */
    interface Emitter {
        void emit(Event.Type type, Item item, Phase phase, Observed about, String detail);
    }

    /** The resource a create made is not listed yet: the step is tried again later. */
    static final class NotListedYet extends RuntimeException {
        NotListedYet(String key) {
            super(key + " may have been made by an attempt whose answer was lost, and is not listed yet: looked for again");
        }
    }

    /** An error no retry mends, whatever its code says (AWS says "already there", and it is not ours). */
    static final class StepFailed extends RuntimeException {
        StepFailed(Throwable cause) {
            super(cause.getMessage(), cause);
        }
    }

    private final Clock clock;
    private final RunControl control;
    private final Context ctx;
    private final Known known;
    private final Emitter emitter;

    StepCalls(Clock clock, RunControl control, Context ctx, Known known, Emitter emitter) {
        this.clock = clock;
        this.control = control;
        this.ctx = ctx;
        this.known = known;
        this.emitter = emitter;
    }

    /** Makes the resource; {@code doubt}: what the last attempt's error leaves unknown, or null. */
    Stepped create(Item i, ErrorClass doubt) {
        Observed found = doubt == null ? null : lookUp(i, doubt);
        if (found != null) {
            return new Stepped(i, found, true);
        }
        control.beforeMutation();
        emitter.emit(Event.Type.STARTED, i, Phase.CREATE, null, null);
        return new Stepped(i, kind(i).create(i.key(), i.work.node().desired(), ctx), true);
    }

    /** The key's resource by tag; null: make it (again). */
    private Observed lookUp(Item i, ErrorClass doubt) {
        if (doubt == ErrorClass.LOST_ANSWER && !i.policy().lookUpBeforeRetry()) {
            return null; // the create is idempotent by itself (a token, a name)
        }
        Observed found = i.kind().discover(known).stream()
                .filter(o -> i.key().equals(o.key()) && i.kind().state(o).isLive()).findFirst().orElse(null);
        if (found == null && clock.nowMillis() - i.doubtAt < LISTING_LAG_MILLIS) {
            throw new NotListedYet(i.key());
        }
        if (found == null && doubt == ErrorClass.ALREADY_DONE) {
            throw new StepFailed(i.doubt); // there, but not the stack's
        }
        return found;
    }

    /**
     * Brings the resource in line with the changes known now: computed when the step runs,
     * against the ids known then, so a dependency made anew during the run is followed; when
     * it is tried again, against the resource as it is now.
     */
    Stepped update(Item i) {
        Observed current = known.get(i.key());
        if (i.since >= 0) { // tried before
            current = reread(i, current);
        }
        List<Change> changes = Decider.diff(i.work.node(), current, ctx);
        if (changes.isEmpty()) {
            return new Stepped(i, current, i.doubt != null); // in sync; after a doubtful attempt, by its doing
        }
        if (i.policy().forcesNew(changes)) {
            throw new StepFailed(new IllegalStateException(i.kind().label() + " " + i.key() + " now needs replacing ("
                    + changes + "), which the plan did not show; nothing was deleted. Run the command again to see"
                    + " and confirm the new plan"));
        }
        control.beforeMutation();
        if (i.work.action() == Action.UPDATE) { // after a create it is part of making it: no event of its own
            emitter.emit(Event.Type.STARTED, i, Phase.UPDATE, current, changes.toString());
        }
        return new Stepped(i, kind(i).update(i.key(), i.work.node().desired(), current, changes, ctx), true);
    }

    /** The resource as AWS has it now, after an update attempt that may have made part of its changes. */
    private Observed reread(Item i, Observed was) {
        Observed now = i.kind().discover(known).stream()
                .filter(o -> i.key().equals(o.key()) && was.id().equals(o.id())).findFirst().orElse(null);
        if (now == null) {
            // Made seconds ago, it may not be listed yet (tag-filtered listings lag).
            throw clock.nowMillis() - i.since < LISTING_LAG_MILLIS ? new NotListedYet(i.key())
                    : new StepFailed(new IllegalStateException(was.id() + " is no longer listed"));
        }
        return now;
    }

    Stepped delete(Item i) {
        control.beforeMutation();
        emitter.emit(Event.Type.STARTED, i, Phase.DELETE, i.work.target(), null);
        i.kind().delete(i.work.target(), ctx);
        return new Stepped(i, null, true);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static ResourceKind<Object> kind(Item i) {
        return (ResourceKind) i.kind();
    }
}
