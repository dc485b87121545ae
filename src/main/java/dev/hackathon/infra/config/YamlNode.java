package dev.hackathon.infra.config;

import java.math.BigInteger;
import java.util.List;
import java.util.Map;

/** A parsed YAML value that remembers the line it started on, so that every problem can point into the file. */
sealed interface YamlNode permits YamlNode.Scalar, YamlNode.Mapping, YamlNode.Sequence {

    int line();

    /** How the value appears in a message: {@code "text"} quoted, numbers and booleans as written. */
    String describe();

    /** TRUE and FALSE include YAML 1.1's yes/no/on/off, as Jackson reads them. OTHER: e.g. a !!binary value. */
    enum Type { STRING, INTEGER, DECIMAL, TRUE, FALSE, NULL, OTHER }

    /** {@code text} is the scalar as written (so {@code 16.10} stays "16.10"); {@code integer} only for INTEGER. */
    record Scalar(Type type, String text, BigInteger integer, int line) implements YamlNode {
        @Override
        public String describe() {
            return switch (type) {
                case STRING -> quote(text);
                case NULL -> "nothing";
                case OTHER -> "a binary value";
                default -> text;
            };
        }
    }

    record Entry(String key, int keyLine, YamlNode value) {
    }

    /** Entries in file order; a duplicate key keeps the first entry (the reader reports the second). */
    record Mapping(Map<String, Entry> entries, int line) implements YamlNode {
        @Override
        public String describe() {
            return "a mapping";
        }
    }

    record Sequence(List<YamlNode> items, int line) implements YamlNode {
        @Override
        public String describe() {
            return "a list";
        }
    }

    /** Quoted for a message; long values are cut so that one problem stays one readable line. */
    static String quote(String text) {
        String shown = text.length() > 60 ? text.substring(0, 57) + "..." : text;
        StringBuilder out = new StringBuilder("\"");
        for (char c : shown.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\t' -> out.append("\\t");
                default -> out.append(c < ' ' ? String.format("\\u%04x", (int) c) : String.valueOf(c));
            }
        }
        return out.append('"').toString();
    }
}
