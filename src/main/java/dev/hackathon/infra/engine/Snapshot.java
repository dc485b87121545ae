package dev.hackathon.infra.engine;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything the stack owns, as found by one bulk discovery: for each key the live
 * resource, plus the extra copies when a lost response left two for one key.
 */
public final class Snapshot {

    private final Map<String, Observed> byKey = new LinkedHashMap<>();
    private final Map<String, String> kindOfKey = new LinkedHashMap<>();
    private final List<Observed> duplicates = new ArrayList<>();
    private final List<Observed> keptDuplicates = new ArrayList<>();
    private final Map<Observed, String> kindOfDuplicate = new LinkedHashMap<>();
    private final Map<String, ResourceKind<?>> kinds = new LinkedHashMap<>();
    private final List<Observed> foreign = new ArrayList<>();
    private final Map<Observed, String> kindOfForeign = new LinkedHashMap<>();

    /** Adds what a kind's discovery found; gone resources are left out, copies kept apart. */
    public void add(ResourceKind<?> kind, Collection<Observed> found) {
        kinds.putIfAbsent(kind.name(), kind);
        for (Observed o : found) {
            boolean gone = kind.state(o).isGone();
            if (o.key() == null && kind.policy().reportsForeign() && !gone) {
                foreign.add(o);
                kindOfForeign.put(o, kind.name());
                continue;
            }
            if (o.key() == null || gone) {
                continue;
            }
            Observed first = byKey.putIfAbsent(o.key(), o);
            if (first == null) {
                kindOfKey.put(o.key(), kind.name());
            } else {
                duplicates.add(o);
                kindOfDuplicate.put(o, kind.name());
            }
        }
    }

    /**
     * Resources found beside ours that are not ours (see {@link Policy#reportsForeign}):
     * reported, never changed. Their kind is {@link #kindOf(Observed)}.
     */
    public List<Observed> foreign() {
        return List.copyOf(foreign);
    }

    public Optional<Observed> find(String key) {
        return Optional.ofNullable(byKey.get(key));
    }

    public Collection<Observed> all() {
        return byKey.values();
    }

    public String kindOf(String key) {
        return kindOfKey.get(key);
    }

    /**
     * Chooses, for each key found more than once, the copy to keep ({@link DuplicateChoice}),
     * once every kind was added; copies of kinds that keep duplicates move to
     * {@link #keptDuplicates}. Discovery calls it; calling it again changes nothing.
     */
    public Snapshot chooseAmongDuplicates() {
        if (duplicates.isEmpty()) {
            return this;
        }
        java.util.Set<String> referenced = DuplicateChoice.referenced(this);
        Map<String, List<Observed>> byKeyCandidates = new LinkedHashMap<>();
        for (Observed d : duplicates) {
            byKeyCandidates.computeIfAbsent(d.key(), k -> new ArrayList<>(List.of(byKey.get(k)))).add(d);
        }
        duplicates.clear();
        byKeyCandidates.forEach((key, candidates) -> {
            ResourceKind<?> kind = kinds.get(kindOfKey.get(key));
            Observed keeper = DuplicateChoice.keeper(kind, candidates, referenced);
            byKey.put(key, keeper);
            for (Observed c : candidates) {
                // A copy already being deleted is neither deleted again nor reported: it is going.
                if (c != keeper && !kind.state(c).isDeleting()) {
                    kindOfDuplicate.put(c, kind.name());
                    (kind.policy().keepsDuplicates() ? keptDuplicates : duplicates).add(c);
                }
            }
        });
        return this;
    }

    /** Every resource read, the keepers and the copies. */
    List<Observed> everything() {
        List<Observed> out = new ArrayList<>(byKey.values());
        out.addAll(duplicates);
        out.addAll(keptDuplicates);
        return out;
    }

    /** Resources beyond the kept one for a key: ours by tag, to be deleted by {@code up}. */
    public List<Observed> duplicates() {
        return List.copyOf(duplicates);
    }

    /**
     * Copies of a key of a kind that keeps duplicates (database, cache, instance): reported by
     * {@code status}, {@code up} and {@code down}, never deleted.
     */
    public List<Observed> keptDuplicates() {
        return List.copyOf(keptDuplicates);
    }

    public String kindOf(Observed duplicate) {
        String kind = kindOfDuplicate.get(duplicate);
        return kind != null ? kind : kindOfForeign.get(duplicate);
    }

    /**
     * A kind that was read, by name: an orphan's kind may have no node left in the graph
     * (the config dropped the cache), yet the engine must delete and wait with it.
     */
    public ResourceKind<?> kind(String name) {
        return kinds.get(name);
    }

    /** Keys that exist, carry the stack tag, and are not in the graph. */
    public List<String> orphans(Graph graph) {
        return byKey.keySet().stream().filter(k -> !graph.contains(k)).toList();
    }
}
