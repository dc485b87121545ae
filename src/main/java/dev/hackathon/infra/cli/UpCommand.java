package dev.hackathon.infra.cli;

import dev.hackathon.infra.aws.AwsSession;
import dev.hackathon.infra.config.StackConfig;
import dev.hackathon.infra.engine.Plan;
import dev.hackathon.infra.engine.Snapshot;
import dev.hackathon.infra.output.PreflightReport;
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
                "Before changing anything it runs doctor's checks for what the plan makes (zones, quotas, offerings,"
                        + " certificate, models; none when there is nothing to do): when one fails it releases the"
                        + " run lock and exits 1, having changed nothing else, with the fix."},
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

    /**
     * Up's preflight, after the plan and before the first change: only the checks that guard
     * what the plan makes run (none for an up with nothing to do). The run lock is taken by
     * then (it is an SSM parameter, the one write before this point: the plan must be read
     * under it); a failing check returns, which releases the lock, and nothing else is
     * written. Null to go on, else the exit code to stop with.
     */
    private Integer preflight(StackConfig config, AwsSession aws, Plan plan) {
        Preflight preflight = Preflight.forUp(plan);
        if (skipPreflight) {
            note("preflight skipped (--skip-preflight): " + (preflight.isEmpty()
                    ? "none needed, the plan makes nothing a check guards" : String.join(", ", preflight.ids())));
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
        err.println("up stopped before changing anything: the preflight failed (the run lock is released)");
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
        Snapshot snapshot = service.discover();
        Plan plan = service.plan(snapshot);
        service.refuseUnsafeReplacements(plan, snapshot); // exit 2: a parent cannot go under its dependents
        // ---- after the plan, before the first change: checks that may stop the run go here ----
        Integer stop = preflight(config, aws, plan);
        if (stop != null) {
            return stop;
        }
        confirmDestruction(this, config, "up", plan);
        dev.hackathon.infra.engine.RunResult result = service.up(snapshot, plan);
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
