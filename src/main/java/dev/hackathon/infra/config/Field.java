package dev.hackathon.infra.config;

import dev.hackathon.infra.config.YamlNode.Mapping;
import dev.hackathon.infra.config.YamlNode.Scalar;
import dev.hackathon.infra.config.YamlNode.Sequence;
import dev.hackathon.infra.config.YamlNode.Type;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.Function;

/**
 * One value of the config with its path and line. Its readers report what is wrong and return null, so the
 * caller falls back to the default and goes on checking: one mistake gives one problem, not a cascade.
 * A value written as {@code null} (or left empty) counts as absent.
 */
final class Field {

    private final Problems problems;
    private final String path;
    private final YamlNode node;
    private final int line;
    private final boolean misspelt;

    /** {@code line}: where problems about it are reported (see {@link Section#field}). */
    Field(Problems problems, String path, YamlNode node, int line) {
        this(problems, path, node, line, false);
    }

    private Field(Problems problems, String path, YamlNode node, int line, boolean misspelt) {
        this.problems = problems;
        this.path = path;
        this.node = node instanceof Scalar s && s.type() == Type.NULL ? null : node;
        this.line = line;
        this.misspelt = misspelt;
    }

    /** This absent field under a misspelt key, which is reported already: do not also call it missing. */
    Field misspelt() {
        return new Field(problems, path, node, line, true);
    }

    String path() {
        return path;
    }

    int line() {
        return line;
    }

    boolean present() {
        return node != null;
    }

    Field child(String key, YamlNode value, int line) {
        return new Field(problems, ConfigPath.child(path, key), value, line);
    }

    void problem(String message) {
        problems.add(line, path, message);
    }

    /** Reports {@code message} (say what to write) when the value is absent. */
    Field require(String message) {
        if (node == null && !misspelt) {
            problem(message);
        }
        return this;
    }

    /** Any scalar's text, as written: a YAML number 16 gives "16", true gives "true". */
    String text() {
        if (node == null) {
            return null;
        }
        if (node instanceof Scalar s && s.type() != Type.OTHER) {
            return s.text();
        }
        return mismatch("text");
    }

    /** The text when {@code check} accepts it. */
    String text(Check check) {
        String text = text();
        String wrong = text == null ? null : check.problem(text);
        if (wrong != null) {
            problem(wrong);
            return null;
        }
        return text;
    }

    Integer wholeNumber(int min, int max) {
        if (node == null) {
            return null;
        }
        if (!(node instanceof Scalar s && s.type() == Type.INTEGER)) {
            return mismatch("a whole number");
        }
        BigInteger value = s.integer();
        if (value.compareTo(BigInteger.valueOf(min)) < 0 || value.compareTo(BigInteger.valueOf(max)) > 0) {
            problem("must be " + min + " to " + max + ", got " + s.text());
            return null;
        }
        return value.intValueExact();
    }

    Boolean bool() {
        if (node == null) {
            return null;
        }
        if (node instanceof Scalar s && (s.type() == Type.TRUE || s.type() == Type.FALSE)) {
            return s.type() == Type.TRUE;
        }
        return mismatch("true or false");
    }

    /**
     * Its entries, checked against {@code known} (null: any key is allowed). Absent gives an empty section;
     * so does a value that is not a mapping, after reporting it (see {@link Section#mistyped()}).
     */
    Section mapping(Collection<String> known) {
        return mapping(known, key -> null);
    }

    /** {@code elsewhere}: a hint for an unknown key that a did-you-mean would miss, or null. */
    Section mapping(Collection<String> known, Function<String, String> elsewhere) {
        if (node == null || node instanceof Mapping) {
            return new Section(this, (Mapping) node, known, elsewhere);
        }
        mismatch("a mapping");
        return new Section(this, null, known, elsewhere);
    }

    /** The list's items, or null when absent or not a list. */
    List<Field> items() {
        if (node == null) {
            return null;
        }
        if (!(node instanceof Sequence seq)) {
            return mismatch("a list");
        }
        List<Field> items = new ArrayList<>();
        for (YamlNode item : seq.items()) {
            items.add(new Field(problems, ConfigPath.index(path, items.size()), item, item.line()));
        }
        return items;
    }

    private <T> T mismatch(String expected) {
        problem("expected " + expected + ", got " + node.describe());
        return null;
    }
}
