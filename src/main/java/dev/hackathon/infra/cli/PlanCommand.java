package dev.hackathon.infra.cli;

import java.util.Map;

import dev.hackathon.infra.aws.AwsSession;
import dev.hackathon.infra.config.StackConfig;
import dev.hackathon.infra.engine.Plan;
import dev.hackathon.infra.engine.Snapshot;
import dev.hackathon.infra.output.PreflightReport;
import dev.hackathon.infra.output.Reports;
import dev.hackathon.infra.stack.CostEstimate;
import dev.hackathon.infra.stack.StackService;
import dev.hackathon.infra.stack.preflight.Finding;
import dev.hackathon.infra.stack.preflight.Preflight;
import picocli.CommandLine.Command;

@Command(name = "plan", mixinStandardHelpOptions = true,
        description = "Show what `up` would change (+ create, ~ update, -/+ replace, - delete); change nothing."
                + " Also shows what up's preflight found (doctor's checks for what the plan makes),"
                + " without failing on it.",
        footer = {"", "Examples:", "  hackathon-infra plan", "  hackathon-infra plan --output json --profile ci"})
final class PlanCommand extends StackCommand {

    @Override
    int run(StackConfig config, StackService service, AwsSession aws) {
        return planWithPreflight(this, config, service, aws);
    }

    /**
     * Shared with {@code up --dry-run}: reads the stack, plans, then runs the checks up would
     * run for that plan (none when it makes nothing), and shows both.
     */
    static int planWithPreflight(StackCommand cmd, StackConfig config, StackService service, AwsSession aws) {
        Snapshot snapshot = service.discover();
        StackService.keptCopies(snapshot).forEach(cmd::note);
        Plan plan = service.plan(snapshot);
        Preflight.Result findings = Preflight.forUp(plan).run(cmd.preflightContext(config, aws));
        return show(cmd, config, plan, service.cost(), findings);
    }

    /** {@code down --dry-run}: the plan alone. */
    static int show(StackCommand cmd, StackConfig config, Plan plan, CostEstimate cost) {
        return show(cmd, config, plan, cost, null);
    }

    /** Print the plan and the preflight's findings (null: none ran), exit 3 when the plan has changes (whatever the preflight found). */
    static int show(StackCommand cmd, StackConfig config, Plan plan, CostEstimate cost, Preflight.Result preflight) {
        if (cmd.root().json()) {
            Map<String, Object> doc = Reports.plan(config.stack(), plan, cost);
            if (preflight != null) {
                doc.put("preflight", PreflightReport.checks(preflight.findings()));
            }
            cmd.json(doc);
        } else {
            cmd.text().plan(plan);
            cmd.root().ctx.out().println(cost.summary());
            if (preflight == null) {
                return plan.hasChanges() ? ExitCodes.CHANGES_OR_DRIFT : ExitCodes.OK;
            }
            if (preflight.findings().isEmpty()) {
                cmd.root().ctx.out().println("preflight: nothing to check, the plan makes nothing a check guards");
                return plan.hasChanges() ? ExitCodes.CHANGES_OR_DRIFT : ExitCodes.OK;
            }
            PreflightReport.lines(cmd.root().ctx.out(), cmd.root().style(),
                    preflight.findings().stream().filter(f -> f.status() != Finding.Status.OK).toList());
            cmd.root().ctx.out().println(PreflightReport.summary("preflight", preflight)
                    + (preflight.failed() ? " (up would stop here: fix the ✗ lines, or up --skip-preflight)" : ""));
        }
        return plan.hasChanges() ? ExitCodes.CHANGES_OR_DRIFT : ExitCodes.OK;
    }
}
