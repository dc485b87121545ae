package dev.hackathon.infra.engine;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The resources as a run knows them: what discovery found, then what its steps and polls
 * returned. A kind read again during the run (a poll, a lookup) reads its dependencies' results
 * here ({@link Discovery}); a step's {@link Context} finds its dependencies here, with the ids
 * known at that moment. Written by the coordinator, read by workers.
 */
final class Known implements Discovery {

    private final Map<String, Observed> byKey = new ConcurrentHashMap<>();
    private final Map<String, String> kindOfKey = new ConcurrentHashMap<>();

    Known(Plan plan) {
        Snapshot snapshot = plan.snapshot();
        snapshot.all().forEach(o -> {
            byKey.put(o.key(), o);
            kindOfKey.put(o.key(), snapshot.kindOf(o.key()));
        });
        plan.graph().nodes().forEach(n -> kindOfKey.put(n.key(), n.kind().name()));
    }

    Observed get(String key) {
        return byKey.get(key);
    }

    void put(String key, Observed o) {
        byKey.put(key, o);
    }

    /** The key's resource is no longer {@code o} (it went): the key is free. */
    void remove(String key, Observed o) {
        if (o != null) {
            byKey.remove(key, o);
        }
    }

    @Override
    public List<Observed> of(String kind) {
        return byKey.entrySet().stream().filter(e -> kind.equals(kindOfKey.get(e.getKey())))
                .map(Map.Entry::getValue).toList();
    }

    Context context(Function<String, Map<String, String>> tagsForKey) {
        return new SnapshotContext(k -> Optional.ofNullable(byKey.get(k)), tagsForKey);
    }

    /** What the run ends with, for its result. */
    Map<String, Observed> all() {
        return new LinkedHashMap<>(byKey);
    }
}
