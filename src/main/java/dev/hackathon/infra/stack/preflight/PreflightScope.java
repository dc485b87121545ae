package dev.hackathon.infra.stack.preflight;

import java.util.Set;

import dev.hackathon.infra.engine.Plan;
import dev.hackathon.infra.engine.PlannedChange;
import dev.hackathon.infra.engine.PlannedChange.Action;

/**
 * What {@code up} is about to make, as the checks ask it. A check guards the making of the
 * things it is about: the VPC quota matters when a VPC is created, the instance type when the
 * instance is launched or its type changes, the Bedrock models when the role's policy naming
 * them is written. So a plan with nothing to make needs no check and calls nothing.
 * {@link #EVERYTHING} is doctor's: every check, whatever exists.
 */
public final class PreflightScope {

    /** doctor: no plan, every check runs. */
    public static final PreflightScope EVERYTHING = new PreflightScope(null);

    private final Plan plan;

    private PreflightScope(Plan plan) {
        this.plan = plan;
    }

    /** What up (or plan) would do. */
    public static PreflightScope of(Plan plan) {
        return new PreflightScope(plan);
    }

    /** Whether the resource of this key is created, or replaced (a new one is made). */
    boolean creates(String key) {
        return plan == null || plan.entries().stream().anyMatch(c -> c.key().equals(key) && makesOne(c));
    }

    /** Whether any resource of this kind ("subnet") is created or replaced. */
    boolean createsA(String kind) {
        return plan == null || plan.entries().stream().anyMatch(c -> c.kind().equals(kind) && makesOne(c));
    }

    /** Whether the resource of this key is updated or replaced with a change to one of these fields. */
    boolean changes(String key, String... fields) {
        Set<String> of = Set.of(fields);
        return plan == null || plan.entries().stream().anyMatch(c -> c.key().equals(key)
                && (c.action() == Action.UPDATE || c.action() == Action.REPLACE)
                && c.changes().stream().anyMatch(ch -> of.contains(ch.field())));
    }

    /** Whether this is doctor's scope (every check) rather than a plan's. */
    boolean everything() {
        return plan == null;
    }

    private static boolean makesOne(PlannedChange c) {
        return c.action() == Action.CREATE || c.action() == Action.REPLACE;
    }
}
