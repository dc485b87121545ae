package dev.hackathon.infra.config;

import dev.hackathon.infra.config.YamlNode.Entry;
import dev.hackathon.infra.config.YamlNode.Mapping;
import java.util.Collection;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/** The fields of one YAML mapping. Keys it does not know are reported as soon as it is opened. */
final class Section {

    private final Field owner;
    private final Mapping mapping;
    private final Map<String, Entry> entries;
    /** Known keys that an unknown key was taken for: their absence is that same mistake, not a second one. */
    private final Set<String> misspelt = new HashSet<>();

    /**
     * @param mapping   null for an absent (or mistyped) section, whose fields are then all absent
     * @param known     the keys it may have; null when any key is allowed (tags, targets)
     * @param elsewhere a hint for an unknown key that is not a misspelling, or null
     */
    Section(Field owner, Mapping mapping, Collection<String> known, Function<String, String> elsewhere) {
        this.owner = owner;
        this.mapping = mapping;
        this.entries = mapping == null ? Map.of() : mapping.entries();
        if (known != null) {
            entries.keySet().stream().filter(key -> !known.contains(key))
                    .forEach(key -> unknown(key, known, elsewhere));
        }
    }

    private void unknown(String key, Collection<String> known, Function<String, String> elsewhere) {
        String hint = elsewhere.apply(key);
        if (hint == null) {
            Optional<String> nearest = DidYouMean.nearest(key, known);
            nearest.ifPresent(misspelt::add);
            hint = nearest.map(k -> "; did you mean '" + k + "'?").orElse("");
        }
        keyProblem(key, "unknown key '" + key + "'" + hint);
    }

    /** The value was there but was not a mapping (already reported): checking its fields would only repeat that. */
    boolean mistyped() {
        return owner.present() && mapping == null;
    }

    /**
     * The value under {@code key}. Problems point at the key's line (a block list or mapping starts a line
     * below its key, and "got 6 zones" belongs to the key); when absent, at this section.
     */
    Field field(String key) {
        Entry entry = entries.get(key);
        if (entry == null) {
            Field absent = owner.child(key, null, owner.line());
            return misspelt.contains(key) ? absent.misspelt() : absent;
        }
        return owner.child(key, entry.value(), entry.keyLine());
    }

    Set<String> keys() {
        return entries.keySet();
    }

    int size() {
        return entries.size();
    }

    /** A problem with the key itself (its spelling, its name), reported on the key's line. */
    void keyProblem(String key, String message) {
        owner.child(key, null, entries.get(key).keyLine()).problem(message);
    }
}
