package dev.hackathon.infra.engine;

import java.util.List;
import java.util.function.Supplier;

/**
 * Handed to {@link ResourceKind#discover}: lets a kind whose listing needs another kind's
 * ids (rules need listener ARNs) read that kind's discovery result.
 */
public interface Discovery {

    /** What discovery found for another kind, waiting for it if still running. */
    List<Observed> of(String kind);

    /**
     * Whether {@link #shared} gives every kind of this discovery one answer: true for a whole
     * discovery ({@link Discoverer}), false for one kind read again while {@code up} waits.
     */
    default boolean sharesReads() {
        return false;
    }

    /**
     * A read several kinds make together (ELBv2 tags of load balancers, target groups,
     * listeners and rules in as few DescribeTags as possible): made once per discovery when it
     * {@link #sharesReads}, else each time it is asked for.
     */
    default <T> T shared(String name, Supplier<T> read) {
        return read.get();
    }
}
