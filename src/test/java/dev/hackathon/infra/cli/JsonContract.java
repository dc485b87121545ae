package dev.hackathon.infra.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The field tables of docs/json.md, read from the file, held against real documents: every
 * documented field is there with the documented type, and no field is undocumented. It also
 * records which documented fields a test has seen, so a test can prove it exercised them all
 * (an empty array proves nothing about its elements' fields).
 */
final class JsonContract {

    static final Path DOC = Path.of("docs/json.md");
    private static final Pattern HEADING = Pattern.compile("^## (.+)$");
    private static final Pattern ROW = Pattern.compile("^\\| `([^`]+)` \\| ([^|]+?) \\|");

    /** Section of docs/json.md → field path → type, in the file's order. */
    private final Map<String, Map<String, String>> sections = new LinkedHashMap<>();
    private final Map<String, Set<String>> seen = new LinkedHashMap<>();

    JsonContract() {
        try {
            String section = null;
            for (String line : Files.readAllLines(DOC)) {
                Matcher h = HEADING.matcher(line);
                if (h.matches()) {
                    section = h.group(1).trim();
                    continue;
                }
                Matcher row = ROW.matcher(line);
                if (section != null && row.find()) {
                    sections.computeIfAbsent(section, k -> new LinkedHashMap<>()).put(row.group(1), row.group(2).trim());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // rules add/remove/sync print the up document plus their own fields.
        Map<String, String> rulesChange = new LinkedHashMap<>(sections.get("up and down"));
        rulesChange.putAll(sections.get("rules add, remove and sync"));
        sections.put("rules add, remove and sync", rulesChange);
    }

    Map<String, String> fields(String section) {
        Map<String, String> f = sections.get(section);
        assertTrue(f != null && !f.isEmpty(), "docs/json.md has no field table under '## " + section + "'");
        return f;
    }

    /** Fails on a documented field missing or mistyped, or a field the section does not document. */
    void check(String section, JsonNode doc) {
        Map<String, String> fields = fields(section);
        Set<String> seenHere = seen.computeIfAbsent(section, k -> new HashSet<>());
        List<String> problems = new ArrayList<>();
        checkObject(fields, doc, "", seenHere, problems);
        if (!problems.isEmpty()) {
            fail("the " + section + " document differs from docs/json.md:\n  " + String.join("\n  ", problems)
                    + "\n" + doc.toPrettyString());
        }
    }

    /** Every field the section documents was seen in some checked document. */
    void assertAllSeen(String section) {
        Set<String> missing = new TreeSet<>(fields(section).keySet());
        missing.removeAll(seen.getOrDefault(section, Set.of()));
        assertEquals(Set.of(), missing, "documented fields of '" + section + "' no checked document had");
    }

    private static void checkObject(Map<String, String> fields, JsonNode node, String path, Set<String> seen,
                                    List<String> problems) {
        String prefix = path.isEmpty() ? "" : path + ".";
        for (Map.Entry<String, String> f : fields.entrySet()) {
            if (parent(f.getKey()).equals(path) && !node.has(name(f.getKey()))) {
                problems.add(f.getKey() + ": documented, missing");
            }
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String field = prefix + e.getKey();
            String type = fields.get(field);
            if (type == null) {
                problems.add(field + ": not documented");
                continue;
            }
            JsonNode value = e.getValue();
            if (!hasType(value, type)) {
                problems.add(field + ": documented as " + type + ", is " + value);
                continue;
            }
            seen.add(field);
            if (value.isObject() && type.startsWith("object")) {
                checkObject(fields, value, field, seen, problems);
            } else if (value.isArray() && type.equals("array")) {
                for (JsonNode element : value) {
                    if (!element.isObject()) {
                        problems.add(field + "[]: expected objects, is " + element);
                    } else {
                        checkObject(fields, element, field + "[]", seen, problems);
                    }
                }
            }
        }
    }

    private static boolean hasType(JsonNode v, String type) {
        for (String t : type.split(" or ")) {
            boolean ok = switch (t.trim()) {
                case "string" -> v.isTextual();
                case "integer" -> v.isIntegralNumber();
                case "number" -> v.isNumber();
                case "boolean" -> v.isBoolean();
                case "null" -> v.isNull();
                case "object" -> v.isObject();
                case "array" -> v.isArray();
                case "array of string" -> v.isArray() && allText(v);
                case "map of string" -> v.isObject() && allText(v);
                default -> throw new IllegalArgumentException("docs/json.md: unknown type '" + t + "'");
            };
            if (ok) {
                return true;
            }
        }
        return false;
    }

    private static boolean allText(JsonNode v) {
        for (JsonNode x : v) {
            if (!x.isTextual()) {
                return false;
            }
        }
        return true;
    }

    /** {@code resources[].drift[]} for {@code resources[].drift[].field}; "" for a top-level field. */
    private static String parent(String path) {
        int dot = path.lastIndexOf('.');
        return dot < 0 ? "" : path.substring(0, dot);
    }

    private static String name(String path) {
        return path.substring(path.lastIndexOf('.') + 1);
    }
}
