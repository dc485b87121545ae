package dev.hackathon.infra.engine;

/**
 * Something that happened to one resource during a run, typed; {@code output/} words it.
 *
 * @param action  what the run does with the resource (create, update, replace, delete, none)
 * @param phase   the step it is about: the one started, waited on, retried or failed; for
 *                DONE the last step that showed (what finishing means: created, updated,
 *                ready after a wait, deleted)
 * @param id      the AWS id it is about, when known
 * @param state   its state as AWS names it, when known
 * @param detail  RETRYING and FAILED: the error as a person reads it; STARTED an update: the
 *                changes; SKIPPED: the key whose failure skipped it
 */
public record Event(long atMillis, Type type, String key, String label, PlannedChange.Action action, Phase phase,
                    String id, String state, String detail, long elapsedMillis) {

    public enum Type {
        /** A call that changes something started (create, update, delete). */
        STARTED,
        /** The call returned; now waiting for AWS to finish. */
        WAITING,
        /** Ready, updated or deleted. */
        DONE,
        /** A passing error; tried again later. */
        RETRYING,
        FAILED,
        /** Not attempted because something it needs failed. */
        SKIPPED,
        /** A second resource carrying one key was deleted: not routine, the person should learn it. */
        DUPLICATE_DELETED
    }
}
