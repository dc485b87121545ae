package dev.hackathon.infra.resources.compute;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;

import dev.hackathon.infra.aws.AwsErrors;
import dev.hackathon.infra.engine.Context;
import dev.hackathon.infra.engine.Observed;
import dev.hackathon.infra.engine.Policy;
import dev.hackathon.infra.engine.ResourceKind;
import dev.hackathon.infra.resources.Ownership;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.Tag;

/**
 * What the IAM kinds share. IAM is global: stacks in every Region of an account share one
 * namespace, so every name derives from the stack and its Region ({@link IamNames}) and every
 * role and instance profile lives under {@code /hackathon-infra/<stack>/<region>/}. Since the
 * names are known, discovery reads each entity by name (one Get per entity, no listing).
 */
abstract class IamKind<D> implements ResourceKind<D> {

    protected final IamClient iam;
    protected final Ownership owner;
    protected final IamNames names;

    protected IamKind(IamClient iam, IamNames names) {
        this.iam = iam;
        this.owner = names.owner();
        this.names = names;
    }

    /** The IAM path of everything this stack creates. */
    public String path() {
        return names.path();
    }

    /**
     * The entity of {@code key} read by its name: ours when its path and stack tag say so. When
     * it does not exist, the entity an older version named without the Region is looked for
     * (one more Get, only then): found and ours, it is returned under {@link IamNames#legacyKey},
     * a key no config has, so it shows as left over and {@code up} or {@code down} removes it
     * once nothing uses it. Its instance keeps running meanwhile: {@code up} moves it to the
     * new profile first. (If the same stack name ran in two Regions with the old version, both
     * shared this entity; the first Region to upgrade removes it and the other Region's next
     * {@code up} moves its instance to a profile of its own.)
     */
    protected <T> List<Observed> readByName(String key, Function<String, T> get, Function<T, String> pathOf,
                                            Function<T, List<Tag>> tagsOf, BiFunction<T, String, Observed> observed) {
        T current = getIfExists(get, names.name(key));
        if (current != null) {
            return ours(current, key, names.path(), pathOf, tagsOf) ? List.of(observed.apply(current, key)) : List.of();
        }
        T legacy = getIfExists(get, names.legacyName(key));
        if (legacy != null && ours(legacy, key, names.legacyPath(), pathOf, tagsOf)) {
            return List.of(observed.apply(legacy, IamNames.legacyKey(key)));
        }
        return List.of();
    }

    /** The same resource under its left-over key (see {@link #readByName}). */
    protected static Observed legacy(Observed o) {
        return o.withKey(IamNames.legacyKey(o.key()));
    }

    private <T> boolean ours(T entity, String key, String path, Function<T, String> pathOf, Function<T, List<Tag>> tagsOf) {
        return path.equals(pathOf.apply(entity)) && key.equals(owner.keyOf(tagMap(tagsOf.apply(entity))));
    }

    private static <T> T getIfExists(Function<String, T> get, String name) {
        try {
            return get.apply(name);
        } catch (RuntimeException e) {
            if (AwsErrors.isNotFound(e)) {
                return null;
            }
            throw e;
        }
    }

    protected static List<Tag> iamTags(String key, Context ctx) {
        List<Tag> out = new ArrayList<>();
        ctx.tags(key).forEach((k, v) -> out.add(Tag.builder().key(k).value(v).build()));
        return out;
    }

    protected static Map<String, String> tagMap(List<Tag> tags) {
        Map<String, String> m = new LinkedHashMap<>();
        if (tags != null) {
            tags.forEach(t -> m.put(t.key(), t.value()));
        }
        return m;
    }

    /**
     * IAM names are unique, so every create here is idempotent by name: a create repeated after
     * a lost answer meets EntityAlreadyExists, which the engine takes as "done" and looks the
     * entity up (ours by its tags); attaching or putting a policy again is harmless. So a lost
     * answer is retried by creating again, with no lookup first. ConcurrentModification (two
     * changes of one entity at once) passes in seconds. NoSuchEntity for what was just made
     * (the role not yet visible to AttachRolePolicy) is eventual consistency, retried by the
     * engine's rule for every service.
     */
    @Override
    public Policy policy() {
        return Policy.DEFAULT.withoutLookUp().retrying("ConcurrentModification", java.time.Duration.ofMinutes(1));
    }

    /** The part of a key after the kind: {@code bedrock} in {@code iam-inline-policy/bedrock}. */
    protected static String suffix(String key) {
        return key.substring(key.indexOf('/') + 1);
    }
}
