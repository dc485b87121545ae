package dev.hackathon.infra.resources;

import java.util.List;

import dev.hackathon.infra.aws.ErrorAdvice;

/**
 * AWS refused a deletion because something still uses the resource, and this says what:
 * a deleting NAT gateway, a load balancer's lingering interfaces, an instance that is not
 * the stack's. While every holder is the stack's own or on its way out, waiting helps and
 * the deletion is retried like the AWS error; a holder that is not the stack's and stays
 * will not go by itself (down never deletes it), so the deletion fails at once.
 */
public final class DeletionHeldException extends RuntimeException implements ErrorAdvice.Advised {

    private final List<String> holders;
    private final boolean waitingHelps;
    private final String fix;

    /** {@code fix}: what the person can do (null while waiting helps: there is nothing to do). */
    public DeletionHeldException(String message, List<String> holders, boolean waitingHelps, String fix,
                                 Throwable awsError) {
        super(message);
        this.holders = List.copyOf(holders);
        this.waitingHelps = waitingHelps;
        this.fix = fix;
        // Kept for --verbose, but not as the cause: reports describe an error by the first AWS
        // error in its causes, which would drop what holds the resource.
        addSuppressed(awsError);
    }

    public List<String> holders() {
        return holders;
    }

    public boolean waitingHelps() {
        return waitingHelps;
    }

    @Override
    public String fix() {
        return fix;
    }
}
