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

    /**
     * Why the run must not delete {@code key} to replace it now, or null: the person did not
     * agree to it ({@code mayReplace}: the confirmed plan's replacements), or what stands on it
     * would be left without it.
     */
    static String refusal(Graph graph, String key, String label, java.util.function.Predicate<String> mayReplace,
                          Function<String, Optional<Observed>> find) {
        if (!mayReplace.test(key)) {
            return label + " " + key + " now needs replacing, which the confirmed plan did not show; nothing was deleted."
                    + " Run the command again to see and confirm the new plan";
        }
        List<String> blocking = blockingDependents(graph, key, find);
        return blocking.isEmpty() ? null : "replacing it would delete it under " + blocking
                + ", which still stand on it; nothing was deleted";
    }

    /** The existing dependents that keep {@code key} from being deleted now; empty when it may go. */
    public static List<String> blockingDependents(Graph graph, String key, Function<String, Optional<Observed>> find) {
        Node node = graph.node(key);
        if (node == null || node.kind().policy().replaceableUnderDependents()) {
            return List.of();
        }
        return graph.dependentsOf(key).stream().filter(d -> find.apply(d)
                .filter(o -> graph.node(d).kind().state(o).isLive()).isPresent())
                .sorted().toList();
    }
}
