package dev.hackathon.infra.cli;

/** Another run holds the stack's lock (exit 5). */
public final class LockHeldException extends RuntimeException {

    public LockHeldException(String message) {
        super(message);
    }
}
