package dev.hackathon.infra.engine;

import java.time.Instant;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Which of two or more resources carrying one key the stack keeps (the EC2 console's
 * "Launch more like this" copies tags; a lost create answer leaves two). Kept: a live one over
 * one being deleted ({@link Status#isDeleting}: the new instance an {@code up} made while a
 * cancelled {@code down}'s old one still shuts down; that one is left to go), then
 * the one the stack's other resources refer to ({@link Observed#references}: the subnet the NAT
 * gateway, instance and route table association use, the instance registered in the target
 * groups, the group the instance uses), then the oldest ({@link Observed#createdAt}), then
 * the first listed. The others are copies: deleted by {@code up} and {@code down}, except for
 * kinds that hold data or run work ({@link Policy#keepsDuplicates}: database, cache,
 * instance), whose copies are reported and never deleted.
 *
 * <p>Kept apart from the executor and planner on purpose: they only see the outcome
 * ({@link Snapshot#find} is the keeper, {@link Snapshot#duplicates} the copies to delete).
 */
public final class DuplicateChoice {

    private DuplicateChoice() {
    }

    /** Every id some resource of the stack refers to. */
    public static Set<String> referenced(Snapshot snapshot) {
        Set<String> out = new HashSet<>();
        snapshot.everything().forEach(o -> out.addAll(o.references()));
        return out;
    }

    /** The keeper among {@code candidates} (two or more of one key and kind). */
    public static Observed keeper(ResourceKind<?> kind, List<Observed> candidates, Set<String> referenced) {
        Comparator<Observed> order = Comparator
                .comparing((Observed o) -> kind.state(o).isDeleting()) // one on its way out never beats a live one
                .thenComparing(o -> !referenced.contains(o.id())) // referred to first
                .thenComparing(o -> o.created().orElse(Instant.MAX)) // then the oldest
                .thenComparing(candidates::indexOf); // then as listed
        return candidates.stream().min(order).orElseThrow();
    }
}
