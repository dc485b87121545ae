package dev.hackathon.infra.engine;

/** Turns an exception into "Code: message", the form failures are reported in. */
@FunctionalInterface
public interface ErrorDescriber {

    String describe(Throwable error);

    ErrorDescriber PLAIN = e -> e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
}
