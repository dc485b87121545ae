package dev.hackathon.infra.engine;

import java.util.List;

/** What a worker hands back to the coordinator: one type per result, each with what it needs. */
sealed interface Completion {

    /**
     * The item's current step made its call (or found it made): {@code observed} is the
     * resource as it stands afterwards (null after a delete); {@code acted}: a change was made.
     */
    record Stepped(Item item, Observed observed, boolean acted) implements Completion { }

    record Failed(Item item, Throwable error) implements Completion { }

    /** One read of a kind, serving every item waiting for it. */
    record Polled(String kind, List<Observed> found) implements Completion { }

    record PollFailed(String kind, Throwable error) implements Completion { }

    /** Not from a worker: the run was told to stop ({@link RunControl#stop}); wakes the coordinator. */
    record StopRequested() implements Completion { }
}
