package dev.hackathon.infra.cli;

import java.util.concurrent.Callable;

import java.util.Map;

import dev.hackathon.infra.aws.AwsSession;
import dev.hackathon.infra.config.StackConfig;
import dev.hackathon.infra.engine.RunControl;
import dev.hackathon.infra.engine.RunSettings;
import dev.hackathon.infra.engine.RunListener;
import dev.hackathon.infra.engine.RunResult;
import dev.hackathon.infra.output.LiveProgress;
import dev.hackathon.infra.output.ProgressPrinter;
import dev.hackathon.infra.output.Reports;
import dev.hackathon.infra.output.TextReports;
import dev.hackathon.infra.stack.RunLock;
import dev.hackathon.infra.stack.StackService;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * What every stack command does first: load and validate the config (exit 2 before any
 * AWS call), open the session (exit 4 on bad credentials), then hand a service to run().
 */
@picocli.CommandLine.Command
abstract class StackCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    HackathonInfra root() {
        return (HackathonInfra) spec.root().userObject();
    }

    @Override
    public final Integer call() throws Exception {
        HackathonInfra root = root();
        StackConfig config = root.loadConfig();
        validate(config);
        LockOptions lockOptions = lockOptions();
        java.time.Duration lockTimeout = lockOptions == null ? null : lockOptions.timeout();
        progress = progress(root);
        try (AutoCloseable ignored = closer; AwsSession aws = root.openSession(config)) {
            StackService service = service(config, aws);
            if (lockTimeout == null) {
                return run(config, service, aws);
            }
            Integer done = beforeLock(config, service, aws);
            if (done != null) {
                return done;
            }
            // The lock is released on every way out, a signal's included: the run returns first.
            try (RunLock lock = new RunLock(aws.ssm(), config.stack(), root.ctx.clock())) {
                lock.acquire(String.join(" ", spec.commandLine().getParseResult().originalArgs()), root.ctx.env(),
                        lockTimeout, this::note);
                RunControl control = new RunControl(lock::checkLease);
                Signals.attach(control, lock::close);
                try {
                    return run(config, service.controlledBy(control), aws);
                } finally {
                    Signals.detach(control);
                }
            }
        }
    }

    /**
     * What a locking command does before it takes the lock, its first write: reads only.
     * Null to go on and take the lock, else the exit code to end with (up's preflight failed,
     * or there is nothing to change).
     */
    Integer beforeLock(StackConfig config, StackService service, AwsSession aws) throws Exception {
        return null;
    }

    private AutoCloseable closer = () -> { };
    private LiveProgress live;
    private RunListener progress = RunListener.NONE;

    /** A service for a config, with this command's settings and progress (rules add: the edited config). */
    StackService service(StackConfig config, AwsSession aws) {
        // Never with the person's --yes: only down turns deletion protection off, and asks for it itself.
        return new StackService(config, aws, root().ctx.clock(), settings(StackService.defaultSettings(config)), progress);
    }

    /**
     * Live lines at a terminal, one timestamped line per event elsewhere (CI), only failures
     * with --quiet. The live view redraws with cursor movements, so it also needs colour on:
     * NO_COLOR or --no-color (and TERM=dumb) mean plain lines without a single escape code.
     */
    private RunListener progress(HackathonInfra root) {
        Map<String, String> env = root.ctx.env();
        boolean live = root.ctx.interactive() && !root.quiet && !env.containsKey("CI")
                && !"dumb".equals(env.get("TERM")) && root.style().color();
        if (live) {
            this.live = new LiveProgress(root.ctx.err(), root.style(), root.ctx.clock()::nowMillis);
            closer = this.live;
            return this.live;
        }
        return new ProgressPrinter(root.ctx.err(), root.style(), root.quiet);
    }

    /** A run's result: the report on stdout (text or JSON), the live view's summary line on stderr. */
    int report(String command, StackConfig config, RunResult result) {
        if (live != null) {
            live.finished(command, result);
        }
        if (root().json()) {
            json(Reports.run(config.stack(), command, result));
        } else {
            text().run(command, result);
        }
        return exitCode(result);
    }

    /**
     * The exit code of a run: 0; 130/143 when a signal stopped it; 4 when credentials expired;
     * 5 when the lock's lease may have lapsed; else 1.
     */
    int exitCode(RunResult result) {
        if (result.stopped()) {
            note("stopped by " + result.stoppedBecause() + " after " + result.created() + " created, "
                    + result.updated() + " updated, " + result.deleted() + " deleted; calls in flight finished, the"
                    + " lock is released. Run the command again to resume" + (result.unfinished().isEmpty() ? "."
                    : " (" + result.unfinished().size() + " not finished)."));
            return Signals.exitCode(result.stoppedBecause());
        }
        if (result.succeeded() && result.remaining().isEmpty()) {
            return ExitCodes.OK;
        }
        if (result.failures().stream().anyMatch(f -> f.error() instanceof RunLock.LeaseLapsed)) {
            return ExitCodes.LOCKED;
        }
        // Credentials that expired during the run fail every resource after them: exit 4 with its fix.
        // The run's classifier decides what is a credentials error (AuthFailure releasing an address
        // a deleting NAT gateway still holds is not: it is retried as a dependency).
        boolean credentials = result.failures().stream()
                .anyMatch(f -> f.errorClass() == dev.hackathon.infra.engine.ErrorClass.CREDENTIALS);
        return credentials ? ExitCodes.CREDENTIALS : ExitCodes.AWS_FAILED;
    }

    /** What the preflight checks read. */
    dev.hackathon.infra.stack.preflight.PreflightContext preflightContext(StackConfig config, AwsSession aws) {
        return new dev.hackathon.infra.stack.preflight.PreflightContext(config, aws, root().ctx.env());
    }

    /** Commands that change the stack return their lock options; the rest take no lock. */
    LockOptions lockOptions() {
        return null;
    }

    /** Checks on options that need the config, before any AWS call. */
    void validate(StackConfig config) {
    }

    RunSettings settings(RunSettings defaults) {
        return defaults;
    }

    abstract int run(StackConfig config, StackService service, AwsSession aws) throws Exception;

    TextReports text() {
        return new TextReports(root().ctx.out(), root().style());
    }

    void json(Object document) {
        root().ctx.out().println(dev.hackathon.infra.output.Json.write(document));
    }

    void note(String line) {
        if (!root().quiet) {
            root().ctx.err().println(line);
        }
    }
}
