package dev.hackathon.infra.output;

import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.hackathon.infra.stack.preflight.Finding;
import dev.hackathon.infra.stack.preflight.Preflight;

/** The preflight's findings for people (one line per check, its fix under it) and as JSON (docs/json.md "doctor"). */
public final class PreflightReport {

    private static final int ID_COLUMN = 28;

    private PreflightReport() {
    }

    /** The doctor document. */
    public static Map<String, Object> json(String stack, String region, Preflight.Result r) {
        Map<String, Object> m = Reports.document(stack);
        m.put("region", region);
        m.put("ok", !r.failed());
        m.put("failed", count(r.findings(), Finding.Status.FAIL));
        m.put("warnings", count(r.findings(), Finding.Status.WARN));
        m.put("elapsedMillis", r.millis());
        m.put("checks", checks(r.findings()));
        return m;
    }

    /** The findings as JSON objects: id, status (ok, warn, fail), detail, fix (null when passed). */
    public static List<Map<String, Object>> checks(List<Finding> findings) {
        return findings.stream().map(f -> {
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("id", f.id());
            c.put("status", f.status().json());
            c.put("detail", f.detail());
            c.put("fix", f.fix());
            return c;
        }).toList();
    }

    /** Every finding, aligned, the fix under each ✗ and !; then the counts. */
    public static void text(PrintStream out, Style style, Preflight.Result r) {
        lines(out, style, r.findings());
        out.println(summary("doctor", r));
    }

    /** The findings alone (what up prints when it stops, and plan's preflight section). */
    public static void lines(PrintStream out, Style style, List<Finding> findings) {
        // Aligned on the ids, but a long model id does not push every line to the right.
        int width = Math.min(ID_COLUMN, findings.stream().mapToInt(f -> f.id().length()).max().orElse(0));
        for (Finding f : findings) {
            String mark = switch (f.status()) {
                case OK -> style.green("✓");
                case WARN -> style.yellow("!");
                case FAIL -> style.red("✗");
            };
            out.println(mark + " " + pad(f.id(), width) + " " + f.detail());
            if (f.fix() != null && f.status() != Finding.Status.OK) {
                out.println("  " + pad("", width) + " fix: " + f.fix());
            }
        }
    }

    /** "doctor: 11 passed, 1 failed, 2 warnings in 0.42 s". */
    public static String summary(String what, Preflight.Result r) {
        long failed = count(r.findings(), Finding.Status.FAIL);
        long warnings = count(r.findings(), Finding.Status.WARN);
        return what + ": " + count(r.findings(), Finding.Status.OK) + " passed, " + failed + " failed, " + warnings
                + " warning" + (warnings == 1 ? "" : "s") + " in " + String.format(java.util.Locale.ROOT, "%.2f s",
                r.millis() / 1000.0);
    }

    private static long count(List<Finding> findings, Finding.Status s) {
        return findings.stream().filter(f -> f.status() == s).count();
    }

    private static String pad(String s, int width) {
        return s + " ".repeat(Math.max(0, width - s.length()));
    }
}
