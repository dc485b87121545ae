package dev.hackathon.infra.config;

import java.util.regex.Pattern;

/** Builds the field paths shown in problems: {@code loadBalancer.rules[1].priority}, {@code tags["aws:x"]}. */
final class ConfigPath {

    private static final Pattern PLAIN_KEY = Pattern.compile("[A-Za-z0-9_-]+");

    private ConfigPath() {
    }

    static String child(String parent, String key) {
        if (!PLAIN_KEY.matcher(key).matches() || key.length() > 60) {
            // Quoted, so a tag key like "cost center" or "a.b" cannot be misread as nesting; quote() cuts long keys.
            return parent + "[" + YamlNode.quote(key) + "]";
        }
        return parent.isEmpty() ? key : parent + "." + key;
    }

    static String index(String parent, int index) {
        return parent + "[" + index + "]";
    }
}
