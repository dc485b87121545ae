package dev.hackathon.infra.engine;

import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What discovery found for one resource: its logical key (from the {@code hackathon-infra:key}
 * tag), its AWS id, its lifecycle state as AWS names it, the tags it carries, a few outputs
 * worth showing, and the raw SDK object for the kind's own diff. Beside them, facts the kind
 * read with it that the engine and the stack use without asking the kind again:
 * {@code references} (ids of other resources it uses: which of two copies of those is kept,
 * {@link DuplicateChoice}), {@code createdAt} (among copies the oldest is kept) and
 * {@code protection} (what keeps it from being deleted until a person says so, or null).
 */
public record Observed(String key, String id, String state, Map<String, String> tags,
                       Map<String, String> outputs, Object raw, Set<String> references, Instant createdAt,
                       String protection) {

    public Observed {
        tags = tags == null ? Map.of() : Map.copyOf(tags);
        outputs = outputs == null ? Map.of() : Map.copyOf(outputs);
        references = references == null ? Set.of() : Set.copyOf(references);
    }

    public Observed(String key, String id, String state, Map<String, String> tags, Map<String, String> outputs,
                    Object raw) {
        this(key, id, state, tags, outputs, raw, Set.of(), null, null);
    }

    public Observed(String key, String id, String state, Map<String, String> tags, Object raw) {
        this(key, id, state, tags, Map.of(), raw);
    }

    @SuppressWarnings("unchecked")
    public <T> T raw(Class<T> type) {
        return (T) raw;
    }

    /** The same resource, using these other resources (nulls left out). */
    public Observed referring(Collection<String> ids) {
        Set<String> s = new java.util.HashSet<>(ids);
        s.remove(null);
        return new Observed(key, id, state, tags, outputs, raw, s, createdAt, protection);
    }

    /** The same resource, made by AWS at this time (null: not said). */
    public Observed madeAt(Instant time) {
        return new Observed(key, id, state, tags, outputs, raw, references, time, protection);
    }

    /** The same resource, protected from deletion for this reason (null: not protected). */
    public Observed protectedBy(String why) {
        return new Observed(key, id, state, tags, outputs, raw, references, createdAt, why);
    }

    /** The same resource under another key. */
    public Observed withKey(String newKey) {
        return new Observed(newKey, id, state, tags, outputs, raw, references, createdAt, protection);
    }

    public Optional<String> deletionProtection() {
        return Optional.ofNullable(protection);
    }

    public Optional<Instant> created() {
        return Optional.ofNullable(createdAt);
    }
}
