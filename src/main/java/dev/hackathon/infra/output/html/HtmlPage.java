package dev.hackathon.infra.output.html;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Base64;

/**
 * The frame of every page: one self-contained HTML document with its style inline and no
 * script at all. Its Content-Security-Policy allows nothing to be loaded from anywhere (not even
 * from beside the file) except that one style block, named by its hash: a page that someone
 * could make fetch something would be a page that leaks who looks at it.
 */
final class HtmlPage {

    /** One style for every page; the SVG's parts are styled by class from here too (no style attributes). */
    static final String STYLE = String.join("\n",
            ":root{color-scheme:light;--text:#1f2328;--muted:#59636e;--line:#d1d9e0}",
            "body{font:15px/1.45 system-ui,-apple-system,'Segoe UI',Roboto,'DejaVu Sans',sans-serif;color:var(--text);"
                    + "margin:0 auto;max-width:1280px;padding:16px 24px;background:#fff}",
            "h1{font-size:24px;margin:8px 0}h2{font-size:18px;margin:24px 0 8px}h1 code{font-size:inherit}",
            "p.meta{color:var(--muted);margin:4px 0 12px}",
            "code,.mono,td.mono{font-family:'DejaVu Sans Mono',Menlo,Consolas,monospace;font-size:13px}",
            "table{border-collapse:collapse;width:100%}caption{text-align:left;color:var(--muted);padding:4px 0}",
            "th,td{border-bottom:1px solid var(--line);padding:6px 8px;text-align:left;vertical-align:top}",
            "thead th{background:#f6f8fa}td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}",
            "tbody th{white-space:nowrap}",
            ".badge{display:inline-block;border:2px solid;border-radius:12px;padding:0 8px;font-size:13px;"
                    + "font-weight:600;white-space:nowrap}",
            ".h-healthy{--c:#1a7f37;--f:#dafbe1}.h-drift{--c:#9a6700;--f:#fff8c5}",
            ".h-not-ready{--c:#0969da;--f:#ddf4ff}.h-unhealthy{--c:#bc4c00;--f:#fff1e5}",
            ".h-failed,.h-security{--c:#cf222e;--f:#ffebe9}.h-missing{--c:#59636e;--f:#f6f8fa}",
            ".badge{border-color:var(--c);background:var(--f);color:var(--text)}",
            "tr.h-failed td,tr.h-security td{background:var(--f)}",
            "svg.diagram{max-width:100%;height:auto;border:1px solid var(--line);border-radius:8px;background:#fbfcfd}",
            "svg .box{fill:var(--f);stroke:var(--c);stroke-width:2.5}",
            "svg .h-missing .box{stroke-dasharray:6 4}",
            "svg .title{font:600 13px system-ui,'DejaVu Sans',sans-serif;fill:var(--text)}",
            "svg .line{font:12px 'DejaVu Sans Mono',Menlo,Consolas,monospace;fill:var(--text)}",
            "svg .status{font:600 12px system-ui,'DejaVu Sans',sans-serif;fill:var(--c)}",
            "svg .edge{stroke:#8c959f;stroke-width:1.5;fill:none}",
            "svg .arrow{fill:#8c959f}",
            "svg .vpc{fill:none;stroke:var(--c);stroke-width:2;stroke-dasharray:10 6}",
            "svg .vpc-label{font:600 13px system-ui,'DejaVu Sans',sans-serif;fill:var(--c)}",
            "svg .cloud{fill:#f6f8fa;stroke:#8c959f;stroke-width:1.5}",
            "ul.legend{list-style:none;padding:0;display:flex;flex-wrap:wrap;gap:8px}",
            "a{color:#0969da}.warn{color:#9a6700}");

    private HtmlPage() {
    }

    /**
     * The whole document. {@code refresh}: the browser reloads the page that often (for
     * {@code --watch}); null for a page that stays as written.
     */
    static String document(String title, Duration refresh, String body) {
        StringBuilder out = new StringBuilder(body.length() + STYLE.length() + 1024);
        out.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src '")
                .append(sha256(STYLE)).append("'; img-src data:; base-uri 'none'; form-action 'none'\">\n")
                .append("<meta name=\"referrer\" content=\"no-referrer\">\n");
        if (refresh != null) {
            out.append("<meta http-equiv=\"refresh\" content=\"").append(Math.max(1, refresh.toSeconds())).append("\">\n");
        }
        out.append("<title>").append(Html.escape(title)).append("</title>\n<style>").append(STYLE)
                .append("</style>\n</head>\n<body>\n").append(body).append("</body>\n</html>\n");
        return out.toString();
    }

    /** A CSP source for the style block: 'sha256-…' of its exact text. */
    static String sha256(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return "sha256-" + Base64.getEncoder().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    /** A health as a badge: sign and word, coloured; the word carries it without colour. */
    static String badge(Health h) {
        return "<span class=\"badge " + h.css() + "\">" + h.sign() + " " + Html.escape(h.word()) + "</span>";
    }

    /** "as of 2026-05-01 09:30 UTC". */
    static String asOf(java.time.Instant at) {
        return java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")
                .withZone(java.time.ZoneOffset.UTC).format(at);
    }

    /** "$1.234" below ten dollars, "$12.34" above. */
    static String dollars(Double amount) {
        if (amount == null) {
            return "unknown";
        }
        return amount < 10 ? String.format(java.util.Locale.ROOT, "$%.3f", amount)
                : String.format(java.util.Locale.ROOT, "$%,.2f", amount);
    }
}
