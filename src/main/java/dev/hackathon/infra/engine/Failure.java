package dev.hackathon.infra.engine;

/** A root cause: what was being done to which resource, and the error as a person reads it. */
public record Failure(String key, String label, Phase phase, String message, Throwable error) {

    @Override
    public String toString() {
        return phase.verb() + " " + label + " (" + key + "): " + message;
    }
}
