package dev.hackathon.infra.engine;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What a run deletes beyond the graph: orphans (ours, no longer in the config) and copies of
 * one key (a lost create's twin). Which copy stays is the snapshot's choice
 * ({@link Snapshot#duplicates}); this only turns the rest into delete items. Each is deleted
 * by the graph's kind of that name where there is one (it carries the run's settings), else by
 * the kind that read it.
 */
final class Extras {

    private Extras() {
    }

    static List<Item> of(Graph graph, Snapshot snapshot) {
        Map<String, ResourceKind<?>> graphKinds = new HashMap<>();
        graph.kinds().forEach(k -> graphKinds.put(k.name(), k));
        List<Item> out = new ArrayList<>();
        for (String orphan : snapshot.orphans(graph)) {
            ResourceKind<?> kind = graphKinds.getOrDefault(snapshot.kindOf(orphan), snapshot.kind(snapshot.kindOf(orphan)));
            out.add(new Item("orphan:" + orphan, orphan, kind, null, snapshot.find(orphan).orElseThrow(), Item.Mode.DELETE));
        }
        for (Observed dup : snapshot.duplicates()) {
            ResourceKind<?> kind = graphKinds.getOrDefault(snapshot.kindOf(dup), snapshot.kind(snapshot.kindOf(dup)));
            Item copy = new Item("copy:" + dup.key() + "#" + dup.id(), dup.key(), kind, null, dup, Item.Mode.DELETE);
            copy.duplicate = true;
            out.add(copy);
        }
        return out;
    }
}
