package dev.hackathon.infra.output.html;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;

import dev.hackathon.infra.output.html.FleetView.TeamRow;

/**
 * {@code fleet status --html FILE}: the organisers' page. One table: every team with its
 * health, what its stack found, its URLs, what it has cost so far and costs by the hour, and
 * how long until it expires; each team links to its own stack's page.
 */
public final class FleetPage {

    private FleetPage() {
    }

    /** {@code refresh}: how often the browser reloads it (for {@code --watch}); null: never. */
    public static String render(FleetView view, Duration refresh) {
        Instant now = view.generatedAt();
        Map<Health, Integer> counts = new EnumMap<>(Health.class);
        view.teams().forEach(t -> counts.merge(t.health(), 1, Integer::sum));
        Health worst = Health.worst(counts.keySet());
        StringBuilder b = new StringBuilder();
        b.append("<header>\n<h1>Fleet <code>").append(Html.escape(view.fleet())).append("</code> ")
                .append(HtmlPage.badge(worst)).append("</h1>\n<p class=\"meta\" id=\"summary\">")
                .append(view.teams().size()).append(view.teams().size() == 1 ? " team" : " teams");
        counts.forEach((h, n) -> b.append(" · ").append(n).append(' ').append(Html.escape(h.word())));
        b.append(" · ").append(HtmlPage.asOf(now)).append("</p>\n</header>\n<main>\n");
        b.append("<table id=\"teams\">\n<caption>Every team's stack; a team's name opens its own page</caption>\n<thead><tr>")
                .append("<th scope=\"col\">Team</th><th scope=\"col\">Health</th><th scope=\"col\">State</th>")
                .append("<th scope=\"col\">URLs</th><th scope=\"col\" class=\"num\">Cost so far</th>")
                .append("<th scope=\"col\" class=\"num\">Per hour</th><th scope=\"col\">Expires</th>")
                .append("<th scope=\"col\">Account</th></tr></thead>\n<tbody>\n");
        double soFar = 0;
        double perHour = 0;
        boolean allKnown = true;
        for (TeamRow t : view.teams()) {
            row(b, t, now);
            Double cost = t.costSoFar(now);
            soFar += cost == null ? 0 : cost;
            perHour += t.perHour() == null ? 0 : t.perHour();
            allKnown &= cost != null && t.perHour() != null;
        }
        b.append("</tbody>\n<tfoot><tr><th scope=\"row\" colspan=\"4\">All teams").append(allKnown ? "" : " (known costs)")
                .append("</th><td class=\"num\">").append(HtmlPage.dollars(soFar)).append("</td><td class=\"num\">")
                .append(HtmlPage.dollars(perHour)).append("</td><td colspan=\"2\"></td></tr></tfoot>\n</table>\n");
        StackPage.legend(b);
        b.append("</main>\n<footer><p class=\"meta\">Written by <code>hackathon-infra fleet status --html</code>")
                .append(refresh == null ? "" : "; reloads every " + refresh.toSeconds() + " s")
                .append(". Costs are list prices of the parts that run by the hour.</p></footer>\n");
        return HtmlPage.document(view.fleet() + " · fleet status", refresh, b.toString());
    }

    private static void row(StringBuilder b, TeamRow t, Instant now) {
        b.append("<tr class=\"").append(t.health().css()).append("\" data-team=\"").append(Html.escape(t.team()))
                .append("\" data-health=\"").append(t.health().attribute()).append("\"><th scope=\"row\">");
        if (t.page() != null) {
            b.append("<a href=\"").append(Html.href(t.page())).append("\">").append(Html.escape(t.team())).append("</a>");
        } else {
            b.append(Html.escape(t.team()));
        }
        b.append("</th><td>").append(HtmlPage.badge(t.health())).append("</td><td>").append(Html.escape(t.state()))
                .append("</td><td>");
        if (t.urls().isEmpty()) {
            b.append("-");
        }
        for (String u : t.urls()) {
            b.append("<a href=\"").append(Html.href(u)).append("\" rel=\"noreferrer\">").append(Html.escape(u))
                    .append("</a><br>");
        }
        b.append("</td><td class=\"num\">").append(HtmlPage.dollars(t.costSoFar(now))).append("</td><td class=\"num\">")
                .append(HtmlPage.dollars(t.perHour())).append("</td><td data-expires=\"")
                .append(t.expiresAt() == null ? "" : t.expiresAt().toString()).append("\"")
                .append(t.expiresAt() != null && !t.expiresAt().isAfter(now) ? " class=\"warn\"" : "").append(">")
                .append(Html.escape(countdown(t.expiresAt(), now))).append("</td><td class=\"mono\">")
                .append(Html.escape(t.account() == null ? "the fleet's" : t.account())).append("</td></tr>\n");
    }

    /** "in 2d 3h", "in 45m", "expired 2h 5m ago", "never". */
    static String countdown(Instant expiresAt, Instant now) {
        if (expiresAt == null) {
            return "never";
        }
        Duration d = Duration.between(now, expiresAt);
        String span = span(d.abs());
        return d.isNegative() || d.isZero() ? "expired " + span + " ago" : "in " + span;
    }

    private static String span(Duration d) {
        long days = d.toDays();
        long hours = d.toHoursPart();
        long minutes = d.toMinutesPart();
        if (days > 0) {
            return days + "d " + hours + "h";
        }
        return hours > 0 ? hours + "h " + minutes + "m" : minutes + "m";
    }
}
