package dev.hackathon.infra.cli;

/** The exit codes of design.md §2; also listed in every command's --help. */
public final class ExitCodes {

    public static final int OK = 0;
    public static final int AWS_FAILED = 1;
    public static final int USAGE = 2;
    public static final int CHANGES_OR_DRIFT = 3;
    public static final int CREDENTIALS = 4;
    public static final int LOCKED = 5;
    public static final int INTERRUPTED = 130;
    public static final int TERMINATED = 143;

    /** For picocli's footer. */
    public static final String[] HELP = {
        "",
        "Exit codes:",
        "  0  done; plan/status: nothing to change, all healthy",
        "  1  an AWS operation failed (after retries); partial work stays, rerun resumes",
        "  2  usage or config error; nothing was called on AWS",
        "  3  plan: changes pending; status: drift, missing or unhealthy resources",
        "  4  credentials missing or expired (run: aws sso login --profile NAME)",
        "  5  another run holds the stack's lock (or this run's lease on it may have lapsed)",
        "  130/143  stopped by SIGINT/SIGTERM: calls in flight finished, lock released, rerun resumes",
    };

    private ExitCodes() {
    }
}
