package dev.hackathon.infra.engine;

import java.util.List;
import java.util.function.Function;
import java.util.Optional;

/**
 * Whether a resource may be replaced (deleted, then made anew) while what stands on it still
 * exists. Most may not: AWS refuses to delete a VPC with subnets in it, and retrying that for
 * the delete timeout changes nothing. {@code plan}'s caller refuses such a change before any
 * call; the executor checks again before it deletes, so no run deletes a parent under its
 * dependents.
 */
public final class Replacements {

    private Replacements() {
    }

    /** The existing dependents that keep {@code key} from being deleted now; empty when it may go. */
    public static List<String> blockingDependents(Graph graph, String key, Function<String, Optional<Observed>> find) {
        Node node = graph.node(key);
        if (node == null || node.kind().replaceableUnderDependents()) {
            return List.of();
        }
        return graph.dependentsOf(key).stream().filter(d -> find.apply(d)
                .filter(o -> !graph.node(d).kind().isGone(o) && !graph.node(d).kind().isBeingDeleted(o)).isPresent())
                .sorted().toList();
    }
}
