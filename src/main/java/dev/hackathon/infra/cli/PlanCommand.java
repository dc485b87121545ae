package dev.hackathon.infra.cli;

import dev.hackathon.infra.aws.AwsSession;
import dev.hackathon.infra.config.StackConfig;
import dev.hackathon.infra.engine.Plan;
import dev.hackathon.infra.output.Reports;
import dev.hackathon.infra.stack.CostEstimate;
import dev.hackathon.infra.stack.StackService;
import picocli.CommandLine.Command;

@Command(name = "plan", mixinStandardHelpOptions = true,
        description = "Show what `up` would change (+ create, ~ update, -/+ replace, - delete); change nothing.",
        footer = {"", "Examples:", "  hackathon-infra plan", "  hackathon-infra plan --output json --profile ci"})
final class PlanCommand extends StackCommand {

    @Override
    int run(StackConfig config, StackService service, AwsSession aws) {
        return show(this, config, service.plan(service.discover()), service.cost());
    }

    /** Shared with {@code up --dry-run}: print the plan, exit 3 when it has changes. */
    static int show(StackCommand cmd, StackConfig config, Plan plan, CostEstimate cost) {
        if (cmd.root().json()) {
            cmd.json(Reports.plan(config.stack(), plan, cost));
        } else {
            cmd.text().plan(plan);
            cmd.root().ctx.out().println(cost.summary());
        }
        return plan.hasChanges() ? ExitCodes.CHANGES_OR_DRIFT : ExitCodes.OK;
    }
}
