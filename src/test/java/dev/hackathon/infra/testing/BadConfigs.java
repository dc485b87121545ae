package dev.hackathon.infra.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The bad-config corpus ({@code src/test/resources/bad-configs/}): files that must be refused.
 * Each one's first line, {@code # expect: <text>}, names text (a field path or part of the
 * message) that a reported problem must contain; an optional second line {@code # line: N}
 * is the line that problem must be on.
 */
public final class BadConfigs {

    private static final Pattern EXPECT = Pattern.compile("# expect: (.+)");
    private static final Pattern LINE = Pattern.compile("# line: (\\d+)");

    /** What one file must be refused for; {@code line} is -1 when the file names none. */
    public record Expectation(String text, int line) {
    }

    private BadConfigs() {
    }

    /** Every file of the corpus, sorted. */
    public static Stream<Path> corpus() {
        try {
            Path dir = Path.of(BadConfigs.class.getResource("/bad-configs").toURI());
            try (Stream<Path> files = Files.list(dir)) {
                return files.sorted().toList().stream();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The file's header; fails when its first line is not {@code # expect: <text>}. */
    public static Expectation expectation(Path file) {
        List<String> header = header(file);
        Matcher expect = EXPECT.matcher(header.get(0));
        if (!expect.matches()) {
            throw new AssertionError(file.getFileName() + ": the first line must be '# expect: <text>'");
        }
        Matcher line = LINE.matcher(header.get(1));
        return new Expectation(expect.group(1).strip(), line.matches() ? Integer.parseInt(line.group(1)) : -1);
    }

    /** The first two lines, read as bytes: some of these files are binary on purpose. */
    private static List<String> header(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            String start = new String(in.readNBytes(1024), StandardCharsets.ISO_8859_1);
            List<String> lines = start.lines().limit(2).toList();
            return lines.size() == 2 ? lines : List.of(lines.isEmpty() ? "" : lines.get(0), "");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
