package dev.hackathon.infra.config;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.yaml.snakeyaml.DumperOptions.FlowStyle;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

import dev.hackathon.infra.config.StackConfig.Rule;
import dev.hackathon.infra.config.YamlNode.Mapping;
import dev.hackathon.infra.config.YamlNode.Scalar;
import dev.hackathon.infra.config.YamlNode.Sequence;

/**
 * Adds or removes one entry of {@code loadBalancer.rules} in the config file's text, leaving
 * every other byte as it was: comments, blank lines, key order, quoting, line endings.
 * (Reading the YAML and writing it back would lose the comments.)
 *
 * <p>The YAML parser (SnakeYAML's node tree, whose nodes carry their start and end in the
 * text) says where the rules list and each entry are; the edit cuts or inserts those lines.
 * It edits the shapes the seed and people write: a block list of one-line flow mappings
 * ({@code - {host: example.com, target: app, priority: 100}}) or of block mappings
 * ({@code - host: ...} with {@code target:}/{@code priority:} below), an empty list
 * ({@code rules: []} or no items), or no {@code rules} key at all. A new entry copies the
 * style and indentation of the last one. Anything else (a one-line {@code [...]} list,
 * anchors, nested values, {@code loadBalancer} written inline) is refused with
 * {@link UneditableException} and nothing is changed.
 *
 * <p>Every edit is checked before it is returned: the new text is read as the config loader
 * reads it, and its rules must be exactly the old rules plus the new one (or minus the
 * removed one).
 */
public final class RulesFile {

    /** The rules section has a shape this editor does not change safely; nothing was changed. */
    public static final class UneditableException extends Exception {
        public UneditableException(String message) {
            super(message);
        }
    }

    private static final Pattern PLAIN_HOST = Pattern.compile("[a-z0-9-]+(\\.[a-z0-9-]+)+");
    private static final Pattern RULES_KEY_ALONE = Pattern.compile("(\\s*rules\\s*:)(\\s*)(#.*)?");
    private static final String ONE_RULE_PER_LINE = "write one rule per line (- {host: ..., target: ..., priority: ...})"
            + " to edit it with this command";

    private enum Style { FLOW, BLOCK }

    /** One entry of the list: lines start to end (inclusive), its style, where its keys start, its host. */
    private record Item(int start, int end, Style style, int keyColumn, String host) {
    }

    /**
     * Where things are: the column of loadBalancer's keys and its last line; the rules key's
     * line and column (-1: no rules key), whether it reads {@code []}, and its entries.
     */
    private record Layout(int keyColumn, int lastLine, int rulesLine, int rulesColumn, boolean emptyFlowList,
                          int seqColumn, List<Item> items) {
    }

    private RulesFile() {
    }

