package dev.hackathon.infra.engine;

/** Turns an exception into "Code: message", the form failures are reported in. */
@FunctionalInterface
public interface ErrorDescriber {

    String describe(Throwable error);

    /** The message; one that says there was none rather than the bare exception type. */
    ErrorDescriber PLAIN = e -> e.getMessage() == null || e.getMessage().isBlank()
            ? "an unexpected internal error with no message; run again with --verbose for the details" : e.getMessage();
}
