package dev.hackathon.infra.engine;

import java.util.List;

/**
 * What {@code status} says about an existing resource beyond its drift, for the few kinds that
 * have something to say (a target failing health checks, a certificate not issued yet, plain
 * HTTP). Not part of the {@link ResourceKind} contract: {@code up} and {@code down} never ask.
 */
public interface Reported<D> {

    /** Things to say although they are not drift from the config. */
    default List<String> warnings(String key, D desired, Observed actual) {
        return List.of();
    }

    /**
     * Whether it passes its health checks. {@code status} counts one that does not as
     * unhealthy; {@code up} never waits for it (the application may not be deployed yet).
     */
    default boolean healthy(Observed observed) {
        return true;
    }
}