    /** The text with {@code rule} appended to {@code loadBalancer.rules}. */
    public static String add(String text, Rule rule) throws UneditableException {
        List<Rule> before = rulesOf(text);
        Lines lines = new Lines(text);
        Layout l = layout(text, lines);
        for (Item item : l.items()) {
            if (item.host().equalsIgnoreCase(rule.host())) {
                throw new UneditableException("host " + rule.host() + " already has a rule in the config");
            }
        }
        if (l.rulesLine() < 0) {
            lines.insert(l.lastLine() + 1, " ".repeat(l.keyColumn()) + "rules:");
            lines.insert(l.lastLine() + 2, render(rule, Style.FLOW, l.keyColumn() + 2, l.keyColumn() + 4));
        } else if (l.items().isEmpty()) {
            if (l.emptyFlowList()) {
                lines.set(l.rulesLine(), lines.get(l.rulesLine()).replaceFirst("\\[\\s*\\]\\s*", ""));
            }
            int indent = l.rulesColumn() + 2;
            lines.insert(l.rulesLine() + 1, render(rule, Style.FLOW, indent, indent + 2));
        } else {
            Item last = l.items().get(l.items().size() - 1);
            lines.insert(last.end() + 1, render(rule, last.style(), l.seqColumn(), last.keyColumn()));
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
        Layout l = layout(text, lines);
        Item found = l.items().stream().filter(i -> i.host().equalsIgnoreCase(host)).reduce((a, b) -> b)
                .orElseThrow(() -> new UneditableException("no rule for host " + host + " in the config"));
        lines.delete(found.start(), found.end() + 1);
        if (l.items().size() == 1) {
            // The last one: say "none" explicitly rather than leave an empty key.
            Matcher m = RULES_KEY_ALONE.matcher(lines.get(l.rulesLine()));
            if (m.matches()) {
                lines.set(l.rulesLine(), m.group(1) + " []" + (m.group(3) == null ? "" : " " + m.group(3)));
            }
        }
        String out = lines.text();
        List<Rule> expected = new ArrayList<>();
        before.stream().filter(r -> !r.host().equalsIgnoreCase(host)).forEach(expected::add);
        check(out, expected);
        return out;
    }

    // ---- finding the rules list, by the parser's node positions ----

    private static Layout layout(String text, Lines lines) throws UneditableException {
        Node root;
        try {
            root = new Yaml(new LoaderOptions()).compose(new StringReader(text));
        } catch (MarkedYAMLException e) {
            throw new UneditableException("the file is not valid YAML: " + e.getProblem());
        }
        Node lb = root instanceof MappingNode m ? valueOf(m, "loadBalancer") : null;
        if (lb == null) {
            throw new UneditableException("the file has no loadBalancer section at the top level");
        }
        if (!(lb instanceof MappingNode lbMap) || lbMap.getFlowStyle() == FlowStyle.FLOW) {
            if (isNull(lb)) {
                throw new UneditableException("the loadBalancer section is empty");
            }
            throw new UneditableException("loadBalancer is written on one line; write it as a block "
                    + "(loadBalancer: then its keys indented below) to edit rules with this command");
        }
        int keyColumn = lbMap.getValue().get(0).getKeyNode().getStartMark().getColumn();
        int lastLine = lastLine(lbMap);
        NodeTuple rules = lbMap.getValue().stream().filter(t -> isKey(t, "rules")).findFirst().orElse(null);
        if (rules == null) {
            return new Layout(keyColumn, lastLine, -1, -1, false, -1, List.of());
        }
        int rulesLine = rules.getKeyNode().getStartMark().getLine();
        int rulesColumn = rules.getKeyNode().getStartMark().getColumn();
        Node value = rules.getValueNode();
        if (isNull(value) && value.getEndMark().getIndex() == value.getStartMark().getIndex()) {
            return new Layout(keyColumn, lastLine, rulesLine, rulesColumn, false, -1, List.of()); // "rules:", nothing
        }
        if (value instanceof SequenceNode seq && seq.getFlowStyle() == FlowStyle.FLOW && seq.getValue().isEmpty()
                && seq.getStartMark().getLine() == rulesLine && seq.getAnchor() == null) {
            return new Layout(keyColumn, lastLine, rulesLine, rulesColumn, true, -1, List.of()); // "rules: []"
        }
        if (!(value instanceof SequenceNode seq) || seq.getFlowStyle() == FlowStyle.FLOW || seq.getAnchor() != null) {
            throw new UneditableException("loadBalancer.rules is written as '" + source(lines, value) + "'; "
                    + ONE_RULE_PER_LINE);
        }
        List<Item> items = new ArrayList<>();
        for (Node entry : seq.getValue()) {
            items.add(item(lines, entry));
        }
        return new Layout(keyColumn, lastLine, rulesLine, rulesColumn, false, seq.getStartMark().getColumn(), items);
    }

    /** One entry: a mapping of plain values starting on its dash's line; a flow one on that line only. */
    private static Item item(Lines lines, Node entry) throws UneditableException {
        int start = entry.getStartMark().getLine();
        int end = lastLine(entry);
        String where = "loadBalancer.rules (line " + (start + 1) + ")";
        String dash = lines.get(start).substring(0, lines.offset(start, entry.getStartMark().getColumn()));
        if (!(entry instanceof MappingNode map) || entry.getAnchor() != null || !dash.strip().equals("-")) {
            throw new UneditableException(where + " has an entry this command cannot read: " + source(lines, entry));
        }
        Style style = map.getFlowStyle() == FlowStyle.FLOW ? Style.FLOW : Style.BLOCK;
        if (style == Style.FLOW && end != start) {
            throw new UneditableException(where + " spreads a {...} entry over several lines; "
                    + "write it on one line to edit rules with this command");
        }
        String host = null;
        for (NodeTuple t : map.getValue()) {
            if (!(t.getKeyNode() instanceof ScalarNode key) || !(t.getValueNode() instanceof ScalarNode value)
                    || key.getAnchor() != null || value.getAnchor() != null || lastLine(value) != start(t)) {
                throw new UneditableException(where + " has an entry this command cannot read: "
                        + (style == Style.FLOW ? source(lines, entry) : source(lines, t.getKeyNode())));
            }
            if (key.getValue().equals("host")) {
                host = value.getValue();
            }
        }
        if (host == null) {
            throw new UneditableException(where + " has an entry without a host");
        }
        return new Item(start, end, style, entry.getStartMark().getColumn(), host);
    }

    private static Node valueOf(MappingNode map, String key) {
        return map.getValue().stream().filter(t -> isKey(t, key)).map(NodeTuple::getValueNode).findFirst()
                .orElse(null);
    }

    private static boolean isKey(NodeTuple t, String key) {
        return t.getKeyNode() instanceof ScalarNode k && k.getValue().equals(key);
    }

    private static boolean isNull(Node n) {
        return n instanceof ScalarNode && n.getTag().equals(Tag.NULL);
    }

    private static int start(NodeTuple t) {
        return t.getKeyNode().getStartMark().getLine();
    }

    /** The last line holding some of the node: a block collection's last value's; a scalar or flow value's own end. */
    private static int lastLine(Node n) {
        if (n instanceof MappingNode m && m.getFlowStyle() != FlowStyle.FLOW && !m.getValue().isEmpty()) {
            return lastLine(m.getValue().get(m.getValue().size() - 1).getValueNode());
        }
        if (n instanceof SequenceNode s && s.getFlowStyle() != FlowStyle.FLOW && !s.getValue().isEmpty()) {
            return lastLine(s.getValue().get(s.getValue().size() - 1));
        }
        // A block scalar (| or >) ends at the start of the line after it.
        boolean atNextLine = n.getEndMark().getColumn() == 0 && n.getEndMark().getLine() > n.getStartMark().getLine();
        return n.getEndMark().getLine() - (atNextLine ? 1 : 0);
    }

    /** The node's first line as written from where it starts, without a trailing comment, for a message. */
    private static String source(Lines lines, Node n) {
        String line = lines.get(n.getStartMark().getLine());
        return stripComment(line.substring(lines.offset(n.getStartMark().getLine(), n.getStartMark().getColumn())));
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
                return s.substring(0, i).strip();
            }
        }
        return s.strip();
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

