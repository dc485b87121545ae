package dev.hackathon.infra.engine;

import java.util.List;

/**
 * Handed to {@link ResourceKind#discover}: lets a kind whose listing needs another kind's
 * ids (rules need listener ARNs) read that kind's discovery result.
 */
public interface Discovery {

    /** What discovery found for another kind, waiting for it if still running. */
    List<Observed> of(String kind);
}
