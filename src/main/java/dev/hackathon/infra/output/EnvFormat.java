package dev.hackathon.infra.output;

import java.util.Map;
import java.util.regex.Pattern;

/**
 * Settings as a {@code .env} file (dotenv, what Laravel's phpdotenv and Next.js read) or as
 * shell {@code export} lines, each value quoted so it reads back exactly, whatever it holds.
 */
public final class EnvFormat {

    /** Needs no quotes in either format. */
    private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9_./:@,+-]*");

    private EnvFormat() {
    }

    public static String dotenv(Map<String, String> settings) {
        StringBuilder out = new StringBuilder();
        settings.forEach((k, v) -> out.append(k).append('=').append(dotenvValue(v)).append('\n'));
        return out.toString();
    }

    public static String shell(Map<String, String> settings) {
        StringBuilder out = new StringBuilder();
        settings.forEach((k, v) -> out.append("export ").append(k).append('=').append(shellValue(v)).append('\n'));
        return out.toString();
    }

    /**
     * Single quotes are literal in phpdotenv and in Next.js's dotenv (no ${} expansion, no
     * escapes); a value holding one is double-quoted with backslash, quote and $ escaped.
     */
    static String dotenvValue(String v) {
        if (PLAIN.matcher(v).matches() && !v.isEmpty()) {
            return v;
        }
        if (v.indexOf('\'') < 0 && v.indexOf('\n') < 0) {
            return "'" + v + "'";
        }
        return '"' + v.replace("\\", "\\\\").replace("\"", "\\\"").replace("$", "\\$").replace("\n", "\\n") + '"';
    }

    /** POSIX shell: single quotes keep everything literal; a quote inside is closed, escaped, reopened. */
    static String shellValue(String v) {
        if (PLAIN.matcher(v).matches() && !v.isEmpty()) {
            return v;
        }
        return "'" + v.replace("'", "'\\''") + "'";
    }
}
