package dev.hackathon.infra.cli;

import dev.hackathon.infra.aws.AwsSession;
import dev.hackathon.infra.config.StackConfig;
import dev.hackathon.infra.engine.Snapshot;
import dev.hackathon.infra.stack.StackService;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "up", mixinStandardHelpOptions = true,
        description = "Create or converge everything in the config. Idempotent: run it again to resume or repair.",
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
    int run(StackConfig config, StackService service, AwsSession aws) {
        Snapshot snapshot = service.discover();
        if (dryRun) {
            return PlanCommand.show(this, config, service.plan(snapshot), service.cost());
        }
        dev.hackathon.infra.engine.RunResult result = service.up(snapshot);
        int code = report("up", config, result);
        if (!root().json()) { // JSON readers get them from status --output json
            text().dnsRecords(service.dnsRecordsToAdd(key -> java.util.Optional.ofNullable(result.state().get(key))));
        }
        return code;
    }
}
