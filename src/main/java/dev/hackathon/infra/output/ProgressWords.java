package dev.hackathon.infra.output;

import dev.hackathon.infra.engine.Event;
import dev.hackathon.infra.engine.Phase;
import dev.hackathon.infra.engine.PlannedChange;

/**
 * How a run's events read: "creating", "waiting until ready (nat-0abc: pending)", "available
 * vpc-0abc", "deleted". The engine's events are typed; the words are only here.
 */
public final class ProgressWords {

    private ProgressWords() {
    }

    /** The event as a person reads it, after the key. */
    public static String of(Event e) {
        return switch (e.type()) {
            case STARTED -> switch (e.phase()) {
                case CREATE -> "creating";
                case UPDATE -> "updating " + e.detail();
                default -> "deleting " + e.id();
            };
            case WAITING -> e.phase() == Phase.WAIT_READY ? "waiting until ready" + idAndState(e)
                    : e.action() == PlannedChange.Action.CREATE
                    ? "waiting until the old one is gone" + idAndState(e) + ", then creating" : "waiting until gone";
            case DONE -> switch (e.phase()) {
                case CREATE -> stateWord(e) + " " + e.id();
                case UPDATE -> "updated";
                case WAIT_READY -> stateWord(e);
                default -> "deleted";
            };
            case RETRYING -> e.phase() == Phase.WAIT_READY || e.phase() == Phase.WAIT_GONE
                    ? "reading " + e.label() + " failed: " + e.detail() : e.detail();
            case FAILED -> e.detail();
            case SKIPPED -> "skipped: " + e.detail() + " failed";
            case DUPLICATE_DELETED -> "deleted duplicate " + e.key() + " " + e.id() + " (two resources carried one key)";
        };
    }

    /** The state AWS reports once a resource is ready ("available", "running", "active"). */
    private static String stateWord(Event e) {
        return e.state() == null || e.state().isBlank() ? "ready" : e.state();
    }

    private static String idAndState(Event e) {
        return e.id() == null ? "" : " (" + e.id() + (e.state() == null ? "" : ": " + e.state()) + ")";
    }
}
