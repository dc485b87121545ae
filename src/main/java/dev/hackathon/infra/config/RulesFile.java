package dev.hackathon.infra.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import dev.hackathon.infra.config.StackConfig.Rule;

/**
 * Adds or removes one entry of {@code loadBalancer.rules} in the config file's text, leaving
 * every other byte as it was: comments, blank lines, key order, quoting, line endings.
 * (Reading the YAML and writing it back would lose the comments.)
 *
 * <p>It edits the shapes the seed and people write: a block sequence of flow mappings
 * ({@code - {host: example.com, target: app, priority: 100}}) or of block mappings
 * ({@code - host: ...} with {@code target:}/{@code priority:} below), an empty list
 * ({@code rules: []} or no items), or no {@code rules} key at all. A new entry copies the
 * style and indentation of the last one. Anything else (a one-line {@code [...]} list,
 * anchors, nested values, {@code loadBalancer} written inline) is refused with
 * {@link UneditableException} and nothing is changed.
 *
 * <p>Every edit is checked before it is returned: the new text is parsed as YAML and its
 * rules must be exactly the old rules plus the new one (or minus the removed one).
 */
public final class RulesFile {

    /** The rules section has a shape this editor does not change safely; nothing was changed. */
    public static final class UneditableException extends Exception {
        public UneditableException(String message) {
            super(message);
        }
    }

    private static final Pattern LOAD_BALANCER = Pattern.compile("loadBalancer\\s*:\\s*(#.*)?");
    private static final Pattern RULES = Pattern.compile("rules\\s*:(.*)");
    private static final Pattern EMPTY_VALUE = Pattern.compile("\\s*(\\[\\s*\\])?\\s*(#.*)?");
    private static final Pattern PAIR = Pattern.compile("([A-Za-z]+)\\s*:\\s*(.*)");
    private static final Pattern PLAIN_HOST = Pattern.compile("[a-z0-9-]+(\\.[a-z0-9-]+)+");

    private enum Style { FLOW, BLOCK }

    /** One entry of the list: lines [start, end), its style, and where its keys start. */
    private record Item(int start, int end, Style style, int keyColumn, String host) {
    }

    /** Where things are in the file. */
    private static final class Layout {
        int lbLine = -1;
        int lbEnd;
        int childIndent = -1;
        int rulesLine = -1;
        int rulesIndent;
        boolean emptyFlowList;
        int seqIndent = -1;
        int lastContent = -1;
        final List<Item> items = new ArrayList<>();
    }

    private RulesFile() {
    }

    /** The text with {@code rule} appended to {@code loadBalancer.rules}. */
    public static String add(String text, Rule rule) throws UneditableException {
        List<Rule> before = rulesOf(text);
        Lines lines = new Lines(text);
        Layout l = layout(lines);
        for (Item item : l.items) {
            if (item.host().equalsIgnoreCase(rule.host())) {
                throw new UneditableException("host " + rule.host() + " already has a rule in the config");
            }
        }
        if (l.rulesLine < 0) {
            int at = l.lastContent + 1;
            String indent = " ".repeat(l.childIndent);
            lines.insert(at, render(rule, Style.FLOW, l.childIndent + 2, l.childIndent + 4));
            lines.insert(at, indent + "rules:");
        } else if (l.items.isEmpty()) {
            if (l.emptyFlowList) {
                String line = lines.get(l.rulesLine);
                lines.set(l.rulesLine, line.replaceFirst("\\[\\s*\\]\\s*", ""));
            }
            int indent = l.seqIndent >= 0 ? l.seqIndent : l.rulesIndent + 2;
            lines.insert(l.rulesLine + 1, render(rule, Style.FLOW, indent, indent + 2));
        } else {
            Item last = l.items.get(l.items.size() - 1);
            lines.insert(last.end(), render(rule, last.style(), l.seqIndent, last.keyColumn()));
        }
        String out = lines.text();
        List<Rule> expected = new ArrayList<>(before);
        expected.add(rule);
        check(out, expected);
        return out;
    }

    /** The text without the entry for {@code host}. */
    public static String remove(String text, String host) throws UneditableException {
        List<Rule> before = rulesOf(text);
        Lines lines = new Lines(text);
        Layout l = layout(lines);
        Item found = null;
        for (Item item : l.items) {
            if (item.host().equalsIgnoreCase(host)) {
                found = item;
            }
        }
        if (found == null) {
            throw new UneditableException("no rule for host " + host + " in the config");
        }
        lines.delete(found.start(), found.end());
        if (l.items.size() == 1) {
            // The last one: say "none" explicitly rather than leave an empty key.
            String line = lines.get(l.rulesLine);
            Matcher m = Pattern.compile("(\\s*rules\\s*:)(\\s*)(#.*)?").matcher(line);
            if (m.matches()) {
                lines.set(l.rulesLine, m.group(1) + " []" + (m.group(3) == null ? "" : " " + m.group(3)));
            }
        }
        String out = lines.text();
        List<Rule> expected = new ArrayList<>();
        before.stream().filter(r -> !r.host().equalsIgnoreCase(host)).forEach(expected::add);
        check(out, expected);
        return out;
    }

