package dev.hackathon.infra.engine;

import java.util.List;
import java.util.function.Supplier;

/**
 * Handed to {@link ResourceKind#discover}: lets a kind whose listing needs another kind's
 * ids (rules need listener ARNs) read that kind's discovery result, and lets kinds that
 * read the same listing (security groups and the default security group) read it once.
 */
public interface Discovery {

    /** What discovery found for another kind, waiting for it if still running. */
    List<Observed> of(String kind);

    /**
     * The answer of {@code read}, made once per discovery of the whole stack however many
     * kinds ask for {@code name}; a poll of one kind (or a look-up before a retry) reads
     * afresh, so it never sees an answer older than itself.
     */
    default <T> T shared(String name, Supplier<T> read) {
        return read.get();
    }
}
