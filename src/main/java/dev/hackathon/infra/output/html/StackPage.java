package dev.hackathon.infra.output.html;

import java.time.Duration;
import java.util.List;

/**
 * {@code status --html FILE}: one stack's page. The diagram ({@link StackDiagram}) first, then
 * the URLs, the warnings, every resource in a table (the diagram's parts and all the others:
 * subnets, route tables, security groups, IAM), and a legend of the health words and colours.
 */
public final class StackPage {

    private StackPage() {
    }

    /**
     * @param refresh  how often the browser reloads it (for {@code --watch}); null: never
     * @param fleetHref the fleet's page, for a link back; null when it stands alone
     */
    public static String render(StackView view, Duration refresh, String fleetHref) {
        StringBuilder b = new StringBuilder();
        b.append("<header>\n");
        if (fleetHref != null) {
            b.append("<p class=\"meta\"><a href=\"").append(Html.href(fleetHref)).append("\">← the fleet</a></p>\n");
        }
        b.append("<h1>Stack <code>").append(Html.escape(view.stack())).append("</code> ")
                .append(HtmlPage.badge(view.health())).append("</h1>\n")
                .append("<p class=\"meta\" id=\"summary\">").append(Html.escape(view.region())).append(" · ")
                .append(Html.escape(view.summary())).append(" · ").append(HtmlPage.dollars(view.perHour()))
                .append(" an hour · ").append(HtmlPage.asOf(view.generatedAt())).append("</p>\n</header>\n<main>\n");
        b.append("<section aria-labelledby=\"h-diagram\"><h2 id=\"h-diagram\">Architecture</h2>\n")
                .append(StackDiagram.svg(view)).append("</section>\n");
        b.append("<section aria-labelledby=\"h-urls\"><h2 id=\"h-urls\">URLs</h2>\n");
        if (view.urls().isEmpty()) {
            b.append("<p>None yet: the load balancer does not exist.</p>\n");
        } else {
            b.append("<ul>");
            view.urls().forEach(u -> b.append("<li><a href=\"").append(Html.href(u)).append("\" rel=\"noreferrer\">")
                    .append(Html.escape(u)).append("</a></li>"));
            b.append("</ul>\n");
        }
        b.append("</section>\n");
        if (!view.warnings().isEmpty()) {
            b.append("<section aria-labelledby=\"h-warnings\"><h2 id=\"h-warnings\">Warnings</h2>\n<ul>");
            view.warnings().forEach(w -> b.append("<li class=\"warn\">").append(Html.escape(w)).append("</li>"));
            b.append("</ul>\n</section>\n");
        }
        b.append("<section aria-labelledby=\"h-resources\"><h2 id=\"h-resources\">Resources</h2>\n");
        table(b, view);
        b.append("</section>\n");
        legend(b);
        b.append("</main>\n<footer><p class=\"meta\">Written by <code>hackathon-infra status --html</code>")
                .append(refresh == null ? "" : "; reloads every " + refresh.toSeconds() + " s")
                .append(".</p></footer>\n");
        return HtmlPage.document(view.stack() + " · stack status", refresh, b.toString());
    }

    private static void table(StringBuilder b, StackView view) {
        b.append("<table id=\"resources\">\n<caption>Every resource of the config, and any the stack owns that the ")
                .append("config no longer has</caption>\n<thead><tr><th scope=\"col\">Key</th><th scope=\"col\">Kind</th>")
                .append("<th scope=\"col\">ID</th><th scope=\"col\">State</th><th scope=\"col\">Health</th>")
                .append("<th scope=\"col\">Drift</th></tr></thead>\n<tbody>\n");
        rows(b, view.all());
        rows(b, view.extra());
        b.append("</tbody>\n</table>\n");
    }

    private static void rows(StringBuilder b, List<Node> nodes) {
        for (Node n : nodes) {
            b.append("<tr class=\"").append(n.health().css()).append("\" data-key=\"").append(Html.escape(n.key()))
                    .append("\" data-health=\"").append(n.health().attribute()).append("\"><td class=\"mono\">")
                    .append(Html.escape(n.key())).append("</td><td>").append(Html.escape(n.kind()))
                    .append("</td><td class=\"mono\">").append(Html.escape(n.id() == null ? "-" : n.id()))
                    .append("</td><td>").append(Html.escape(n.state())).append("</td><td>")
                    .append(HtmlPage.badge(n.health())).append("</td><td>")
                    .append(Html.escape(String.join("; ", n.details()))).append("</td></tr>\n");
        }
    }

    static void legend(StringBuilder b) {
        b.append("<section aria-labelledby=\"h-legend\"><h2 id=\"h-legend\">Legend</h2>\n<ul class=\"legend\">");
        for (Health h : Health.values()) {
            b.append("<li>").append(HtmlPage.badge(h)).append("</li>");
        }
        b.append("</ul>\n</section>\n");
    }
}
