package dev.hackathon.infra.stack;

import java.util.LinkedHashMap;
import java.util.Map;

import dev.hackathon.infra.config.StackConfig;
import dev.hackathon.infra.resources.Ownership;

/** The tags every resource carries: the config's tags, then ownership (which cannot be overridden). */
public final class StackTags {

    public static final String EXPIRES_TAG = "hackathon-infra:expires-at";

    private final StackConfig config;

    public StackTags(StackConfig config) {
        this.config = config;
    }

    public Map<String, String> forKey(String key) {
        Map<String, String> tags = new LinkedHashMap<>(config.tags());
        if (config.expiresAt() != null) {
            tags.put(EXPIRES_TAG, config.expiresAt());
        }
        tags.put(Ownership.STACK_TAG, config.stack());
        tags.put(Ownership.KEY_TAG, key);
        return tags;
    }
}
