package dev.hackathon.infra.engine;

/** Receives events from discovery and runs; implementations must be thread-safe. */
@FunctionalInterface
public interface RunListener {

    void on(Event event);

    RunListener NONE = e -> { };
}
