package dev.hackathon.infra.output.html;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import dev.hackathon.infra.config.Expiry;
import dev.hackathon.infra.config.StackConfig;
import dev.hackathon.infra.stack.StatusReport;

/**
 * What the fleet's page shows: one row per team, each with its stack's health, URLs, what it has
 * cost so far and costs by the hour, when it expires, and a link to its own page.
 */
public record FleetView(String fleet, Instant generatedAt, List<TeamRow> teams) {

    public FleetView {
        teams = List.copyOf(teams);
    }

    /**
     * One team.
     *
     * @param account      the team's own account, or null for the fleet's
     * @param state        what {@code status} found, in a few words, or why it could not look
     * @param perHour      the stack's price by the hour while it runs; null when unknown
     * @param runningSince when the stack's costly parts started (for the cost so far); null when unknown
     * @param expiresAt    the config's expiresAt; null for none
     * @param page         the team's own page, relative to the fleet's; null when it has none
     */
    public record TeamRow(String team, String account, String region, Health health, String state, List<String> urls,
                          Double perHour, Instant runningSince, Instant expiresAt, String page) {

        public TeamRow {
            urls = List.copyOf(urls);
        }

        public static TeamRow of(String team, String account, StatusReport report, StackConfig config,
                                 Instant runningSince, String page) {
            StackView view = StackView.of(report, config, Instant.EPOCH);
            boolean nothing = report.resources().stream().noneMatch(r -> r.present());
            return new TeamRow(team, account, report.region(), view.health(),
                    nothing ? "not created" : StackView.summary(report), nothing ? List.of() : view.urls(),
                    report.cost().perHour(), runningSince, Expiry.of(config.expiresAt()), page);
        }

        /** A team whose status could not be read (its role could not be assumed, say): failed, with why. */
        public static TeamRow failed(String team, String account, String region, String why, Instant expiresAt) {
            return new TeamRow(team, account, region, Health.FAILED, why, List.of(), null, null, expiresAt, null);
        }

        /** Its price by the hour times the hours since it started; null when either is unknown. */
        public Double costSoFar(Instant now) {
            if (perHour == null || runningSince == null || runningSince.isAfter(now)) {
                return null;
            }
            return perHour * Duration.between(runningSince, now).toSeconds() / 3600.0;
        }
    }
}
