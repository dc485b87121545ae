package dev.hackathon.infra.engine;

import java.util.Set;

/** One desired resource: its key, kind, spec, and the keys it depends on. */
public record Node(String key, ResourceKind<?> kind, Object desired, Set<String> dependsOn) {

    public Node {
        dependsOn = Set.copyOf(dependsOn);
    }

    public static Node of(String key, ResourceKind<?> kind, Object desired, String... dependsOn) {
        return new Node(key, kind, desired, Set.of(dependsOn));
    }
}
