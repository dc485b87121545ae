package dev.hackathon.infra.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import dev.hackathon.infra.config.YamlNode.Entry;
import dev.hackathon.infra.config.YamlNode.Mapping;
import dev.hackathon.infra.config.YamlNode.Scalar;
import dev.hackathon.infra.config.YamlNode.Sequence;
import dev.hackathon.infra.config.YamlNode.Type;
import java.io.IOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.reader.ReaderException;

/**
 * Reads YAML text into a {@link YamlNode} tree with Jackson's streaming parser, because its tokens carry
 * line numbers that databind's tree loses. Duplicate keys and aliases are reported and reading goes on;
 * a syntax error ends it.
 */
final class LocatedYamlReader {

    private static final YAMLFactory YAML = new YAMLFactory();

    private final YAMLParser parser;
    private final Problems problems;

    private LocatedYamlReader(YAMLParser parser, Problems problems) {
        this.parser = parser;
        this.problems = problems;
    }

    /** The document's root, or null when the text holds no document (empty, or only comments). */
    static YamlNode read(String text, Problems problems) throws ConfigException {
        try (YAMLParser parser = YAML.createParser(text)) {
            try {
                JsonToken first = parser.nextToken();
                if (first == null) {
                    return null;
                }
                YamlNode root = new LocatedYamlReader(parser, problems).value(first, "");
                if (parser.nextToken() != null) {
                    problems.add(line(parser), "", "a second YAML document (after '---') starts here; "
                            + "a config is a single document");
                }
                return root;
            } catch (JsonProcessingException e) {
                throw syntaxError(e, e.getLocation() != null ? e.getLocation() : parser.currentLocation(), text,
                        problems);
            }
        } catch (IOException e) {
            throw problems.fatal(0, "cannot read the YAML: " + e.getMessage());
        }
    }

    private YamlNode value(JsonToken token, String path) throws IOException {
        int line = line(parser);
        switch (token) {
            case START_OBJECT:
                return mapping(path, line);
            case START_ARRAY:
                return sequence(path, line);
            case VALUE_STRING:
                if (parser.isCurrentAlias()) {
                    // Jackson hands an alias over as the anchor's name, which would silently become the value.
                    problems.add(line, path, "YAML aliases (*" + parser.getText()
                            + ") are not supported; write the value out");
                    return new Scalar(Type.NULL, "", null, line);
                }
                return new Scalar(Type.STRING, parser.getText(), null, line);
            case VALUE_NUMBER_INT:
                return integer(line);
            case VALUE_NUMBER_FLOAT:
                return new Scalar(Type.DECIMAL, parser.getText(), null, line);
            case VALUE_TRUE:
                return new Scalar(Type.TRUE, parser.getText(), null, line);
            case VALUE_FALSE:
                return new Scalar(Type.FALSE, parser.getText(), null, line);
            case VALUE_NULL:
                return new Scalar(Type.NULL, "", null, line);
            default:
                return new Scalar(Type.OTHER, parser.getText(), null, line);
        }
    }

    private Scalar integer(int line) throws IOException {
        BigInteger value;
        try {
            value = parser.getBigIntegerValue();
        } catch (JsonProcessingException | NumberFormatException e) {
            // Something Jackson took for a number but cannot convert: keep it as text for a readable message.
            return new Scalar(Type.STRING, parser.getText(), null, line);
        }
        return new Scalar(Type.INTEGER, parser.getText(), value, line);
    }

    private Mapping mapping(String path, int line) throws IOException {
        Map<String, Entry> entries = new LinkedHashMap<>();
        for (JsonToken t = parser.nextToken(); t == JsonToken.FIELD_NAME; t = parser.nextToken()) {
            String key = parser.currentName();
            int keyLine = line(parser);
            String keyPath = ConfigPath.child(path, key);
            YamlNode value = value(parser.nextToken(), keyPath);
            Entry first = entries.putIfAbsent(key, new Entry(key, keyLine, value));
            if (first != null) {
                problems.add(keyLine, keyPath,
                        "duplicate key '" + key + "'; it is already set on line " + first.keyLine());
            }
        }
        return new Mapping(entries, line);
    }

    private Sequence sequence(String path, int line) throws IOException {
        List<YamlNode> items = new ArrayList<>();
        for (JsonToken t = parser.nextToken(); t != JsonToken.END_ARRAY && t != null; t = parser.nextToken()) {
            items.add(value(t, ConfigPath.index(path, items.size())));
        }
        return new Sequence(items, line);
    }

    private static int line(JsonParser parser) {
        return parser.currentTokenLocation().getLineNr();
    }

    /** In the parser's own words, but one line: SnakeYAML's multi-line excerpt would break one-problem-per-line. */
    private static ConfigException syntaxError(JsonProcessingException e, JsonLocation location, String text,
                                               Problems problems) {
        if (e.getCause() instanceof MarkedYAMLException m && m.getProblemMark() != null) {
            int line = m.getProblemMark().getLine() + 1;
            String message = m.getProblem();
            if (m.getContext() != null && m.getContextMark() != null && m.getContextMark().getLine() + 1 != line) {
                message += " (" + m.getContext() + " that starts on line " + (m.getContextMark().getLine() + 1) + ")";
            }
            return problems.fatal(line, "YAML syntax error: " + message);
        }
        if (e.getCause() instanceof ReaderException r) {
            long line = 1 + text.codePoints().limit(r.getPosition()).filter(c -> c == '\n').count();
            return problems.fatal((int) line, String.format(
                    "character U+%04X is not allowed in YAML; is this a binary file?", r.getCodePoint()));
        }
        int line = Math.max(0, location.getLineNr());
        String message = e.getOriginalMessage();
        if (message.startsWith("Expected a field name")) {
            return problems.fatal(line, "YAML syntax error: a key must be a plain value, not a list or a mapping");
        }
        // Jackson's own limits (nesting depth, number length): its first line says which.
        return problems.fatal(line, "cannot parse the YAML: " + message.lines().findFirst().orElse(message));
    }
}
