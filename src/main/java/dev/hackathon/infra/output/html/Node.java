package dev.hackathon.infra.output.html;

import java.util.List;

import dev.hackathon.infra.stack.ResourceStatus;

/**
 * One resource as the pages show it: what it is, its id and state as AWS gave them, its health,
 * and what differs from the config (one line each). Built from {@code status}'s
 * {@link ResourceStatus}, so the renderers never see the engine.
 */
public record Node(String key, String kind, String id, String state, Health health, List<String> details) {

    public Node {
        details = List.copyOf(details);
    }

    public static Node of(ResourceStatus s) {
        List<String> details = s.present()
                ? s.drift().stream().map(c -> (c.security() ? "SECURITY: " : "") + c).toList()
                : List.of("missing: up creates it");
        return new Node(s.key(), s.label(), s.id(), s.present() ? s.state() : "missing", Health.of(s), details);
    }

    /** A resource the stack owns that its config no longer has: down or up removes it. */
    public static Node extra(ResourceStatus s) {
        Node n = of(s);
        Health h = Health.worst(List.of(n.health(), Health.DRIFT));
        return new Node(n.key(), n.kind(), n.id(), n.state(), h, List.of("not in the config: up deletes it"));
    }
}
