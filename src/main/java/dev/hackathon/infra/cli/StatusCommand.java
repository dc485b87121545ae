package dev.hackathon.infra.cli;

import dev.hackathon.infra.aws.AwsSession;
import dev.hackathon.infra.config.StackConfig;
import dev.hackathon.infra.output.Reports;
import dev.hackathon.infra.stack.StackService;
import dev.hackathon.infra.stack.StatusReport;
import picocli.CommandLine.Command;

@Command(name = "status", mixinStandardHelpOptions = true,
        description = "What exists, its state, its drift from the config, and the stack's outputs. Changes nothing.",
        footer = {"", "Examples:", "  hackathon-infra status", "  hackathon-infra status --output json"})
final class StatusCommand extends StackCommand {

    @Override
    int run(StackConfig config, StackService service, AwsSession aws) {
        StatusReport report = service.status(service.discover());
        if (root().json()) {
            json(Reports.status(report));
        } else {
            text().status(report);
        }
        return report.healthy() ? ExitCodes.OK : ExitCodes.CHANGES_OR_DRIFT;
    }
}
