package dev.hackathon.infra.engine;

/** Something that happened to one resource during a run, for progress output. */
public record Event(long atMillis, Type type, String key, String label, Phase phase, String message, long elapsedMillis) {

    public enum Type {
        /** An action started (creating, updating, deleting). */
        STARTED,
        /** The call returned; now waiting for AWS to finish. */
        WAITING,
        /** Ready, updated, deleted or already in sync. */
        DONE,
        /** A passing error; tried again later. */
        RETRYING,
        FAILED,
        /** Not attempted because something it needs failed. */
        SKIPPED,
        /** A remark that is not about progress (a duplicate deleted, an orphan removed). */
        NOTE
    }
}
