package dev.hackathon.infra.engine;

/** Where a resource stands after create or update. */
public enum Readiness {
    READY, PENDING, FAILED
}
