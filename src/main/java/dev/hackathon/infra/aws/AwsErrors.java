package dev.hackathon.infra.aws;

import java.util.Set;

import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;

/** Reading AWS errors the same way everywhere: codes, "Code: message", NotFound. */
public final class AwsErrors {

    private AwsErrors() {
    }

    /** The AWS error code, or null for errors that are not from the service. */
    public static String code(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof AwsServiceException ase && ase.awsErrorDetails() != null) {
                return ase.awsErrorDetails().errorCode();
            }
        }
        return null;
    }

    public static boolean hasCode(Throwable e, String... codes) {
        String c = code(e);
        return c != null && Set.of(codes).contains(c);
    }

    /** True for any of the many ways AWS says "no such resource". */
    public static boolean isNotFound(Throwable e) {
        String c = code(e);
        if (c == null) {
            return false;
        }
        return c.endsWith(".NotFound") || c.endsWith("NotFound") || c.endsWith("NotFoundFault")
                || c.equals("NoSuchEntity") || c.endsWith("NotFoundException") || c.equals("ParameterNotFound");
    }

    /** "Code: message" for a service error; the message alone for anything else. */
    public static String describe(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof AwsServiceException ase && ase.awsErrorDetails() != null) {
                String msg = ase.awsErrorDetails().errorMessage();
                return ase.awsErrorDetails().errorCode() + ": " + (msg == null ? ase.getMessage() : msg);
            }
        }
        if (e instanceof SdkException && e.getMessage() != null) {
            return e.getMessage();
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
