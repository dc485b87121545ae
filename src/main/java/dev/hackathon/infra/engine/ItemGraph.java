package dev.hackathon.infra.engine;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The items of one run and what blocks what, built and checked for cycles before the walk
 * starts (terraform's dag: validate, then walk), so a cycle fails at once with its members
 * named instead of stalling the run.
 */
final class ItemGraph {

    private final Map<String, Item> items = new LinkedHashMap<>();

    private ItemGraph() {
    }

    /** {@code up}: nodes after their dependencies; extras after what stands on their kind. */
    static ItemGraph forUp(Graph graph, Snapshot snapshot) {
        ItemGraph g = new ItemGraph();
        for (Node n : graph.nodes()) {
            g.add(new Item(n.key(), n.key(), n.kind(), n, null, Item.Mode.CONVERGE));
        }
        Extras.of(graph, snapshot).forEach(g::add);
        for (Item item : g.items.values()) {
            if (item.mode == Item.Mode.CONVERGE) {
                item.node.dependsOn().forEach(d -> item.blockedBy(g.items.get(d)));
            } else {
                // An extra goes after every converging node of a kind that depends on its
                // kind (a rule moved off an orphan target group first), and after extras
                // that depend on it.
                for (Item other : g.items.values()) {
                    if (other != item && graph.kindDependsOn(other.kind, item.kind.name())
                            && !(other.isExtra() && other.sameKind(item))) {
                        item.blockedBy(other);
                    }
                }
            }
        }
        g.checkAcyclic();
        return g;
    }

    /** {@code down}: everything that exists, whatever depends on an item deleted before it. */
    static ItemGraph forDown(Graph graph, Snapshot snapshot) {
        ItemGraph g = new ItemGraph();
        for (Node n : graph.nodes()) {
            Observed o = snapshot.find(n.key()).orElse(null);
            g.add(new Item(n.key(), n.key(), n.kind(), n, o, Item.Mode.DELETE));
        }
        Extras.of(graph, snapshot).forEach(g::add);
        for (Item item : g.items.values()) {
            for (Item other : g.items.values()) {
                if (other != item && dependsOn(graph, other, item)) {
                    item.blockedBy(other); // what depends on item goes first
                }
            }
        }
        g.checkAcyclic();
        return g;
    }

    /**
     * Between two nodes, their keys decide; otherwise their kinds. A kind's dependency on
     * itself (a security group allowing traffic from another) orders nothing between an
     * extra and another resource of that kind: neither key says which refers to which, and
     * ordering both ways would stall the run. Such a kind deletes in any order (security
     * groups revoke the rules that refer to them first).
     */
    private static boolean dependsOn(Graph graph, Item a, Item b) {
        if (a.node != null && b.node != null) {
            return a.node.dependsOn().contains(b.key);
        }
        return !a.sameKind(b) && graph.kindDependsOn(a.kind, b.kind.name());
    }

    private void add(Item item) {
        items.put(item.id, item);
    }

    Map<String, Item> items() {
        return items;
    }

    /** Kahn's algorithm over the blocking edges; names the items left on a cycle. */
    private void checkAcyclic() {
        Map<Item, Integer> indegree = new HashMap<>();
        items.values().forEach(i -> indegree.put(i, i.blockers.size()));
        Deque<Item> ready = new ArrayDeque<>();
        items.values().stream().filter(i -> i.blockers.isEmpty()).forEach(ready::add);
        int seen = 0;
        while (!ready.isEmpty()) {
            Item i = ready.poll();
            seen++;
            for (Item b : i.blocks) {
                if (indegree.merge(b, -1, Integer::sum) == 0) {
                    ready.add(b);
                }
            }
        }
        if (seen != items.size()) {
            List<String> cyclic = items.values().stream().filter(i -> indegree.get(i) > 0).map(i -> i.id).sorted()
                    .toList();
            throw new IllegalStateException("dependency cycle among " + cyclic
                    + " (the kinds' declared dependencies order them both ways); nothing was changed");
        }
    }
}
