package dev.hackathon.infra.resources.data;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;

import dev.hackathon.infra.aws.AwsErrors;
import dev.hackathon.infra.engine.Context;
import dev.hackathon.infra.resources.Ownership;

/**
 * What the RDS and ElastiCache kinds share: their own Tag types (tags on create through
 * the API's Tags parameter, no TagSpecification), converted both ways in the stack's
 * order, and NotFound on delete counting as deleted.
 */
final class DataApi {

    private DataApi() {
    }

    static List<software.amazon.awssdk.services.rds.model.Tag> rds(String key, Context ctx) {
        List<software.amazon.awssdk.services.rds.model.Tag> out = new ArrayList<>();
        ctx.tags(key).forEach((k, v) -> out.add(software.amazon.awssdk.services.rds.model.Tag.builder().key(k).value(v).build()));
        return out;
    }

    static Map<String, String> fromRds(List<software.amazon.awssdk.services.rds.model.Tag> tags) {
        Map<String, String> m = new LinkedHashMap<>();
        if (tags != null) {
            tags.forEach(t -> m.put(t.key(), t.value()));
        }
        return m;
    }

    static List<software.amazon.awssdk.services.elasticache.model.Tag> cache(String key, Context ctx) {
        List<software.amazon.awssdk.services.elasticache.model.Tag> out = new ArrayList<>();
        ctx.tags(key).forEach((k, v) -> out.add(software.amazon.awssdk.services.elasticache.model.Tag.builder().key(k).value(v).build()));
        return out;
    }

    static Map<String, String> fromCache(List<software.amazon.awssdk.services.elasticache.model.Tag> tags) {
        Map<String, String> m = new LinkedHashMap<>();
        if (tags != null) {
            tags.forEach(t -> m.put(t.key(), t.value()));
        }
        return m;
    }

    /**
     * The listed resources named with the kind's prefix whose tags say they are the stack's,
     * with their tags, in listing order. Neither API filters or answers by tag, so: the names
     * narrow it to a few (normally one), then one ListTagsForResource each confirms it (the
     * name alone is no proof: stack "a-db" vs "a"); one deleted in between is skipped.
     */
    static <G> Map<G, Map<String, String>> ownedByNameThenTags(Stream<G> listed, Function<G, String> name,
                                                               String prefix, Function<G, Map<String, String>> readTags,
                                                               Ownership owner) {
        Map<G, Map<String, String>> out = new LinkedHashMap<>();
        listed.filter(g -> name.apply(g).startsWith(prefix)).forEach(g -> {
            try {
                Map<String, String> tags = readTags.apply(g);
                if (owner.owns(tags)) {
                    out.put(g, tags);
                }
            } catch (RuntimeException e) {
                if (!AwsErrors.isNotFound(e)) {
                    throw e;
                }
            }
        });
        return out;
    }
}
