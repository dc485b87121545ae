package dev.hackathon.infra.engine;

import java.util.HashSet;
import java.util.Set;

/** One unit of work of a run: converge a node, or delete one existing resource. Coordinator-owned. */
final class Item {

    enum Mode { CONVERGE, DELETE }

    enum State { BLOCKED, RUNNING, RETRY, WAITING, DONE, FAILED, SKIPPED }

    final String id;
    final String key;
    final ResourceKind<?> kind;
    final Node node;
    final Mode mode;
    Observed target;
    final Set<Item> blockers = new HashSet<>();
    final Set<Item> blocks = new HashSet<>();
    State state = State.BLOCKED;
    Phase phase;
    int attempts;
    long startedAt = -1;
    long firstErrorAt = -1;
    long waitingSince;
    int polls;
    long nextPollAt;
    boolean acted;
    boolean replacing;
    /** The key's old resource, being deleted by another run, that this converge waits to see gone. */
    Observed leaving;
    /** A second resource carrying a key that another one already has (a lost create's twin). */
    boolean duplicate;
    /** The last create failed in a way it may still have run (a lost answer): when it ended. */
    long createMayHaveRunAt = -1;

    Item(String id, String key, ResourceKind<?> kind, Node node, Observed target, Mode mode) {
        this.id = id;
        this.key = key;
        this.kind = kind;
        this.node = node;
        this.target = target;
        this.mode = mode;
    }

    boolean isExtra() {
        return node == null;
    }

    boolean sameKind(Item other) {
        return kind.name().equals(other.kind.name());
    }

    void blockedBy(Item by) {
        blockers.add(by);
        by.blocks.add(this);
    }
}
