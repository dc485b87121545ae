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

    /** The AWS id of a dependency; fails loudly if the dependency is not there (create and update). */
    default String id(String key) {
        return find(key).map(Observed::id)
                .orElseThrow(() -> new IllegalStateException("dependency " + key + " is not available"));
    }

    /**
     * The AWS id of a dependency, or {@link #unknown} while it is not made yet: what a diff
     * compares with, so that planning over a stack whose dependencies are still to be made says
     * so as a change ({@code subnets: [] -> [(subnet/app-a)]}) instead of failing.
     */
    default String idOrUnknown(String key) {
        return find(key).map(Observed::id).orElse(unknown(key));
    }

    /** How an id known only once {@code key} is created reads in a change. */
    static String unknown(String key) {
        return "(" + key + ")";
    }

    /** All tags for the resource with this key: stack, key and the config's tags. */
    Map<String, String> tags(String key);
}
