package dev.hackathon.infra.cli;

import java.util.concurrent.Callable;

import dev.hackathon.infra.aws.AwsSession;
import dev.hackathon.infra.config.StackConfig;
import dev.hackathon.infra.engine.RunSettings;
import dev.hackathon.infra.engine.RunListener;
import dev.hackathon.infra.output.LiveProgress;
import dev.hackathon.infra.output.ProgressPrinter;
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
        RunListener progress = progress(root);
        try (AutoCloseable ignored = closer; AwsSession aws = root.openSession(config)) {
            RunSettings settings = settings(StackService.defaultSettings(config));
            StackService service = new StackService(config, aws, root.ctx.clock(), settings, progress, root.yes);
            if (lockTimeout == null) {
                return run(config, service, aws);
            }
            try (RunLock lock = new RunLock(aws.ssm(), config.stack(), root.ctx.clock())) {
                lock.acquire(String.join(" ", spec.commandLine().getParseResult().originalArgs()), root.ctx.env(),
                        lockTimeout, this::note);
                return run(config, service, aws);
            }
        }
    }

    private AutoCloseable closer = () -> { };

    /**
     * Live lines at a terminal, one timestamped line per event elsewhere (CI), only
     * failures with --quiet.
     */
    private RunListener progress(HackathonInfra root) {
        if (root.ctx.interactive() && !root.quiet && !root.ctx.env().containsKey("CI")) {
            LiveProgress live = new LiveProgress(root.ctx.err(), root.style(), root.ctx.clock()::nowMillis);
            closer = live;
            return live;
        }
        return new ProgressPrinter(root.ctx.err(), root.style(), root.quiet);
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
