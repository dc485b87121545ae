package dev.hackathon.infra.stack.preflight;

import java.util.List;

/**
 * One read-only check. It reports what it found as findings (usually one); an AWS error it
 * does not handle itself is turned by the {@link Preflight} runner into a warning naming the
 * call ({@link Api#call}), never a failure: a check that cannot run must not stop a stack
 * that would work.
 */
public interface PreflightCheck {

    /** The id of its finding, or the prefix of its findings' ids. */
    String id();

    /** Whether {@code up} runs it first: false for what only other commands need (connect's local tools). */
    default boolean beforeUp() {
        return true;
    }

    List<Finding> run(PreflightContext context);
}
