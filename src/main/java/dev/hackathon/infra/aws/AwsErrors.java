package dev.hackathon.infra.aws;

import java.util.Set;

import software.amazon.awssdk.awscore.exception.AwsServiceException;

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

    /** The caller may not make this call: access denied in any service's spelling. */
    public static boolean isAccessDenied(Throwable e) {
        String c = code(e);
        return c != null && ErrorAdvice.ACCESS_DENIED.contains(c);
    }

    private static final Set<String> UNSUPPORTED_CODES = Set.of("InvalidAction", "UnknownOperationException",
            "UnsupportedOperation", "UnsupportedOperationException", "NotImplemented", "InvalidEndpointException");

    /**
     * The endpoint does not offer the API at all: what local emulators answer for operations
     * they lack (moto: HTTP 500 "has not been implemented", or a 404 page without an error code).
     */
    public static boolean isUnsupportedApi(Throwable e) {
        String c = code(e);
        if (c != null && UNSUPPORTED_CODES.contains(c)) {
            return true;
        }
        int status = 0;
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof software.amazon.awssdk.core.exception.SdkServiceException sse) {
                status = sse.statusCode();
                break;
            }
        }
        if (status == 501 || (status == 404 && (c == null || c.isEmpty()))) {
            return true;
        }
        String m = message(e).toLowerCase(java.util.Locale.ROOT);
        return m.contains("has not been implemented") || m.contains("not yet implemented");
    }

    /** Codes with which a service says the caller's credentials are bad or expired (exit 4). */
    static final Set<String> CREDENTIAL_CODES = Set.of("ExpiredToken", "ExpiredTokenException",
            "InvalidClientTokenId", "UnrecognizedClientException", "InvalidAccessKeyId", "SignatureDoesNotMatch",
            "UnauthorizedException", "AuthFailure");

    /** Credentials missing, invalid or expired, whether found by the SDK or answered by a service. */
    public static boolean isCredentialsError(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof CredentialsException) {
                return true;
            }
        }
        String c = code(e);
        return c != null && CREDENTIAL_CODES.contains(c);
    }

    /**
     * The service's message for a service error; for one whose answer did not parse (no code, no
     * message: a proxy's HTML page) the service and HTTP status; the exception's first line for
     * anything else; never a bare exception class name.
     */
    public static String message(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof AwsServiceException ase && ase.awsErrorDetails() != null
                    && ase.awsErrorDetails().errorMessage() != null) {
                return ase.awsErrorDetails().errorMessage();
            }
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof AwsServiceException ase && code(ase) == null) {
                String service = ase.awsErrorDetails() == null ? null : ase.awsErrorDetails().serviceName();
                return (service == null ? "AWS" : service) + " answered HTTP " + ase.statusCode()
                        + " with no error code (the answer could not be read); try again";
            }
        }
        return firstLine(e);
    }

    /** A readable first line of any exception: its message, or one that says it had none. */
    public static String firstLine(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String m = t.getMessage();
            if (m != null && !m.isBlank()) {
                return m.lines().findFirst().orElse(m);
            }
        }
        return UNEXPECTED;
    }

    /** For an exception that says nothing about itself (its type is only shown with --verbose). */
    public static final String UNEXPECTED = "an unexpected internal error with no message; run again with --verbose"
            + " for the details";

    /** {@link #describe(Throwable, String)} without a profile to name. */
    public static String describe(Throwable e) {
        return describe(e, null);
    }

    /**
     * "Code: message" for a service error, the message alone for anything else, and when there
     * is something to do about it a second line {@code "  fix: ..."} ({@link ErrorAdvice}).
     */
    public static String describe(Throwable e, String profile) {
        String code = code(e);
        String text = code == null ? message(e) : code + ": " + ErrorAdvice.withoutEncodedDetails(message(e));
        return ErrorAdvice.of(e, profile).map(fix -> text + "\n  fix: " + fix).orElse(text);
    }

    /** Runs a delete; a resource that is already gone counts as deleted (NotFound on delete is success). */
    public static void ignoringNotFound(Runnable delete) {
        try {
            delete.run();
        } catch (RuntimeException e) {
            if (!isNotFound(e)) {
                throw e;
            }
        }
    }
}
