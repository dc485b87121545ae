package dev.hackathon.infra.engine;

/**
 * A root cause: what was being done to which resource, the error as a person reads it, and
 * what the run's classifier made of it ({@link ErrorClass#CREDENTIALS}: the login fix, exit 4).
 */
public record Failure(String key, String label, Phase phase, String message, Throwable error, ErrorClass errorClass) {

    @Override
    public String toString() {
        return phase.verb() + " " + label + " (" + key + "): " + message;
    }
}
