package dev.hackathon.infra.engine;

/** The step of a node's life an action or an error belongs to. */
public enum Phase {
    CREATE("creating"), UPDATE("updating"), DELETE("deleting"), WAIT_READY("waiting for"), WAIT_GONE("waiting for deletion of"), DISCOVER("reading");

    private final String verb;

    Phase(String verb) {
        this.verb = verb;
    }

    public String verb() {
        return verb;
    }
}
