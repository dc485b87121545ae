package dev.hackathon.infra.output;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.hackathon.infra.engine.Change;
import dev.hackathon.infra.engine.Plan;
import dev.hackathon.infra.engine.PlannedChange;
import dev.hackathon.infra.engine.RunResult;
import dev.hackathon.infra.stack.CostEstimate;
import dev.hackathon.infra.stack.ResourceStatus;
import dev.hackathon.infra.stack.StatusReport;

/**
 * The JSON documents of docs/json.md as plain maps, so field names and order are fixed here
 * and nowhere else. Every document starts with {@code version}: a CI consumer checks it, and
 * it changes only when a field is removed or changes meaning (new fields keep it).
 */
public final class Reports {

    /** The schema version of every document; docs/json.md describes version 1. */
    public static final int VERSION = 1;

    private Reports() {
    }

    /** The start every document shares: schema version and stack. */
    public static Map<String, Object> document(String stack) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("version", VERSION);
        m.put("stack", stack);
        return m;
    }

    public static Map<String, Object> status(StatusReport r) {
        Map<String, Object> m = document(r.stack());
        m.put("region", r.region());
        m.put("healthy", r.healthy());
        m.put("resources", r.resources().stream().map(Reports::resource).toList());
        m.put("extra", r.extra().stream().map(Reports::resource).toList());
        m.put("outputs", r.outputs());
        m.put("hosts", r.hosts());
        m.put("warnings", r.warnings());
        m.put("dnsRecords", dnsRecords(r.dnsRecords()));
        m.put("cost", cost(r.cost()));
        return m;
    }

    /** The records to add at the registrar (none when the tool writes them in Route 53). */
    public static List<Map<String, Object>> dnsRecords(List<dev.hackathon.infra.stack.DnsRecords.Record> records) {
        return records.stream().map(d -> {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("name", d.name());
            e.put("type", d.type());
            e.put("value", d.value());
            e.put("purpose", d.purpose());
            return e;
        }).toList();
    }

    public static Map<String, Object> cost(CostEstimate c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("currency", "USD");
        m.put("perHour", round(c.perHour()));
        m.put("perDay", round(c.perDay()));
        m.put("pricesAsOf", c.pricesAsOf());
        m.put("lines", c.lines().stream().map(l -> {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("item", l.item());
            e.put("detail", l.detail());
            e.put("perHour", l.perHour() == null ? "unknown" : round(l.perHour()));
            return e;
        }).toList());
        m.put("unknown", c.unknown());
        return m;
    }

    private static double round(double v) {
        return Math.round(v * 10_000) / 10_000.0;
    }

    public static Map<String, Object> plan(String stack, Plan plan, CostEstimate cost) {
        Map<String, Object> m = document(stack);
        m.put("hasChanges", plan.hasChanges());
        List<Map<String, Object>> changes = new ArrayList<>();
        for (PlannedChange c : plan.changes()) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("action", c.action().name().toLowerCase());
            e.put("mark", c.action().mark());
            e.put("key", c.key());
            e.put("kind", c.kind());
            e.put("label", c.label());
            e.put("id", c.id());
            e.put("changes", c.changes().stream().map(Reports::change).toList());
            changes.add(e);
        }
        m.put("changes", changes);
        Map<String, Object> summary = new LinkedHashMap<>();
        plan.counts().forEach((a, n) -> {
            if (a != PlannedChange.Action.NONE) {
                summary.put(a.name().toLowerCase(), n);
            }
        });
        m.put("summary", summary);
        m.put("cost", cost(cost));
        return m;
    }

    public static Map<String, Object> run(String stack, String command, RunResult r) {
        Map<String, Object> m = document(stack);
        m.put("command", command);
        m.put("succeeded", r.succeeded());
        m.put("created", r.created());
        m.put("updated", r.updated());
        m.put("deleted", r.deleted());
        m.put("failures", r.failures().stream().map(f -> {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("key", f.key());
            e.put("phase", f.phase().name().toLowerCase());
            e.put("message", f.toString());
            return e;
        }).toList());
        m.put("skipped", r.skipped());
        m.put("remaining", r.remaining());
        m.put("elapsedSeconds", r.elapsedMillis() / 1000.0);
        // What exists afterwards says what to point DNS at and where the database is: CI after up needs no status.
        Map<String, String> outputs = new LinkedHashMap<>();
        r.state().values().forEach(o -> outputs.putAll(o.outputs()));
        m.put("outputs", outputs);
        return m;
    }

    private static Map<String, Object> resource(ResourceStatus s) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("key", s.key());
        e.put("kind", s.kind());
        e.put("label", s.label());
        e.put("id", s.id());
        e.put("state", s.state());
        e.put("present", s.present());
        e.put("ready", s.ready());
        e.put("healthy", s.healthy());
        e.put("drift", s.drift().stream().map(Reports::change).toList());
        e.put("outputs", s.outputs());
        return e;
    }

    private static Map<String, Object> change(Change c) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("field", c.field());
        e.put("actual", c.actual());
        e.put("desired", c.desired());
        e.put("security", c.security());
        return e;
    }
}
