package dev.hackathon.infra.engine;

import java.time.Duration;
import java.util.EnumSet;
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
 * @param readyTimeout how long {@code up} waits for it to be ready; null: the run's default
 * @param flags        what the kind does unlike most ({@link Flag})
 * @param forceNew     fields whose change cannot be made in place; {@link #DEPENDENCY_RECREATED}
 *                     among them: it is replaced when a dependency is made anew
 * @param retryCodes   the kind's own error codes that pass, with how long each is retried
 * @param heldCodes    codes that, on this kind's delete only, mean "still held by something on
 *                     its way out" (AuthFailure releasing an address a deleting NAT gateway still
 *                     holds); anywhere else they mean what they say
 */
public record Policy(Duration readyTimeout, Set<Flag> flags, Set<String> forceNew, Map<String, Duration> retryCodes,
                     Set<String> heldCodes) {

    public enum Flag {
        /** A delete is over only once it is no longer listed: it holds its dependencies until then. */
        WAITS_UNTIL_GONE,
        /**
         * AWS lets it be deleted while what stands on it still exists (an instance with registered
         * targets); without it, a replacement under live dependents is refused ({@link Replacements}).
         */
        REPLACEABLE_UNDER_DEPENDENTS,
        /** It holds data or runs work: a second resource of one key is reported, never deleted. */
        KEEPS_DUPLICATES,
        /** Discovery also returns, with a null key, resources met beside ours that are not ours: reported only. */
        REPORTS_FOREIGN,
        /** Its create is idempotent by itself (a token, a name): a lost answer is retried without a lookup first. */
        NO_LOOK_UP,
        /** A FAILED resource is replaced (deleted, made anew) rather than waited for. */
        REPLACE_WHEN_FAILED
    }

    /** In {@link #forceNew}: replaced whenever a resource it depends on is made anew. */
    public static final String DEPENDENCY_RECREATED = Change.DEPENDENCIES;

    public static final Policy DEFAULT = new Policy(null, Set.of(), Set.of(), Map.of(), Set.of());

    public Policy {
        flags = flags.isEmpty() ? Set.of() : Set.copyOf(flags);
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

    public boolean waitsUntilGone() {
        return flags.contains(Flag.WAITS_UNTIL_GONE);
    }

    public boolean replaceableUnderDependents() {
        return flags.contains(Flag.REPLACEABLE_UNDER_DEPENDENTS);
    }

    public boolean keepsDuplicates() {
        return flags.contains(Flag.KEEPS_DUPLICATES);
    }

    public boolean reportsForeign() {
        return flags.contains(Flag.REPORTS_FOREIGN);
    }

    public boolean lookUpBeforeRetry() {
        return !flags.contains(Flag.NO_LOOK_UP);
    }

    public boolean replaceWhenFailed() {
        return flags.contains(Flag.REPLACE_WHEN_FAILED);
    }

    // ---- the kinds' way of saying what differs from the default ----

    public Policy readyWithin(Duration d) {
        return new Policy(d, flags, forceNew, retryCodes, heldCodes);
    }

    public Policy waitingUntilGone() {
        return with(Flag.WAITS_UNTIL_GONE);
    }

    public Policy deletableUnderDependents() {
        return with(Flag.REPLACEABLE_UNDER_DEPENDENTS);
    }

    public Policy keepingDuplicates() {
        return with(Flag.KEEPS_DUPLICATES);
    }

    public Policy reportingForeign() {
        return with(Flag.REPORTS_FOREIGN);
    }

    public Policy withoutLookUp() {
        return with(Flag.NO_LOOK_UP);
    }

    public Policy replacedWhenFailed() {
        return with(Flag.REPLACE_WHEN_FAILED);
    }

    public Policy forcingNewOn(String... fields) {
        return new Policy(readyTimeout, flags, plus(forceNew, fields), retryCodes, heldCodes);
    }

    public Policy retrying(String code, Duration window) {
        Map<String, Duration> m = new HashMap<>(retryCodes);
        m.put(code, window);
        return new Policy(readyTimeout, flags, forceNew, m, heldCodes);
    }

    public Policy heldWhileDeletingBy(String... codes) {
        return new Policy(readyTimeout, flags, forceNew, retryCodes, plus(heldCodes, codes));
    }

    private Policy with(Flag flag) {
        Set<Flag> f = flags.isEmpty() ? EnumSet.noneOf(Flag.class) : EnumSet.copyOf(flags);
        f.add(flag);
        return new Policy(readyTimeout, f, forceNew, retryCodes, heldCodes);
    }

    private static Set<String> plus(Set<String> set, String... more) {
        Set<String> s = new HashSet<>(set);
        s.addAll(Set.of(more));
        return s;
    }
}
