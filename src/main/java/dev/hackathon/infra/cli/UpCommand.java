package dev.hackathon.infra.cli;

import dev.hackathon.infra.aws.AwsSession;
import dev.hackathon.infra.config.StackConfig;
import dev.hackathon.infra.engine.Plan;
import dev.hackathon.infra.engine.RunControl;
import dev.hackathon.infra.engine.Snapshot;
import dev.hackathon.infra.output.PreflightReport;
import dev.hackathon.infra.stack.RunLock;
import dev.hackathon.infra.stack.StackService;
import dev.hackathon.infra.stack.preflight.Finding;
import dev.hackathon.infra.stack.preflight.Preflight;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "up", mixinStandardHelpOptions = true,
        description = {"Create or converge everything in the config. Idempotent: run it again to resume or repair.",
                "A plan that deletes or replaces a resource is shown first and asks for the stack name;",
                "--yes confirms; without a terminal it refuses (exit 2, nothing changed).",
                "Ctrl-C (or SIGTERM) stops starting work, lets calls in flight finish, releases the lock: exit 130/143.",
                "It reads the stack first: with nothing to change it takes no lock and writes nothing.",
                "Before its first write it runs doctor's checks for what the plan makes (zones, quotas, offerings,"
                        + " certificate, models): when one fails it exits 1 having written nothing, with the fix."},
        footer = {"", "Examples:", "  hackathon-infra up --profile hackathon", "  hackathon-infra up --dry-run",
                "  hackathon-infra up --output json"})
final class UpCommand extends StackCommand {

    @Option(names = "--dry-run", description = "Show the plan and stop (same as `plan`).")
    boolean dryRun;

    @Option(names = "--skip-preflight",
            description = "Do not run the preflight checks first (for a false alarm; says which it skipped).")
    boolean skipPreflight;

    @picocli.CommandLine.Mixin
    LockOptions lock;

    @Override
    LockOptions lockOptions() {
        return dryRun ? null : lock;
    }

    /** The checks the plan read before the lock needed, run by then: the locked plan's others run under the lock. */
    private java.util.Set<String> checked = java.util.Set.of();

    /**
     * Before the lock (an SSM parameter, up's first write): the stack is read and planned,
     * reads only. Nothing to change and nobody changing it (no lock held): the run ends here,
     * reporting as a run with nothing to do, with no lock taken and no write made. Else the
     * checks that guard what the plan makes run now, so that a failing one stops the run
     * before any write at all. The plan that counts is the one read again under the lock.
     */
    @Override
    Integer beforeLock(StackConfig config, StackService service, AwsSession aws) throws java.io.IOException {
        if (dryRun) {
            return null;
        }
        Snapshot snapshot = service.discover();
        StackService.keptCopies(snapshot).forEach(this::note); // kept, never deleted: the person decides
        Plan plan = service.plan(snapshot);
        if (!plan.hasChanges() && new RunLock(aws.ssm(), config.stack(), root().ctx.clock()).read().isEmpty()) {
            if (skipPreflight) {
                noteSkipped(Preflight.forUp(plan));
            }
            // Reads only from here on: a change would be a bug, so the guard refuses any.
            return converge(config, service.controlledBy(new RunControl(() -> {
                throw new RunControl.MutationRefused("a change without the run lock");
            })), snapshot, plan);
        }
        service.refuseUnsafeReplacements(plan, snapshot); // exit 2: a parent cannot go under its dependents
        Preflight preflight = Preflight.forUp(plan);
        checked = java.util.Set.copyOf(preflight.ids());
        return preflight(config, aws, preflight, "up stopped before changing anything: the preflight failed");
    }

    private void noteSkipped(Preflight preflight) {
        note("preflight skipped (--skip-preflight): " + (preflight.isEmpty()
                ? "none needed, the plan makes nothing a check guards" : String.join(", ", preflight.ids())));
    }

    /**
     * Runs the preflight's checks (only those that guard what the plan makes). Null to go on,
     * else the exit code to stop with.
     */
    private Integer preflight(StackConfig config, AwsSession aws, Preflight preflight, String stopped) {
        if (skipPreflight) {
            noteSkipped(preflight);
            return null;
        }
        Preflight.Result result = preflight.run(preflightContext(config, aws));
        if (!result.failed()) {
            // Silent when all is well; warnings (a check that could not run) get one line, not a list.
            if (result.findings().stream().anyMatch(f -> f.status() == Finding.Status.WARN)) {
                note(PreflightReport.summary("preflight", result) + " (hackathon-infra doctor shows the warnings)");
            }
            return null;
        }
        // Diagnostics, so stderr: stdout stays empty (docs/json.md), as for any failure before the run.
        java.io.PrintStream err = root().ctx.err();
        err.println(stopped);
        PreflightReport.lines(err, root().style(), result.failures());
        err.println("Fix these and run up again; `hackathon-infra doctor` shows every check, and"
                + " `up --skip-preflight` skips them if one is a false alarm.");
        return ExitCodes.AWS_FAILED;
    }

    @Override
    int run(StackConfig config, StackService service, AwsSession aws) throws java.io.IOException {
        if (dryRun) {
            return PlanCommand.planWithPreflight(this, config, service, aws);
        }
        // Read again under the lock: another run may have changed the stack since.
        Snapshot snapshot = service.discover();
        Plan plan = service.plan(snapshot);
        service.refuseUnsafeReplacements(plan, snapshot);
        // Checks the plan read before the lock did not need (the stack changed in between): rare.
        Preflight more = Preflight.forUp(plan).without(checked);
        Integer stop = more.isEmpty() || skipPreflight ? null : preflight(config, aws, more,
                "up stopped before changing anything but the run lock, released: the preflight failed");
        if (stop != null) {
            return stop;
        }
        return converge(config, service, snapshot, plan);
    }

    /** The run of a plan, asked first when it deletes or replaces, and its report. */
    private int converge(StackConfig config, StackService service, Snapshot snapshot, Plan plan)
            throws java.io.IOException {
        confirmDestruction(this, config, "up", plan);
        dev.hackathon.infra.engine.RunResult result = service.up(plan);
        int code = report("up", config, result);
        if (!root().json()) { // JSON readers get them from status --output json
            text().dnsRecords(service.dnsRecordsToAdd(key -> java.util.Optional.ofNullable(result.state().get(key))));
        }
        return code;
    }

    /** Shared with rules: a plan that deletes or replaces asks first (creates and updates never do). */
    static void confirmDestruction(StackCommand cmd, StackConfig config, String command, Plan plan)
            throws java.io.IOException {
        Plan destructive = Confirmation.destructive(plan);
        if (destructive.hasChanges()) {
            Confirmation.ask(cmd, config, command, destructive, "delete or replace the above", java.util.List.of());
        }
    }
}
