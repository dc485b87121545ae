package dev.hackathon.infra.output;

import java.io.PrintStream;
import java.util.Map;

import dev.hackathon.infra.engine.Change;
import dev.hackathon.infra.engine.Plan;
import dev.hackathon.infra.engine.PlannedChange;
import dev.hackathon.infra.engine.RunResult;
import dev.hackathon.infra.stack.ResourceStatus;
import dev.hackathon.infra.stack.StatusReport;

/** The same reports as text, for people. */
public final class TextReports {

    private final PrintStream out;
    private final Style style;

    public TextReports(PrintStream out, Style style) {
        this.out = out;
        this.style = style;
    }

    public void status(StatusReport r) {
        out.println(style.bold("Stack " + r.stack() + " (" + r.region() + ")"));
        out.printf("%-28s %-24s %-26s %-14s %s%n", "KEY", "KIND", "ID", "STATE", "DRIFT");
        for (ResourceStatus s : r.resources()) {
            row(s);
        }
        for (ResourceStatus s : r.extra()) {
            row(s);
        }
        if (!r.outputs().isEmpty()) {
            out.println();
            out.println(style.bold("Outputs"));
            r.outputs().forEach((k, v) -> out.printf("  %-22s %s%n", k, v));
        }
        out.println();
        out.println(r.cost().summary());
        for (String w : r.warnings()) {
            out.println(style.red("warning: " + w));
        }
        out.println();
        out.println(r.healthy() ? style.green("Healthy: everything exists, is in sync and ready.")
                : style.yellow("Not healthy: " + r.missing() + " missing, " + r.drifted() + " drifted, "
                + r.notReady() + " not ready, " + r.extra().size() + " not in config."));
    }

    private void row(ResourceStatus s) {
        String drift = s.present() ? String.join("; ", s.drift().stream().map(Change::toString).toList()) : "missing";
        String state = s.present() ? s.state() : style.red("missing");
        out.printf("%-28s %-24s %-26s %-14s %s%n", s.key(), s.label(), s.id() == null ? "-" : s.id(), state,
                drift.isEmpty() ? "" : style.yellow(drift));
    }

    public void plan(Plan plan) {
        if (!plan.hasChanges()) {
            out.println("No changes. The stack matches the config.");
            return;
        }
        for (PlannedChange c : plan.changes()) {
            String mark = switch (c.action()) {
                case CREATE -> style.green("+");
                case UPDATE -> style.yellow("~");
                case REPLACE -> style.red("-/+");
                case DELETE -> style.red("-");
                case NONE -> " ";
            };
            out.println(mark + " " + c.key() + " (" + c.label() + (c.id() == null ? "" : ", " + c.id()) + ")");
            for (Change ch : c.changes()) {
                out.println("      " + (ch.security() ? style.red("SECURITY ") : "") + ch.field() + ": " + ch.actual()
                        + " -> " + ch.desired());
            }
        }
        out.println();
        out.println(plan.summary());
    }

    public void run(String command, RunResult r) {
        if (r.succeeded()) {
            out.println(style.green(command + " complete") + ": " + r.created() + " created, " + r.updated()
                    + " updated, " + r.deleted() + " deleted in " + Durations.format(r.elapsedMillis()) + ".");
            return;
        }
        out.println(style.red(command + " failed") + ": " + r.failures().size() + " failed, " + r.skipped().size()
                + " skipped (" + r.created() + " created, " + r.updated() + " updated, " + r.deleted() + " deleted).");
        r.failures().forEach(f -> out.println("  " + f.toString().replace("\n", "\n  ")));
        if (!r.remaining().isEmpty()) {
            out.println("  left: " + String.join(", ", r.remaining()));
        }
        out.println("Partial work stays; run the command again to resume.");
    }

    public void outputs(Map<String, String> outputs) {
        outputs.forEach((k, v) -> out.printf("  %-22s %s%n", k, v));
    }
}
