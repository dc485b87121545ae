package dev.hackathon.infra.cli;

import java.time.Duration;

import picocli.CommandLine;

/**
 * Durations on the command line: 30m, 90s, 1h, 0, or ISO-8601 (PT10M). A converter, so a bad
 * value is a parse error like any other: exit 2, picocli's message, where the help is.
 */
final class DurationOption implements CommandLine.ITypeConverter<Duration> {

    @Override
    public Duration convert(String text) {
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
            throw new CommandLine.TypeConversionException("expected a duration like 30m, 90s or 1h, got '" + text + "'");
        }
    }
}
