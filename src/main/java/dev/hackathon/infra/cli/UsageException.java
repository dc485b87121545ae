package dev.hackathon.infra.cli;

/** The command cannot run as asked (exit 2); nothing was changed on AWS. */
public final class UsageException extends RuntimeException {

    public UsageException(String message) {
        super(message);
    }
}
