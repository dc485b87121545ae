package dev.hackathon.infra.engine;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * One AWS resource kind (VPC, subnet, NAT gateway ...). Every kind has the same small
 * contract: find its resources in bulk by the stack tag, create one with tags on create,
 * diff it against the desired spec, update what AWS allows, delete, and tell readiness
 * and goneness from what discovery returns. The engine drives the calls; the kind makes them.
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

    /**
     * Every resource of this kind owned by the stack: one Describe (or one paginated
     * listing) filtered by the stack tag. Deleted-but-listed resources may be returned
     * with their state; {@link #isGone} tells them apart.
     */
    List<Observed> discover(Discovery discovery);

    Observed create(String key, D desired, Context ctx);

    /** Differences that matter; empty when in sync. */
    default List<Change> diff(String key, D desired, Observed actual, Context ctx) {
        return List.of();
    }

    /** True when these changes cannot be made in place. */
    default boolean requiresReplacement(List<Change> changes) {
        return false;
    }

    /**
     * True when AWS lets this resource be deleted while resources that stand on it still exist
     * (an instance with registered targets, a load balancer with listeners): its dependents are
     * replaced or updated after it. False (the default) means a replacement of it with live
     * dependents is refused ({@link Replacements}).
     */
    default boolean replaceableUnderDependents() {
        return false;
    }

    /** Bring an existing resource in line; returns its state afterwards. */
    default Observed update(String key, D desired, Observed actual, List<Change> changes, Context ctx) {
        throw new UnsupportedOperationException(label() + " cannot be updated in place");
    }

    void delete(Observed actual, Context ctx);

    default Readiness readiness(Observed observed) {
        return Readiness.READY;
    }

    /**
     * What keeps this resource from being deleted until a person says so (deletion protection
     * turned on), or empty. {@code down} asks every resource before it deletes anything, so a
     * protected one stops the run before the rest is gone, not halfway through.
     */
    default Optional<String> deletionProtection(Observed actual) {
        return Optional.empty();
    }

    /** Why a resource is in a failed state, as AWS says it (a NAT gateway's failure code and message). */
    default String failureReason(Observed observed) {
        return "state " + observed.state();
    }

    /**
     * How long {@code up} waits for this kind to be ready: sized for the kind (a NAT gateway
     * takes minutes, a database many), else the run's default.
     */
    default Duration readyTimeout(Duration runDefault) {
        return runDefault;
    }

    /** A listed resource that no longer counts (terminated, deleted). */
    default boolean isGone(Observed observed) {
        return false;
    }

    /**
     * A listed resource on its way out that still holds its name and its place (a database or
     * a cache "deleting", a NAT gateway "deleting", an instance "shutting-down"): a run that
     * began after another run's delete (a cancelled or killed {@code down}) meets it for
     * minutes. It is neither usable nor to be deleted again (AWS refuses a second delete of
     * most): {@code up} waits until it is gone and then creates the key anew, {@code down}
     * only waits until it is gone, both decided once in the engine ({@link Decider},
     * {@link Executor}). False for a kind whose delete is over at once.
     */
    default boolean isBeingDeleted(Observed observed) {
        return false;
    }

    /** Whether {@code down} must see the resource disappear before its dependencies go. */
    default boolean waitsUntilGone() {
        return false;
    }

    /**
     * Whether an error is a passing condition to retry with backoff (a dependency still
     * held by a deleting resource, an IAM profile not yet propagated), and for how long.
     * {@link Duration#ZERO} means: not retryable, fail now.
     */
    default Duration retryWindow(Throwable error, Phase phase) {
        return Duration.ZERO;
    }

    /**
     * Things about an existing resource that {@code status} should say although they are not
     * drift from the config (traffic served unencrypted, a target failing health checks).
     */
    default List<String> warnings(String key, D desired, Observed actual) {
        return List.of();
    }

    /**
     * Whether an existing resource passes its health checks (a load balancer target). Only
     * {@code status} asks, and counts a resource that does not as unhealthy; {@code up} never
     * waits for it (the application may not be deployed yet). Readiness is what {@code up} waits for.
     */
    default boolean healthy(Observed observed) {
        return true;
    }

    /**
     * Ids of other resources this one uses (its subnet, its groups, the instance it registers):
     * what decides which of two copies of a key is kept ({@link DuplicateChoice}).
     */
    default Set<String> references(Observed observed) {
        return Set.of();
    }

    /** When AWS made it, where AWS says: among copies of a key the oldest is kept. */
    default Optional<java.time.Instant> createdAt(Observed observed) {
        return Optional.empty();
    }

    /**
     * True for kinds that hold data or run work (database, cache, instance): a second resource
     * of one key is reported and never deleted; a person decides which one goes.
     */
    default boolean keepsDuplicates() {
        return false;
    }

    /**
     * Whether {@link #discover} also returns, with a null key, resources it met beside ours
     * that are not ours (a listener rule added by hand to the stack's listener): they are
     * reported ({@link Snapshot#foreign}) and never changed or deleted.
     */
    default boolean reportsForeign() {
        return false;
    }

    /**
     * True for creates that carry no idempotency token: before such a create is tried
     * again the engine looks the key up by tag, so a lost response never makes two.
     */
    default boolean lookUpBeforeRetry() {
        return true;
    }
}
