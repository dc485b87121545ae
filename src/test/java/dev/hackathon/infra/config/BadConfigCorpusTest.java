package dev.hackathon.infra.config;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every file under {@code bad-configs/} must be refused. Its first line, {@code # expect: <text>}, names text
 * (a field path or part of the message) that a reported problem must contain; an optional second line
 * {@code # line: N} is the line that problem must be on.
 */
class BadConfigCorpusTest {

    private static final Pattern EXPECT = Pattern.compile("# expect: (.+)");
    private static final Pattern LINE = Pattern.compile("# line: (\\d+)");

    static Stream<Path> corpus() throws IOException, URISyntaxException {
        Path dir = Path.of(BadConfigCorpusTest.class.getResource("/bad-configs").toURI());
        try (Stream<Path> files = Files.list(dir)) {
            return files.sorted().toList().stream();
        }
    }

    @Test
    void corpusCannotSilentlyShrink() throws Exception {
        assertTrue(corpus().count() >= 50, "the bad-config corpus lost files");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void isRefusedWithTheExpectedProblem(Path file) throws IOException {
        List<String> header = header(file);
        Matcher expect = EXPECT.matcher(header.get(0));
        assertTrue(expect.matches(), file.getFileName() + ": the first line must be '# expect: <text>'");
        String expected = expect.group(1).strip();
        Matcher line = LINE.matcher(header.get(1));

        List<ConfigProblem> problems = ConfigFiles.problemsOf(file);

        String all = String.join("\n", problems.stream().map(ConfigProblem::toString).toList());
        List<ConfigProblem> matching = problems.stream().filter(p -> p.toString().contains(expected)).toList();
        assertTrue(!matching.isEmpty(), "no problem contains '" + expected + "' in:\n" + all);
        if (line.matches()) {
            int want = Integer.parseInt(line.group(1));
            assertTrue(matching.stream().anyMatch(p -> p.line() == want),
                    "'" + expected + "' is not reported on line " + want + ":\n" + all);
        }
    }

    /** The first two lines, read as bytes: some of these files are binary on purpose. */
    private static List<String> header(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            String start = new String(in.readNBytes(1024), StandardCharsets.ISO_8859_1);
            List<String> lines = start.lines().limit(2).toList();
            return lines.size() == 2 ? lines : List.of(lines.isEmpty() ? "" : lines.get(0), "");
        }
    }
}
