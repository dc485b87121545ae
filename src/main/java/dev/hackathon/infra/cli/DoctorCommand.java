package dev.hackathon.infra.cli;

import dev.hackathon.infra.aws.AwsSession;
import dev.hackathon.infra.config.StackConfig;
import dev.hackathon.infra.output.PreflightReport;
import dev.hackathon.infra.stack.StackService;
import dev.hackathon.infra.stack.preflight.Preflight;
import picocli.CommandLine.Command;

@Command(name = "doctor", mixinStandardHelpOptions = true,
        description = "Read-only preflight: identity, zones, quotas, offerings, certificate, Bedrock models and the"
                + " local tools connect needs. One line per check (✓ passed, ! warning, ✗ failed) with the fix;"
                + " exit 0 when nothing failed, 1 when a check failed. `up` runs the same checks first.",
        footer = {"", "Examples:", "  hackathon-infra doctor --profile hackathon", "  hackathon-infra doctor --output json"})
final class DoctorCommand extends StackCommand {

    @Override
    int run(StackConfig config, StackService service, AwsSession aws) {
        Preflight.Result result = Preflight.all().run(preflightContext(config, aws));
        if (root().json()) {
            json(PreflightReport.json(config.stack(), config.region(), result));
        } else {
            PreflightReport.text(root().ctx.out(), root().style(), result);
        }
        return result.failed() ? ExitCodes.AWS_FAILED : ExitCodes.OK;
    }
}
