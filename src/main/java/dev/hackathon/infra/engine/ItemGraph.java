package dev.hackathon.infra.engine;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The items of one run and what blocks what, built from the plan and checked for cycles before
 * the walk starts (terraform's dag: validate, then walk), so a cycle fails at once with its
 * members named instead of stalling the run.
 */
final class ItemGraph {

    private ItemGraph() {
    }

    /**
     * {@code up}: nodes after their dependencies; extras (orphans, copies) after what stands on
     * their kind. {@code down}: whatever depends on an item goes before it.
     */
    static Map<String, Item> of(Plan plan) {
        Graph graph = plan.graph();
        // In the graph's order, then what goes beyond it: the walk starts them, and reports what
        // is left, in that order.
        Map<String, Item> items = new LinkedHashMap<>();
        Map<String, Work> ofNode = new HashMap<>();
        plan.work().stream().filter(w -> !w.isExtra()).forEach(w -> ofNode.put(w.key(), w));
        graph.nodes().forEach(n -> items.put(n.key(), new Item(ofNode.get(n.key()))));
        plan.work().stream().filter(Work::isExtra).forEach(w -> items.put(w.id(), new Item(w)));
        for (Item item : items.values()) {
            for (Item other : items.values()) {
                if (other != item && (plan.forDown() ? dependsOn(graph, other, item) : goesFirst(graph, other, item))) {
                    item.blockedBy(other);
                }
            }
        }
        checkAcyclic(items);
        return items;
    }

    /**
     * {@code up}: a node waits for its dependencies. An extra waits for every converging node of
     * a kind that depends on its kind (a rule moved off an orphan target group first), and for
     * extras that depend on it.
     */
    private static boolean goesFirst(Graph graph, Item other, Item item) {
        if (!item.work.isExtra()) {
            return !other.work.isExtra() && item.work.node().dependsOn().contains(other.key());
        }
        return graph.kindDependsOn(other.kind(), item.kind().name()) && !(other.work.isExtra() && other.sameKind(item));
    }

    /**
     * Between two nodes, their keys decide; otherwise their kinds. A kind's dependency on
     * itself (a security group allowing traffic from another) orders nothing between an
     * extra and another resource of that kind: neither key says which refers to which, and
     * ordering both ways would stall the run. Such a kind deletes in any order (security
     * groups revoke the rules that refer to them first).
     */
    private static boolean dependsOn(Graph graph, Item a, Item b) {
        if (!a.work.isExtra() && !b.work.isExtra()) {
            return a.work.node().dependsOn().contains(b.key());
        }
        return !a.sameKind(b) && graph.kindDependsOn(a.kind(), b.kind().name());
    }

    /** The items still blocked that wait, directly or not, for {@code failed}: they will not run. */
    static java.util.Set<Item> blockedBehind(Item failed) {
        java.util.Set<Item> out = new java.util.LinkedHashSet<>();
        Deque<Item> queue = new ArrayDeque<>(failed.blocks);
        while (!queue.isEmpty()) {
            Item b = queue.poll();
            if (b.state == Item.State.BLOCKED && out.add(b)) {
                queue.addAll(b.blocks);
            }
        }
        return out;
    }

    /** Kahn's algorithm over the blocking edges; names the items left on a cycle. */
    private static void checkAcyclic(Map<String, Item> items) {
        Map<Item, Integer> indegree = new HashMap<>();
        items.values().forEach(i -> indegree.put(i, i.blockers));
        Deque<Item> ready = new ArrayDeque<>();
        items.values().stream().filter(i -> i.blockers == 0).forEach(ready::add);
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
            List<String> cyclic = items.values().stream().filter(i -> indegree.get(i) > 0).map(i -> i.work.id()).sorted()
                    .toList();
            throw new IllegalStateException("dependency cycle among " + cyclic
                    + " (the kinds' declared dependencies order them both ways); nothing was changed");
        }
    }
}
