package dev.hackathon.infra.config;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import dev.hackathon.infra.testing.BadConfigs;

/**
 * Every file under {@code bad-fleets/} must be refused with the problem its header names, in
 * the bad-config corpus's format ({@link BadConfigs#expectation}): exit 2's one line per
 * problem, {@code file:line: path: message}, before anything is called.
 */
class BadFleetCorpusTest {

    static Stream<Path> corpus() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("src/test/resources/bad-fleets"))) {
            return files.sorted().toList().stream();
        }
    }

    @Test
    void corpusCannotSilentlyShrink() throws IOException {
        assertTrue(corpus().count() >= 45, "the bad-fleet corpus lost files");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void isRefusedWithTheExpectedProblem(Path file) {
        BadConfigs.Expectation expected = BadConfigs.expectation(file);

        ConfigException e = assertThrows(ConfigException.class, () -> FleetLoader.load(file));

        assertFalse(e.problems().isEmpty());
        for (ConfigProblem p : e.problems()) {
            assertTrue(p.toString().startsWith(p.file() + ":" + p.line() + ": "), p.toString());
            assertFalse(p.message().isBlank(), p.toString());
            assertFalse(p.message().contains("\n"), "one line per problem: " + p);
        }
        String all = String.join("\n", e.problems().stream().map(ConfigProblem::toString).toList());
        List<ConfigProblem> matching = e.problems().stream().filter(p -> p.toString().contains(expected.text())).toList();
        assertTrue(!matching.isEmpty(), "no problem contains '" + expected.text() + "' in:\n" + all);
        if (expected.line() >= 0) {
            assertTrue(matching.stream().anyMatch(p -> p.line() == expected.line()),
                    "'" + expected.text() + "' is not reported on line " + expected.line() + ":\n" + all);
        }
    }
}
