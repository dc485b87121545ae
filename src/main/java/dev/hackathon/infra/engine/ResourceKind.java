package dev.hackathon.infra.engine;

import java.util.List;
import java.util.Set;

/**
 * One AWS resource kind (VPC, subnet, NAT gateway ...), on one narrow contract: find its
 * resources in bulk by the stack tag ({@link #discover}), create one with tags on create,
 * diff it against the desired spec, update what AWS allows, delete, and one state function
 * ({@link #state}). How the engine treats the kind (timeouts, force-new fields, its own retry
 * codes, flags) is its {@link Policy}. The engine decides and drives the calls; the kind makes
 * them. docs/architecture.md has the checklist for adding one.
 *
 * @param <D> the desired spec for one resource of this kind
 */
public interface ResourceKind<D> {

    /** Short name, also the first segment of its keys: {@code subnet} in {@code subnet/app-a}. */
    String name();

    /** What a person calls it: "NAT gateway". */
    String label();

    /** Kinds this kind can depend on; orders resources no longer in the config. */
    default Set<String> dependsOnKinds() {
        return Set.of();
    }

    default Policy policy() {
        return Policy.DEFAULT;
    }

    /**
     * Every resource of this kind owned by the stack: one Describe (or one paginated listing)
     * filtered by the stack tag. Resources deleted but still listed may be returned, with
     * their state ({@link #state} says GONE).
     */
    List<Observed> discover(Discovery discovery);

    /**
     * Makes the resource itself, tags on create, in one call where AWS allows it, and returns
     * what exists. Everything else (attributes, rules, associations) is the update that follows,
     * computed by {@link #diff} against what this returns: so a retry after an error never makes
     * a second resource, and never repeats a create to mend a later call.
     */
    Observed create(String key, D desired, Context ctx);

    /**
     * Differences that matter; empty when in sync. Uses {@link Context#idOrUnknown} for the
     * ids of dependencies (they may not be made yet when {@code plan} asks): it never throws for
     * a missing dependency.
     */
    default List<Change> diff(String key, D desired, Observed actual, Context ctx) {
        return List.of();
    }

    /** Brings an existing resource in line with {@code changes}; returns its state afterwards. */
    default Observed update(String key, D desired, Observed actual, List<Change> changes, Context ctx) {
        throw new UnsupportedOperationException(label() + " cannot be updated in place");
    }

    /** Deletes it; NotFound is success (already gone). */
    void delete(Observed actual, Context ctx);

    /** Where it stands (pending, ready, failed with AWS's reason, deleting, gone). */
    default Status state(Observed observed) {
        return Status.READY;
    }
}
