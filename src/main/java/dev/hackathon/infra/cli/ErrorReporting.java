package dev.hackathon.infra.cli;

import java.io.PrintWriter;

import dev.hackathon.infra.aws.AwsErrors;
import dev.hackathon.infra.aws.AwsSessionFactory;
import dev.hackathon.infra.aws.CredentialsException;
import dev.hackathon.infra.aws.NoRegionException;
import dev.hackathon.infra.config.ConfigException;
import dev.hackathon.infra.engine.Discoverer;
import dev.hackathon.infra.stack.ProtectedResource;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IExitCodeExceptionMapper;
import software.amazon.awssdk.core.exception.SdkClientException;

/**
 * The one place exceptions become exit codes and one or two readable lines on stderr.
 * Stack traces only with --verbose.
 */
final class ErrorReporting implements IExitCodeExceptionMapper, IExecutionExceptionHandler {

    private static final java.util.Set<String> CREDENTIAL_CODES = java.util.Set.of("ExpiredToken",
            "ExpiredTokenException", "InvalidClientTokenId", "UnrecognizedClientException", "InvalidAccessKeyId",
            "SignatureDoesNotMatch", "UnauthorizedException");

    private final HackathonInfra root;

    ErrorReporting(HackathonInfra root) {
        this.root = root;
    }

    @Override
    public int getExitCode(Throwable e) {
        Throwable t = unwrap(e);
        if (t instanceof ConfigException || t instanceof UsageException || t instanceof NoRegionException
                || t instanceof CommandLine.ParameterException || t instanceof ProtectedResource.NotConfirmedException) {
            return ExitCodes.USAGE;
        }
        if (t instanceof CredentialsException || AwsErrors.hasCode(t, CREDENTIAL_CODES.toArray(String[]::new))) {
            return ExitCodes.CREDENTIALS;
        }
        if (t instanceof dev.hackathon.infra.stack.RunLock.HeldException) {
            return ExitCodes.LOCKED;
        }
        return ExitCodes.AWS_FAILED;
    }

    @Override
    public int handleExecutionException(Exception ex, CommandLine cmd, CommandLine.ParseResult parseResult) {
        Throwable t = unwrap(ex);
        PrintWriter err = cmd.getErr();
        err.println(message(t));
        if (root.verbose) {
            t.printStackTrace(err);
        }
        err.flush();
        return getExitCode(t);
    }

    String message(Throwable t) {
        if (t instanceof ConfigException c) {
            StringBuilder sb = new StringBuilder("config has " + c.problems().size() + " problem"
                    + (c.problems().size() == 1 ? "" : "s") + " (nothing was called on AWS):");
            c.problems().forEach(p -> sb.append("\n  ").append(p));
            return sb.toString();
        }
        if (t instanceof Discoverer.DiscoveryException d) {
            Throwable cause = d.getCause();
            if (getExitCode(cause) == ExitCodes.CREDENTIALS) {
                return message(cause);
            }
            return "error: could not read the stack: " + String.join("; ", d.problems());
        }
        if (AwsErrors.hasCode(t, CREDENTIAL_CODES.toArray(String[]::new))) {
            return "error: " + AwsSessionFactory.credentialsProblem(root.profileInUse(), t).getMessage();
        }
        if (t instanceof SdkClientException && t.getMessage() != null && t.getMessage().contains("Unable to execute HTTP request")) {
            return "error: cannot reach AWS: " + t.getMessage().lines().findFirst().orElse("")
                    + "\n  fix: check the network, --endpoint-url and AWS_ENDPOINT_URL";
        }
        String text = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        if (AwsErrors.code(t) != null) {
            text = AwsErrors.describe(t);
        }
        return "error: " + text;
    }

    private static Throwable unwrap(Throwable e) {
        Throwable t = e;
        while ((t instanceof CommandLine.ExecutionException || t instanceof java.util.concurrent.CompletionException)
                && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }
}
