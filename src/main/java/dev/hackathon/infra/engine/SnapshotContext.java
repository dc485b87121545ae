package dev.hackathon.infra.engine;

import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/** A {@link Context} answering from a map of resolved resources. */
final class SnapshotContext implements Context {

    private final Function<String, Optional<Observed>> lookup;
    private final Function<String, Map<String, String>> tags;

    SnapshotContext(Function<String, Optional<Observed>> lookup, Function<String, Map<String, String>> tags) {
        this.lookup = lookup;
        this.tags = tags;
    }

    @Override
    public Optional<Observed> find(String key) {
        return lookup.apply(key);
    }

    @Override
    public Map<String, String> tags(String key) {
        return tags.apply(key);
    }
}
