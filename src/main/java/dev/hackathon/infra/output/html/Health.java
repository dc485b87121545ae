package dev.hackathon.infra.output.html;

import java.util.Collection;
import java.util.Comparator;
import java.util.Locale;

import dev.hackathon.infra.stack.ResourceStatus;

/**
 * How a resource (or a whole stack) is doing, worst first: a part AWS calls failed, or a security
 * finding, needs someone before a part that is merely not there yet. Every page shows it as a word and a
 * sign as well as a colour, so it reads without colour too.
 */
public enum Health {
    FAILED("failed", "✗"),
    SECURITY("security drift", "!"),
    MISSING("missing", "?"),
    UNHEALTHY("unhealthy", "!"),
    NOT_READY("not ready", "…"),
    DRIFT("drift", "~"),
    HEALTHY("healthy", "✓");

    private final String word;
    private final String sign;

    Health(String word, String sign) {
        this.word = word;
        this.sign = sign;
    }

    public String word() {
        return word;
    }

    public String sign() {
        return sign;
    }

    /** The CSS class that colours it: {@code h-not-ready}. */
    public String css() {
        return "h-" + name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** {@code data-health} in the page: the word, hyphenated. */
    public String attribute() {
        return word.replace(' ', '-');
    }

    /**
     * One resource of {@code status}: missing, failed (a state AWS calls failed), not ready,
     * failing its health checks, drifted (security drift above all other drift), or healthy.
     */
    public static Health of(ResourceStatus s) {
        if (!s.present()) {
            return MISSING;
        }
        if (s.state() != null && s.state().toLowerCase(Locale.ROOT).contains("fail")) {
            return FAILED;
        }
        if (s.securityFinding()) {
            return SECURITY;
        }
        if (!s.ready()) {
            return NOT_READY;
        }
        if (!s.passing()) {
            return UNHEALTHY;
        }
        return s.drift().isEmpty() ? HEALTHY : DRIFT;
    }

    public static Health worst(Collection<Health> all) {
        return all.stream().min(Comparator.naturalOrder()).orElse(HEALTHY);
    }
}