    // ---- finding the rules list ----

    private static Layout layout(Lines lines) throws UneditableException {
        Layout l = new Layout();
        for (int i = 0; i < lines.size(); i++) {
            String s = lines.get(i);
            if (s.startsWith("loadBalancer")) {
                if (!LOAD_BALANCER.matcher(s).matches()) {
                    throw new UneditableException("loadBalancer is written on one line; write it as a block "
                            + "(loadBalancer: then its keys indented below) to edit rules with this command");
                }
                if (l.lbLine >= 0) {
                    throw new UneditableException("the file has two loadBalancer sections");
                }
                l.lbLine = i;
            }
        }
        if (l.lbLine < 0) {
            throw new UneditableException("the file has no loadBalancer section at the top level");
        }
        l.lbEnd = lines.size();
        for (int i = l.lbLine + 1; i < lines.size(); i++) {
            String s = lines.get(i);
            if (isContent(s) && indent(s) == 0) {
                l.lbEnd = i;
                break;
            }
        }
        for (int i = l.lbLine + 1; i < l.lbEnd; i++) {
            String s = lines.get(i);
            if (s.indexOf('\t') >= 0 && isContent(s)) {
                throw new UneditableException("the loadBalancer section is indented with tabs");
            }
            if (!isContent(s)) {
                continue;
            }
            l.lastContent = i;
            if (l.childIndent < 0) {
                l.childIndent = indent(s);
            }
            if (indent(s) == l.childIndent && RULES.matcher(s.strip()).matches()) {
                if (l.rulesLine >= 0) {
                    throw new UneditableException("loadBalancer has two rules keys");
                }
                l.rulesLine = i;
                l.rulesIndent = indent(s);
            }
        }
        if (l.childIndent < 0) {
            throw new UneditableException("the loadBalancer section is empty");
        }
        if (l.rulesLine >= 0) {
            readItems(lines, l);
        }
        return l;
    }

    private static void readItems(Lines lines, Layout l) throws UneditableException {
        Matcher m = RULES.matcher(lines.get(l.rulesLine).strip());
        m.matches();
        String value = m.group(1);
        if (!EMPTY_VALUE.matcher(value).matches()) {
            throw new UneditableException("loadBalancer.rules is written as '" + value.strip() + "'; write one rule "
                    + "per line (- {host: ..., target: ..., priority: ...}) to edit it with this command");
        }
        l.emptyFlowList = value.contains("[");
        int start = -1;
        int end = -1;
        List<int[]> spans = new ArrayList<>();
        for (int i = l.rulesLine + 1; i < l.lbEnd; i++) {
            String s = lines.get(i);
            if (!isContent(s)) {
                continue;
            }
            int ind = indent(s);
            boolean dash = s.strip().equals("-") || s.strip().startsWith("- ");
            if (l.seqIndent < 0) {
                if (!dash || ind < l.rulesIndent) {
                    break;
                }
                if (l.emptyFlowList) {
                    throw new UneditableException("loadBalancer.rules is [] and also has items below it");
                }
                l.seqIndent = ind;
            }
            if (ind == l.seqIndent && dash) {
                if (start >= 0) {
                    spans.add(new int[] {start, end});
                }
                start = i;
                end = i + 1;
            } else if (ind > l.seqIndent && start >= 0) {
                end = i + 1;
            } else {
                break;
            }
        }
        if (start >= 0) {
            spans.add(new int[] {start, end});
        }
        for (int[] span : spans) {
            l.items.add(item(lines, span[0], span[1], l.seqIndent));
        }
    }

    private static Item item(Lines lines, int start, int end, int seqIndent) throws UneditableException {
        String first = lines.get(start);
        String afterDash = first.substring(seqIndent + 1);
        int keyColumn = seqIndent + 1 + (afterDash.length() - afterDash.stripLeading().length());
        String body = stripComment(afterDash.strip());
        String where = "loadBalancer.rules (line " + (start + 1) + ")";
        if (body.startsWith("{")) {
            if (end - start != 1 || !body.endsWith("}")) {
                throw new UneditableException(where + " spreads a {...} entry over several lines; "
                        + "write it on one line to edit rules with this command");
            }
            String host = null;
            for (String part : body.substring(1, body.length() - 1).split(",")) {
                Matcher p = PAIR.matcher(part.strip());
                if (!p.matches()) {
                    throw new UneditableException(where + " has an entry this command cannot read: " + body);
                }
                if (p.group(1).equals("host")) {
                    host = scalar(p.group(2), where);
                }
            }
            return new Item(start, end, Style.FLOW, keyColumn, required(host, where));
        }
        String host = null;
        for (int i = start; i < end; i++) {
            String s = lines.get(i);
            if (!isContent(s)) {
                continue;
            }
            String pair = i == start ? body : stripComment(s.strip());
            if (i != start && indent(s) != keyColumn) {
                throw new UneditableException(where + " has nested or misaligned lines; "
                        + "this command edits entries of host, target and priority only");
            }
            Matcher p = PAIR.matcher(pair);
            if (!p.matches() || p.group(2).isEmpty()) {
                throw new UneditableException(where + " has an entry this command cannot read: " + pair);
            }
            if (p.group(1).equals("host")) {
                host = scalar(p.group(2), where);
            }
        }
        return new Item(start, end, Style.BLOCK, keyColumn, required(host, where));
    }

