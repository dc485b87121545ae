package dev.hackathon.infra.cli;

import java.io.IOException;
import java.time.Duration;
import java.util.List;

import dev.hackathon.infra.aws.AwsSession;
import dev.hackathon.infra.config.StackConfig;
import dev.hackathon.infra.engine.Plan;
import dev.hackathon.infra.engine.RunSettings;
import dev.hackathon.infra.engine.Snapshot;
import dev.hackathon.infra.output.Reports;
import dev.hackathon.infra.stack.ProtectedResource;
import dev.hackathon.infra.stack.StackService;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "down", mixinStandardHelpOptions = true,
        description = {"Delete everything this stack owns (tagged hackathon-infra:stack), dependents first.",
                "Shows what it will delete and asks you to type the stack name; --yes skips the question.",
                "Without a terminal it refuses unless --yes is given.",
                "Deletion protection (database, load balancer) is reported before anything is deleted;",
                "typing the stack name, or --yes, turns it off."},
        footer = {"", "Examples:", "  hackathon-infra down", "  hackathon-infra down --dry-run",
                "  hackathon-infra down --yes --timeout 45m"})
final class DownCommand extends StackCommand {

    @Option(names = "--dry-run", description = "Show what would be deleted and stop.")
    boolean dryRun;

    @picocli.CommandLine.Mixin
    LockOptions lock;

    @Override
    LockOptions lockOptions() {
        return dryRun ? null : lock;
    }

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "30m", converter = DurationOption.class,
            description = "Give up waiting for deletions after this long (e.g. 30m, 1h; default ${DEFAULT-VALUE}).")
    Duration timeout;

    @Override
    void validate(StackConfig config) {
        if (!dryRun && !root().yes && !root().ctx.interactive()) {
            throw new UsageException("down needs confirmation: run it at a terminal, or pass --yes (nothing was deleted)");
        }
    }

    @Override
    RunSettings settings(RunSettings defaults) {
        return defaults.withDeleteTimeout(timeout);
    }

    @Override
    int run(StackConfig config, StackService service, AwsSession aws) throws IOException {
        Snapshot snapshot = service.discover();
        Plan plan = service.planDown(snapshot);
        // Known before anything is deleted, so a protected database never stops down halfway.
        List<ProtectedResource> protectedOnes = service.protectedResources(snapshot);
        List<String> copies = StackService.keptCopies(snapshot);
        copies.forEach(this::note);
        if (!copies.isEmpty() && !dryRun) {
            // Down never deletes such a copy, and it stands in the stack's subnets and groups, so
            // the network could never go: stop before deleting anything rather than halfway.
            note("down stopped before deleting anything: the stack's network cannot be deleted while a copy"
                    + " it never deletes stands in it. Delete the copy you do not need yourself (or remove its"
                    + " hackathon-infra tags), then run down again.");
            return ExitCodes.AWS_FAILED;
        }
        if (dryRun) {
            PlanCommand.show(this, config, plan, service.cost());
            protectedOnes.forEach(p -> note("protected: " + p + "; down asks before turning it off (--yes turns it off)"));
            return ExitCodes.OK;
        }
        if (!plan.hasChanges()) {
            note("Nothing to delete: no resource is tagged with stack " + config.stack() + ".");
            if (root().json()) {
                json(Reports.run(config.stack(), "down", service.down(snapshot)));
            }
            return ExitCodes.OK;
        }
        StackService confirmed = service;
        if (root().yes) {
            protectedOnes.forEach(p -> note("--yes: turning deletion protection off on " + p));
        }
        Confirmation.ask(this, config, "down", plan, "delete all of the above" + (protectedOnes.isEmpty() ? ""
                : " and turn deletion protection off on " + String.join(", ", protectedOnes.stream()
                .map(p -> p.label() + " " + p.key()).toList())), protectedOnes.stream().map(p -> "protected: " + p).toList());
        if (!protectedOnes.isEmpty()) {
            confirmed = service.confirmingDeletionProtectionOff(); // only down turns it off
        }
        return report("down", config, confirmed.down(snapshot));
    }
}
