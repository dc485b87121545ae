package dev.hackathon.infra.output;

import java.io.PrintStream;
import java.util.List;
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
            outputs(r.outputs());
            r.loadBalancerDnsName().filter(dns -> !r.hosts().isEmpty()).ifPresent(dns -> out.println("  Point "
                    + String.join(" and ", r.hosts()) + " at " + dns + " (a CNAME record, or an alias record in Route 53)."));
        }
        dnsRecords(r.dnsRecords());
        out.println();
        out.println(r.cost().summary());
        List<String> security = r.securityWarnings();
        for (String w : r.warnings()) {
            out.println(security.contains(w) ? style.bold(style.red(w)) : style.yellow("warning: " + w));
        }
        out.println();
        out.println(r.healthy() ? style.green("Healthy: everything exists, is in sync and ready, and every target is healthy.")
                : style.yellow("Not healthy: " + r.missing() + " missing, " + r.drifted() + " drifted, "
                + r.notReady() + " not ready, " + r.unhealthy() + " target" + (r.unhealthy() == 1 ? "" : "s")
                + " unhealthy, " + r.extra().size() + " not in config."));
    }

    private void row(ResourceStatus s) {
        String drift = s.present() ? String.join("; ", s.drift().stream()
                .map(c -> (c.security() ? StatusReport.SECURITY : "") + c).toList()) : "missing";
        String state = !s.present() ? style.red("missing") : s.passing() ? s.state() : style.red(s.state());
        out.printf("%-28s %-24s %-26s %-14s %s%n", s.key(), s.label(), shortId(s.id()), state,
                drift.isEmpty() ? "" : style.yellow(drift));
    }

    /** Terraform's way: one line per resource with its mark and what happens to it, then the fields. */
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
            String what = switch (c.action()) {
                case CREATE -> c.id() == null ? "will be created" : "will be created once this old one is gone";
                case UPDATE -> "will be updated in place";
                case REPLACE -> "must be replaced";
                case DELETE -> "will be destroyed";
                case NONE -> "";
            };
            out.println(mark + " " + c.key() + " (" + c.label() + (c.id() == null ? "" : " " + c.id()) + ") " + what);
            for (Change ch : c.changes()) {
                out.println("      " + (ch.security() ? style.bold(style.red(StatusReport.SECURITY)) : "") + ch);
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

    /** The records to add at the registrar, one per line as a zone file has them. */
    public void dnsRecords(List<dev.hackathon.infra.stack.DnsRecords.Record> records) {
        if (records.isEmpty()) {
            return;
        }
        out.println();
        out.println(style.bold("DNS records to add at your registrar") + " (dns.zone: none; ALIAS means ALIAS/ANAME"
                + " or CNAME flattening, since a zone apex cannot hold a CNAME)");
        records.forEach(d -> out.println("  " + d.line()));
    }

    public void outputs(Map<String, String> outputs) {
        outputs.forEach((k, v) -> out.printf("  %-22s %s%n", k, v));
    }

    /**
     * Ids as a table can hold them: an ARN is cut to its resource type and last segment
     * ({@code targetgroup/…/93d86f1cc98a20cb}); names and plain ids stay whole. JSON output
     * keeps the full ARN.
     */
    static String shortId(String id) {
        if (id == null) {
            return "-";
        }
        if (!id.startsWith("arn:") || id.length() <= 30) {
            return id;
        }
        String resource = id.substring(id.indexOf(':', id.indexOf(':', id.indexOf(':', id.indexOf(':',
                id.indexOf(':') + 1) + 1) + 1) + 1) + 1);
        int first = resource.indexOf('/');
        int last = resource.lastIndexOf('/');
        if (first < 0 || first == last) {
            return resource;
        }
        return resource.substring(0, first) + "/…" + resource.substring(last);
    }
}
