package dev.hackathon.infra.engine;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The desired resources and their dependencies; checked for unknown keys and cycles. */
public final class Graph {

    private final Map<String, Node> nodes = new LinkedHashMap<>();
    private final Map<String, Set<String>> dependents = new HashMap<>();
    /** Per kind name, the kinds its nodes depend on. */
    private final Map<String, Set<String>> kindEdges = new HashMap<>();

    public Graph(Collection<Node> nodes) {
        for (Node n : nodes) {
            if (this.nodes.put(n.key(), n) != null) {
                throw new IllegalArgumentException("duplicate key " + n.key());
            }
        }
        for (Node n : nodes) {
            for (String d : n.dependsOn()) {
                if (!this.nodes.containsKey(d)) {
                    throw new IllegalArgumentException(n.key() + " depends on unknown " + d);
                }
                dependents.computeIfAbsent(d, k -> new LinkedHashSet<>()).add(n.key());
                String dk = this.nodes.get(d).kind().name();
                Set<String> declared = n.kind().dependsOnKinds();
                if (dk.equals(n.kind().name())) {
                    continue; // within a kind (rules one after another): keys order it, not kinds
                }
                if (!declared.isEmpty() && !declared.contains(dk)) {
                    // The declaration orders what is no longer in the config; a node edge it
                    // lacks would let an orphan be deleted under something still standing on it.
                    throw new IllegalArgumentException(n.key() + " depends on " + d + " but kind " + n.kind().name()
                            + " does not declare a dependency on kind " + dk);
                }
                kindEdges.computeIfAbsent(n.kind().name(), k -> new LinkedHashSet<>()).add(dk);
            }
        }
        topologicalOrder(); // fails on a cycle
    }

    public Collection<Node> nodes() {
        return nodes.values();
    }

    public Node node(String key) {
        return nodes.get(key);
    }

    public boolean contains(String key) {
        return nodes.containsKey(key);
    }

    public Set<String> dependentsOf(String key) {
        return dependents.getOrDefault(key, Set.of());
    }

    /**
     * Whether a kind depends on another: what it declares ({@link ResourceKind#dependsOnKinds})
     * and what its nodes carry, which the constructor has checked to agree.
     */
    public boolean kindDependsOn(ResourceKind<?> kind, String other) {
        return kind.dependsOnKinds().contains(other) || kindEdges.getOrDefault(kind.name(), Set.of()).contains(other);
    }

    /** Every kind in the graph, once, in first-seen order. */
    public List<ResourceKind<?>> kinds() {
        Map<String, ResourceKind<?>> kinds = new LinkedHashMap<>();
        for (Node n : nodes.values()) {
            kinds.putIfAbsent(n.kind().name(), n.kind());
        }
        return new ArrayList<>(kinds.values());
    }

    /** Keys in an order where every node follows its dependencies (Kahn's algorithm). */
    public List<String> topologicalOrder() {
        Map<String, Integer> indegree = new HashMap<>();
        nodes.values().forEach(n -> indegree.put(n.key(), n.dependsOn().size()));
        Deque<String> ready = new ArrayDeque<>();
        nodes.keySet().stream().filter(k -> indegree.get(k) == 0).forEach(ready::add);
        List<String> order = new ArrayList<>();
        while (!ready.isEmpty()) {
            String k = ready.poll();
            order.add(k);
            for (String d : dependentsOf(k)) {
                if (indegree.merge(d, -1, Integer::sum) == 0) {
                    ready.add(d);
                }
            }
        }
        if (order.size() != nodes.size()) {
            List<String> cyclic = nodes.keySet().stream().filter(k -> !order.contains(k)).toList();
            throw new IllegalArgumentException("dependency cycle among " + cyclic);
        }
        return order;
    }
}
