package dev.hackathon.infra.engine;

import java.util.Map;

/**
 * What discovery found for one resource: its logical key (from the
 * {@code hackathon-infra:key} tag), its AWS id, its lifecycle state, the tags it carries,
 * a few outputs worth showing, and the raw SDK object for the kind's own diff.
 */
public record Observed(String key, String id, String state, Map<String, String> tags,
                       Map<String, String> outputs, Object raw) {

    public Observed {
        tags = tags == null ? Map.of() : Map.copyOf(tags);
        outputs = outputs == null ? Map.of() : Map.copyOf(outputs);
    }

    public Observed(String key, String id, String state, Map<String, String> tags, Object raw) {
        this(key, id, state, tags, Map.of(), raw);
    }

    @SuppressWarnings("unchecked")
    public <T> T raw(Class<T> type) {
        return (T) raw;
    }
}
