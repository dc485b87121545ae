package dev.hackathon.infra.engine;

import java.util.Map;
import java.util.Optional;

/**
 * What a resource action may ask of the run: the resolved state of its dependencies
 * and the tags it must carry. During planning it answers from the discovered snapshot,
 * during a run from the results so far.
 */
public interface Context {

    /** The resource behind a key, when it exists. */
    Optional<Observed> find(String key);

    /** The AWS id of a dependency; fails loudly if the dependency is not there. */
    default String id(String key) {
        return find(key).map(Observed::id)
                .orElseThrow(() -> new IllegalStateException("dependency " + key + " is not available"));
    }

    /** All tags for the resource with this key: stack, key and the config's tags. */
    Map<String, String> tags(String key);
}
