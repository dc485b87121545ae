package dev.hackathon.infra.cli;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What tests read from README.md: its command lines, its blocks, its troubleshooting table. */
final class Readme {

    static final Path FILE = Path.of("README.md");
    private static final Pattern FENCE = Pattern.compile("(?ms)^```(\\w*)\\n(.*?)^```");
    private static final Pattern SNIPPET = Pattern.compile("`([^`]+)`");

    private Readme() {
    }

    static String text() {
        try {
            return Files.readString(FILE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The bodies of the fenced blocks with this info string ("bash", "yaml", "" for none). */
    static List<String> blocks(String info) {
        List<String> out = new ArrayList<>();
        Matcher m = FENCE.matcher(text());
        while (m.find()) {
            if (m.group(1).equals(info)) {
                out.add(m.group(2));
            }
        }
        return out;
    }

    /**
     * The arguments of every line in {@code text} that runs the tool ({@code hackathon-infra ...}
     * or {@code scripts/hackathon-infra ...}), as the shell would split them: quotes removed,
     * comments and output redirections dropped.
     */
    static List<List<String>> commandLines(String text) {
        List<List<String>> out = new ArrayList<>();
        for (String line : text.lines().toList()) {
            List<String> words = shellWords(line.strip());
            if (!words.isEmpty() && (words.get(0).equals("hackathon-infra") || words.get(0).equals("scripts/hackathon-infra"))) {
                out.add(words.subList(1, words.size()));
            }
        }
        return out;
    }

    /** Just enough of the shell's word splitting for documentation: quotes, comments, {@code >} redirections. */
    static List<String> shellWords(String line) {
        List<String> words = new ArrayList<>();
        StringBuilder word = null;
        char quote = 0;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else {
                    word.append(c);
                }
            } else if (c == '"' || c == '\'') {
                quote = c;
                word = word == null ? new StringBuilder() : word;
            } else if (Character.isWhitespace(c)) {
                if (word != null) {
                    words.add(word.toString());
                    word = null;
                }
            } else if (c == '#' && word == null) {
                break;
            } else {
                word = word == null ? new StringBuilder() : word;
                word.append(c);
            }
        }
        if (word != null) {
            words.add(word.toString());
        }
        int redirect = words.indexOf(">");
        return redirect < 0 ? words : words.subList(0, redirect);
    }

    /**
     * The messages of the troubleshooting table ("you see"), as patterns: each backticked
     * snippet of a row's first cell, with {@code <placeholder>} and {@code ...} matching anything.
     */
    static List<Pattern> troubleshooting() {
        String text = text();
        String section = text.substring(text.indexOf("## Troubleshooting"));
        section = section.substring(0, section.indexOf("\n## ", 1));
        List<Pattern> out = new ArrayList<>();
        for (String row : section.lines().filter(l -> l.startsWith("| ") && !l.startsWith("| you see")).toList()) {
            String seen = row.substring(2, row.indexOf(" | "));
            Matcher m = SNIPPET.matcher(seen);
            while (m.find()) {
                out.add(pattern(m.group(1)));
            }
        }
        return out;
    }

    private static Pattern pattern(String snippet) {
        StringBuilder regex = new StringBuilder();
        Matcher m = Pattern.compile("<[^>]+>|\\.\\.\\.").matcher(snippet);
        int last = 0;
        while (m.find()) {
            regex.append(Pattern.quote(snippet.substring(last, m.start()))).append(m.group().equals("...") ? ".*" : ".+?");
            last = m.end();
        }
        regex.append(Pattern.quote(snippet.substring(last)));
        return Pattern.compile(regex.toString());
    }

    /**
     * Every error in {@code output} (the lines starting {@code error:}, or else each line
     * followed by a {@code fix:} line) is one the README's troubleshooting table lists.
     */
    static void assertTroubleshootingCovers(String output) {
        List<Pattern> rows = troubleshooting();
        List<String> lines = output.lines().toList();
        // A top-level error starts with "error: " (its next line may be picocli's suggestion); a
        // run's failures are on stdout, each line followed by its fix.
        List<String> errors = new ArrayList<>(lines.stream().filter(l -> l.startsWith("error: ")).toList());
        boolean topLevel = !errors.isEmpty();
        for (int i = 0; !topLevel && i + 1 < lines.size(); i++) {
            if (lines.get(i + 1).strip().startsWith("fix: ") && !lines.get(i).strip().startsWith("fix: ")) {
                errors.add(lines.get(i));
            }
        }
        assertFalse(errors.isEmpty(), "no error in:\n" + output);
        for (String error : errors) {
            assertTrue(rows.stream().anyMatch(p -> p.matcher(error).find()),
                    "README.md's troubleshooting table has no row for:\n" + error);
        }
    }
}
