package dev.hackathon.infra.config;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import dev.hackathon.infra.testing.BadConfigs;

/** Every file under {@code bad-configs/} must be refused with the problem its header names (see {@link BadConfigs}). */
class BadConfigCorpusTest {

    static Stream<Path> corpus() {
        return BadConfigs.corpus();
    }

    @Test
    void corpusCannotSilentlyShrink() {
        assertTrue(corpus().count() >= 50, "the bad-config corpus lost files");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void isRefusedWithTheExpectedProblem(Path file) {
        BadConfigs.Expectation expected = BadConfigs.expectation(file);

        List<ConfigProblem> problems = ConfigFiles.problemsOf(file);

        String all = String.join("\n", problems.stream().map(ConfigProblem::toString).toList());
        List<ConfigProblem> matching = problems.stream().filter(p -> p.toString().contains(expected.text())).toList();
        assertTrue(!matching.isEmpty(), "no problem contains '" + expected.text() + "' in:\n" + all);
        if (expected.line() >= 0) {
            assertTrue(matching.stream().anyMatch(p -> p.line() == expected.line()),
                    "'" + expected.text() + "' is not reported on line " + expected.line() + ":\n" + all);
        }
    }
}
