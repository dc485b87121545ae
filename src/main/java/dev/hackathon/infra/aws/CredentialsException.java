package dev.hackathon.infra.aws;

/** Credentials missing or expired; the message names the fix (exit code 4). */
public final class CredentialsException extends RuntimeException {

    public CredentialsException(String message, Throwable cause) {
        super(message, cause);
    }
}