    /** The rules as the config loader reads them (host, target, priority), for the check. */
    static List<Rule> rulesOf(String text) throws UneditableException {
        YamlNode root;
        try {
            Problems problems = new Problems("config");
            root = LocatedYamlReader.read(text, problems);
            problems.throwIfAny();
        } catch (ConfigException e) {
            ConfigProblem p = e.problems().get(0);
            throw new UneditableException("the file cannot be read as a config (line " + p.line() + ": "
                    + p.message() + ")");
        }
        YamlNode rules = root instanceof Mapping m && m.entries().get("loadBalancer") != null
                && m.entries().get("loadBalancer").value() instanceof Mapping lb && lb.entries().get("rules") != null
                ? lb.entries().get("rules").value() : null;
        List<Rule> out = new ArrayList<>();
        if (rules == null || rules instanceof Scalar s && s.type() == YamlNode.Type.NULL) {
            return out;
        }
        if (!(rules instanceof Sequence list)) {
            throw new UneditableException("loadBalancer.rules is not a list");
        }
        for (YamlNode r : list.items()) {
            Mapping entry = r instanceof Mapping m ? m : new Mapping(java.util.Map.of(), r.line());
            out.add(new Rule(text(entry, "host"), text(entry, "target"), priority(entry)));
        }
        return out;
    }

    private static String text(Mapping entry, String key) {
        YamlNode.Entry e = entry.entries().get(key);
        return e != null && e.value() instanceof Scalar s && s.type() != YamlNode.Type.NULL ? s.text() : null;
    }

    private static int priority(Mapping entry) {
        YamlNode.Entry e = entry.entries().get("priority");
        return e != null && e.value() instanceof Scalar s && s.integer() != null ? s.integer().intValue() : -1;
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

        String get(int i) {
            return lines.get(i);
        }

        /** Where the parser's column (in code points) is in line {@code i}'s chars. */
        int offset(int i, int column) {
            String line = lines.get(i);
            return line.offsetByCodePoints(0, Math.min(column, line.codePointCount(0, line.length())));
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
