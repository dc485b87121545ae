package dev.hackathon.infra.stack.preflight;

/**
 * One line of the preflight: a check's id ({@code quota.vpcs}, {@code bedrock.model:<id>}),
 * its status, what was found, and for a failure or a warning what to do about it.
 */
public record Finding(String id, Status status, String detail, String fix) {

    /** ✓ passed, ! warning (could not check, or not needed by up), ✗ failed. */
    public enum Status {
        OK, WARN, FAIL;

        /** Lower case, as in the JSON document. */
        public String json() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public static Finding ok(String id, String detail) {
        return new Finding(id, Status.OK, detail, null);
    }

    public static Finding warn(String id, String detail, String fix) {
        return new Finding(id, Status.WARN, detail, fix);
    }

    public static Finding fail(String id, String detail, String fix) {
        return new Finding(id, Status.FAIL, detail, fix);
    }

    public boolean failed() {
        return status == Status.FAIL;
    }
}
