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

    /**
     * Whether {@code up} (and {@code plan}) runs it for what the plan makes: only a check of
     * something being created or changed in the way it checks is needed, so an up with nothing
     * to do makes no preflight call. True for every check in doctor's scope; false always for
     * what only other commands need (connect's local tools).
     */
    boolean neededFor(PreflightScope scope);

    List<Finding> run(PreflightContext context);
}
