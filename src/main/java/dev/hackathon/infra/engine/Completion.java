package dev.hackathon.infra.engine;

import java.util.List;

/** What a worker hands back to the coordinator: one type per result, each with what it needs. */
sealed interface Completion {

    /** Made now, or found made by this run's lost create: counted as created. */
    record Created(Item item, Observed observed) implements Completion { }

    record Updated(Item item, Observed observed) implements Completion { }

    /** Already in sync; maybe not ready yet (a rerun after a crash mid-wait). */
    record InSync(Item item, Observed observed) implements Completion { }

    /** The decision was a replacement: the coordinator deletes, then creates. */
    record MustReplace(Item item) implements Completion { }

    /** The decision was a create once the key's old resource, still being deleted, is gone. */
    record OldOneLeaving(Item item, Observed old) implements Completion { }

    /** The delete call returned; the resource may take a while to disappear. */
    record DeleteStarted(Item item, Observed target) implements Completion { }

    /** {@code phase}: the step the error came from when it is not the item's current one (an update). */
    record Failed(Item item, Throwable error, Phase phase) implements Completion { }

    /** One read of a kind, serving every item waiting for it. */
    record Polled(String kind, List<Observed> found) implements Completion { }

    record PollFailed(String kind, Throwable error) implements Completion { }

    /** Not from a worker: the run was told to stop ({@link RunControl#stop}); wakes the coordinator. */
    record StopRequested() implements Completion { }
}
