package dev.hackathon.infra.engine;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Where one unit of a run stands: its planned {@link Work} (what and which steps, fixed), its
 * place in the walk (blocked by how many, state), and its position in its steps: the step,
 * the attempts at it and since when it has been failing or waiting, which with the retry
 * windows makes its deadline. Owned by the coordinator thread.
 */
final class Item {

    enum State { BLOCKED, ACTIVE, DONE, FAILED, SKIPPED }

    final Work work;
    /** The items waiting for this one. */
    final Set<Item> blocks = new HashSet<>();
    /** How many items this one still waits for. */
    int blockers;
    State state = State.BLOCKED;
    int step;
    /** The step's last error, and how many times in a row it came (the retry's backoff grows with it). */
    String lastError;
    int attempts;
    /** When the current step began failing, or waiting; -1 while it is neither. */
    long since = -1;
    /** An attempt that may have acted although it failed (a lost answer, "already there"): the next one reads first. */
    Throwable doubt;
    long doubtAt;
    /** For progress: when the item began, and the last step it showed (what "done" means for it). */
    long startedAt = -1;
    Phase shown;

    Item(Work work) {
        this.work = work;
    }

    String key() {
        return work.key();
    }

    ResourceKind<?> kind() {
        return work.kind();
    }

    Policy policy() {
        return work.kind().policy();
    }

    List<Phase> steps() {
        return work.steps();
    }

    boolean finished() {
        return step >= steps().size();
    }

    Phase current() {
        return steps().get(step);
    }

    /** The step is done: the next one starts afresh. */
    void next() {
        step++;
        attempts = 0;
        since = -1;
        doubt = null;
        lastError = null;
    }

    boolean sameKind(Item other) {
        return kind().name().equals(other.kind().name());
    }

    void blockedBy(Item by) {
        if (by.blocks.add(this)) {
            blockers++;
        }
    }
}
