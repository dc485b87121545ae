package dev.hackathon.infra.engine;

import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How the engine treats one resource kind: what a kind says about itself besides its calls
 * and its state function. Small on purpose; a kind states only what differs from
 * {@link #DEFAULT}: {@code Policy.DEFAULT.readyWithin(Duration.ofMinutes(15)).waitingUntilGone()}.
 *
 * @param readyTimeout     how long {@code up} waits for it to be ready; null: the run's default
 * @param waitsUntilGone   a delete is over only once it is no longer listed (it holds its
 *                         dependencies until then: a NAT gateway its address and subnet)
 * @param replaceableUnderDependents AWS lets it be deleted while what stands on it still exists
 *                         (an instance with registered targets); else a replacement under live
 *                         dependents is refused ({@link Replacements})
 * @param keepsDuplicates  it holds data or runs work: a second resource of one key is reported,
 *                         never deleted
 * @param reportsForeign   discovery also returns, with a null key, resources met beside ours
 *                         that are not ours (a rule added by hand): reported, never changed
 * @param lookUpBeforeRetry a create whose answer was lost is retried by looking the key up by
 *                         tag first (false where the create is idempotent by itself: a token, a name)
 * @param replaceWhenFailed a FAILED resource is replaced (deleted, made anew) rather than waited for
 * @param forceNew         fields whose change cannot be made in place; {@link #DEPENDENCY_RECREATED}
 *                         among them: it is replaced when a dependency is made anew
 * @param retryCodes       the kind's own error codes that pass, with how long each is retried
 * @param heldCodes        codes that, on this kind's delete only, mean "still held by something
 *                         on its way out" (AuthFailure releasing an address a deleting NAT gateway
 *                         still holds); anywhere else they mean what they say
 */
public record Policy(Duration readyTimeout, boolean waitsUntilGone, boolean replaceableUnderDependents,
                     boolean keepsDuplicates, boolean reportsForeign, boolean lookUpBeforeRetry,
                     boolean replaceWhenFailed, Set<String> forceNew, Map<String, Duration> retryCodes,
                     Set<String> heldCodes) {

    /** In {@link #forceNew}: replaced whenever a resource it depends on is made anew. */
    public static final String DEPENDENCY_RECREATED = Change.DEPENDENCIES;

    public static final Policy DEFAULT = new Policy(null, false, false, false, false, true, false, Set.of(), Map.of(),
            Set.of());

    public Policy {
        forceNew = Set.copyOf(forceNew);
        retryCodes = Map.copyOf(retryCodes);
        heldCodes = Set.copyOf(heldCodes);
    }

    /** How long {@code up} waits for this kind to be ready. */
    public Duration readyTimeout(Duration runDefault) {
        return readyTimeout == null ? runDefault : readyTimeout;
    }

    /** Whether these changes need a new resource. */
    public boolean forcesNew(List<Change> changes) {
        return changes.stream().anyMatch(c -> forceNew.contains(c.field()));
    }

    // ---- the kinds' way of saying what differs from the default ----

    public Policy readyWithin(Duration d) {
        return new Policy(d, waitsUntilGone, replaceableUnderDependents, keepsDuplicates, reportsForeign,
                lookUpBeforeRetry, replaceWhenFailed, forceNew, retryCodes, heldCodes);
    }

    public Policy waitingUntilGone() {
        return new Policy(readyTimeout, true, replaceableUnderDependents, keepsDuplicates, reportsForeign,
                lookUpBeforeRetry, replaceWhenFailed, forceNew, retryCodes, heldCodes);
    }

    public Policy deletableUnderDependents() {
        return new Policy(readyTimeout, waitsUntilGone, true, keepsDuplicates, reportsForeign, lookUpBeforeRetry,
                replaceWhenFailed, forceNew, retryCodes, heldCodes);
    }

    public Policy keepingDuplicates() {
        return new Policy(readyTimeout, waitsUntilGone, replaceableUnderDependents, true, reportsForeign,
                lookUpBeforeRetry, replaceWhenFailed, forceNew, retryCodes, heldCodes);
    }

    public Policy reportingForeign() {
        return new Policy(readyTimeout, waitsUntilGone, replaceableUnderDependents, keepsDuplicates, true,
                lookUpBeforeRetry, replaceWhenFailed, forceNew, retryCodes, heldCodes);
    }

    public Policy withoutLookUp() {
        return new Policy(readyTimeout, waitsUntilGone, replaceableUnderDependents, keepsDuplicates, reportsForeign,
                false, replaceWhenFailed, forceNew, retryCodes, heldCodes);
    }

    public Policy replacedWhenFailed() {
        return new Policy(readyTimeout, waitsUntilGone, replaceableUnderDependents, keepsDuplicates, reportsForeign,
                lookUpBeforeRetry, true, forceNew, retryCodes, heldCodes);
    }

    public Policy forcingNewOn(String... fields) {
        Set<String> s = new HashSet<>(forceNew);
        s.addAll(Set.of(fields));
        return new Policy(readyTimeout, waitsUntilGone, replaceableUnderDependents, keepsDuplicates, reportsForeign,
                lookUpBeforeRetry, replaceWhenFailed, s, retryCodes, heldCodes);
    }

    public Policy retrying(String code, Duration window) {
        Map<String, Duration> m = new HashMap<>(retryCodes);
        m.put(code, window);
        return new Policy(readyTimeout, waitsUntilGone, replaceableUnderDependents, keepsDuplicates, reportsForeign,
                lookUpBeforeRetry, replaceWhenFailed, forceNew, m, heldCodes);
    }

    public Policy heldWhileDeletingBy(String... codes) {
        Set<String> s = new HashSet<>(heldCodes);
        s.addAll(Set.of(codes));
        return new Policy(readyTimeout, waitsUntilGone, replaceableUnderDependents, keepsDuplicates, reportsForeign,
                lookUpBeforeRetry, replaceWhenFailed, forceNew, retryCodes, s);
    }
}
