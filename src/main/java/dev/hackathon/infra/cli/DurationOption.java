package dev.hackathon.infra.cli;

import java.time.Duration;

/** Parses durations given on the command line: 30m, 90s, 1h, 0, or ISO-8601 (PT10M). */
final class DurationOption {

    private DurationOption() {
    }

    static Duration parse(String option, String text) {
        String t = text.trim().toLowerCase();
        try {
            if (t.equals("0")) {
                return Duration.ZERO;
            }
            if (t.matches("\\d+[smh]")) {
                long n = Long.parseLong(t.substring(0, t.length() - 1));
                return switch (t.charAt(t.length() - 1)) {
                    case 's' -> Duration.ofSeconds(n);
                    case 'm' -> Duration.ofMinutes(n);
                    default -> Duration.ofHours(n);
                };
            }
            return Duration.parse(t.startsWith("pt") ? t.toUpperCase() : "PT" + t.toUpperCase());
        } catch (RuntimeException e) {
            throw new UsageException(option + ": expected a duration like 30m, 90s or 1h, got '" + text + "'");
        }
    }
}
