package dev.hackathon.infra.resources.data;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.hackathon.infra.aws.AwsErrors;
import dev.hackathon.infra.engine.Context;

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
}
