package dev.hackathon.infra.cli;

import java.io.PrintWriter;

import dev.hackathon.infra.aws.AwsErrors;
import dev.hackathon.infra.aws.AwsSessionFactory;
import dev.hackathon.infra.aws.CredentialsException;
import dev.hackathon.infra.aws.ErrorAdvice;
import dev.hackathon.infra.aws.NoRegionException;
import dev.hackathon.infra.aws.RetryPolicy;
import dev.hackathon.infra.config.ConfigException;
import dev.hackathon.infra.engine.Discoverer;
import dev.hackathon.infra.stack.ProtectedResource;
import dev.hackathon.infra.stack.RunLock;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IExitCodeExceptionMapper;

/**
 * The one place exceptions become exit codes and one or two readable lines on stderr: what
 * failed, the AWS code and message, and on a second line {@code fix:} what to do
 * ({@link ErrorAdvice}). Stack traces only with --verbose.
 */
final class ErrorReporting implements IExitCodeExceptionMapper, IExecutionExceptionHandler,
        CommandLine.IParameterExceptionHandler {

    private final HackathonInfra root;

    ErrorReporting(HackathonInfra root) {
        this.root = root;
    }

    @Override
    public int getExitCode(Throwable e) {
        Throwable t = unwrap(e);
        if (t instanceof ConfigException || t instanceof UsageException || t instanceof NoRegionException
                || t instanceof dev.hackathon.infra.aws.CaBundleException
                || t instanceof CommandLine.ParameterException || t instanceof ProtectedResource.NotConfirmedException
                || t instanceof dev.hackathon.infra.stack.UnsafeReplacement) {
            return ExitCodes.USAGE;
        }
        if (AwsErrors.isCredentialsError(t)) {
            return ExitCodes.CREDENTIALS;
        }
        if (t instanceof RunLock.HeldException || t instanceof RunLock.LeaseLapsed) {
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

    /** A command line picocli cannot parse: what is wrong, picocli's suggestion, where the help is. */
    @Override
    public int handleParseException(CommandLine.ParameterException ex, String[] args) {
        CommandLine cmd = ex.getCommandLine();
        PrintWriter err = cmd.getErr();
        if (args.length == 0) {
            cmd.usage(err); // no command at all: the overview is the answer
            err.flush();
            return ExitCodes.USAGE;
        }
        err.println("error: " + ex.getMessage());
        CommandLine.UnmatchedArgumentException.printSuggestions(ex, err);
        err.println("  fix: see " + cmd.getCommandSpec().qualifiedName() + " --help");
        err.flush();
        return ExitCodes.USAGE;
    }

    String message(Throwable t) {
        if (t instanceof ConfigException c) {
            StringBuilder sb = new StringBuilder("error: config has " + c.problems().size() + " problem"
                    + (c.problems().size() == 1 ? "" : "s") + " (nothing was called on AWS):");
            c.problems().forEach(p -> sb.append("\n  ").append(p));
            if (c.problems().size() == 1 && c.problems().get(0).line() == 0
                    && c.problems().get(0).message().equals("no such file")) {
                // The default path is relative: the usual cause is running from another folder.
                sb.append("\n  fix: run it in the folder that holds config/, pass --config FILE, or set"
                        + " HACKATHON_INFRA_CONFIG");
            }
            return sb.toString();
        }
        if (t instanceof Discoverer.DiscoveryException d) {
            Throwable cause = d.getCause();
            if (AwsErrors.isCredentialsError(cause) || RetryPolicy.isUnreachable(cause)) {
                return message(cause); // the same for every kind: say it once
            }
            if (d.problems().size() == 1) {
                return "error: could not read the stack: " + d.problems().get(0);
            }
            StringBuilder sb = new StringBuilder("error: could not read the stack:");
            d.problems().forEach(p -> sb.append("\n  ").append(p.replace("\n", "\n  ")));
            return sb.toString();
        }
        if (t instanceof CredentialsException || t instanceof NoRegionException || t instanceof RunLock.HeldException
                || t instanceof UsageException || t instanceof dev.hackathon.infra.stack.preflight.LocalTools.MissingException) {
            return "error: " + t.getMessage();
        }
        if (AwsErrors.isCredentialsError(t)) {
            return "error: " + AwsSessionFactory.credentialsProblem(root.profileInUse(), t).getMessage();
        }
        if (RetryPolicy.isUnreachable(t)) {
            return "error: cannot reach " + endpoint() + ": " + rootCause(t) + "\n  fix: "
                    + ErrorAdvice.of(t, null).orElse(ErrorAdvice.UNREACHABLE);
        }
        return "error: " + AwsErrors.describe(t, root.profileInUse());
    }

    private String endpoint() {
        if (root.endpointUrl != null) {
            return root.endpointUrl.toString();
        }
        String env = root.ctx.env().get("AWS_ENDPOINT_URL");
        return env != null && !env.isBlank() ? env : "AWS";
    }

    private static String rootCause(Throwable t) {
        Throwable last = t;
        while (last.getCause() != null && last.getCause() != last) {
            last = last.getCause();
        }
        return AwsErrors.firstLine(last);
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