    private static String required(String host, String where) throws UneditableException {
        if (host == null) {
            throw new UneditableException(where + " has an entry without a host");
        }
        return host;
    }

    private static String scalar(String raw, String where) throws UneditableException {
        String v = raw.strip();
        if (v.length() >= 2 && (v.startsWith("\"") && v.endsWith("\"") || v.startsWith("'") && v.endsWith("'"))) {
            return v.substring(1, v.length() - 1);
        }
        if (v.isEmpty() || "&*!|>{[".indexOf(v.charAt(0)) >= 0) {
            throw new UneditableException(where + " has a value this command does not edit: " + v);
        }
        return v;
    }

    private static String stripComment(String s) {
        boolean single = false;
        boolean dbl = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\'' && !dbl) {
                single = !single;
            } else if (c == '"' && !single) {
                dbl = !dbl;
            } else if (c == '#' && !single && !dbl && (i == 0 || Character.isWhitespace(s.charAt(i - 1)))) {
                return s.substring(0, i).stripTrailing();
            }
        }
        return s;
    }

    // ---- writing ----

    private static String[] render(Rule rule, Style style, int indent, int keyColumn) {
        String pad = " ".repeat(indent);
        String host = quoteHost(rule.host());
        if (style == Style.FLOW) {
            return new String[] {pad + "- {host: " + host + ", target: " + rule.target() + ", priority: "
                    + rule.priority() + "}"};
        }
        String dash = pad + "-" + " ".repeat(Math.max(1, keyColumn - indent - 1));
        String keys = " ".repeat(Math.max(indent + 2, keyColumn));
        return new String[] {dash + "host: " + host, keys + "target: " + rule.target(),
                keys + "priority: " + rule.priority()};
    }

    /** Plain when YAML reads it back as the same string; double-quoted otherwise ({@code *.example.com}). */
    static String quoteHost(String host) {
        if (PLAIN_HOST.matcher(host).matches() && host.matches(".*[a-z].*")) {
            return host;
        }
        return "\"" + host.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    // ---- checking ----

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    /** The rules as a YAML parser reads them (host, target, priority), for the check. */
    static List<Rule> rulesOf(String text) throws UneditableException {
        JsonNode root;
        try {
            root = YAML.readTree(text);
        } catch (Exception e) {
            throw new UneditableException("the file is not valid YAML: " + e.getMessage().lines().findFirst().orElse(""));
        }
        JsonNode rules = root == null ? null : root.path("loadBalancer").get("rules");
        List<Rule> out = new ArrayList<>();
        if (rules == null || rules.isNull()) {
            return out;
        }
        if (!rules.isArray()) {
            throw new UneditableException("loadBalancer.rules is not a list");
        }
        for (JsonNode r : rules) {
            out.add(new Rule(r.path("host").asText(null), r.path("target").asText(null), r.path("priority").asInt(-1)));
        }
        return out;
    }

    private static void check(String edited, List<Rule> expected) throws UneditableException {
        List<Rule> actual = rulesOf(edited);
        if (!normalize(actual).equals(normalize(expected))) {
            throw new UneditableException("the edit would not give the expected rules (" + actual + " instead of "
                    + expected + "); the file was left as it was");
        }
    }

    private static List<String> normalize(List<Rule> rules) {
        return rules.stream().map(r -> Objects.toString(r.host(), "").toLowerCase(Locale.ROOT) + "|" + r.target()
                + "|" + r.priority()).toList();
    }

    private static boolean isContent(String s) {
        String t = s.strip();
        return !t.isEmpty() && !t.startsWith("#");
    }

    private static int indent(String s) {
        int i = 0;
        while (i < s.length() && s.charAt(i) == ' ') {
            i++;
        }
        return i;
    }

    /** The file's lines, keeping its line ending and whether it ended with one. */
    private static final class Lines {
        private final List<String> lines;
        private final String eol;
        private final boolean finalEol;

        Lines(String text) {
            eol = text.contains("\r\n") ? "\r\n" : "\n";
            finalEol = text.endsWith("\n");
            String body = finalEol ? text.substring(0, text.length() - (text.endsWith("\r\n") ? 2 : 1)) : text;
            lines = new ArrayList<>(List.of(body.split("\r?\n", -1)));
        }

        int size() {
            return lines.size();
        }

        String get(int i) {
            return lines.get(i);
        }

        void set(int i, String s) {
            lines.set(i, s);
        }

        void insert(int at, String... more) {
            lines.addAll(at, List.of(more));
        }

        void delete(int from, int to) {
            lines.subList(from, to).clear();
        }

        String text() {
            return String.join(eol, lines) + (finalEol ? eol : "");
        }
    }
}
