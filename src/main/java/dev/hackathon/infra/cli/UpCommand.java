package dev.hackathon.infra.cli;

import dev.hackathon.infra.aws.AwsSession;
import dev.hackathon.infra.config.StackConfig;
import dev.hackathon.infra.engine.Plan;
import dev.hackathon.infra.engine.Snapshot;
import dev.hackathon.infra.stack.StackService;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "up", mixinStandardHelpOptions = true,
        description = {"Create or converge everything in the config. Idempotent: run it again to resume or repair.",
                "A plan that deletes or replaces a resource is shown first and asks for the stack name;",
                "--yes confirms; without a terminal it refuses (exit 2, nothing changed).",
                "Ctrl-C (or SIGTERM) stops starting work, lets calls in flight finish, releases the lock: exit 130/143."},
        footer = {"", "Examples:", "  hackathon-infra up --profile hackathon", "  hackathon-infra up --dry-run",
                "  hackathon-infra up --output json"})
final class UpCommand extends StackCommand {

    @Option(names = "--dry-run", description = "Show the plan and stop (same as `plan`).")
    boolean dryRun;

    @picocli.CommandLine.Mixin
    LockOptions lock;

    @Override
    LockOptions lockOptions() {
        return dryRun ? null : lock;
    }

    @Override
    int run(StackConfig config, StackService service, AwsSession aws) throws java.io.IOException {
        Snapshot snapshot = service.discover();
        Plan plan = service.plan(snapshot);
        if (dryRun) {
            return PlanCommand.show(this, config, plan, service.cost());
        }
        service.refuseUnsafeReplacements(plan, snapshot); // exit 2: a parent cannot go under its dependents
        // ---- after the plan, before the first change: checks that may stop the run go here ----
        confirmDestruction(this, config, "up", plan);
        return report("up", config, service.up(snapshot, plan));
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
