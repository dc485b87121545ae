package dev.hackathon.infra.stack.preflight;

import java.util.function.Supplier;

/**
 * Names the AWS action a check is calling, so that when the caller may not make it, or the
 * endpoint does not offer it, the warning can say which one ("needs ec2:DescribeVpcs").
 */
final class Api {

    /** An AWS error from {@code action} ("ec2:DescribeVpcs"), carrying the action's name. */
    static final class CallFailed extends RuntimeException {
        final String action;

        CallFailed(String action, RuntimeException cause) {
            super(action + ": " + cause.getMessage(), cause);
            this.action = action;
        }
    }

    private Api() {
    }

    static <T> T call(String action, Supplier<T> call) {
        try {
            return call.get();
        } catch (CallFailed e) {
            throw e;
        } catch (RuntimeException e) {
            throw new CallFailed(action, e);
        }
    }
}
