package dev.hackathon.infra.engine;

/**
 * One field that differs between what exists and what the config wants.
 * {@code security} marks drift that opens something up (an egress rule on the db group).
 */
public record Change(String field, String actual, String desired, boolean security) {

    public Change(String field, Object actual, Object desired) {
        this(field, String.valueOf(actual), String.valueOf(desired), false);
    }

    public static Change security(String field, Object actual, Object desired) {
        return new Change(field, String.valueOf(actual), String.valueOf(desired), true);
    }

    @Override
    public String toString() {
        return field + ": " + actual + " -> " + desired;
    }
}
