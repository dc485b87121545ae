package dev.hackathon.infra.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import dev.hackathon.infra.testing.BadConfigs;
import dev.hackathon.infra.testing.MotoServer;
import dev.hackathon.infra.testing.TestCli;
import dev.hackathon.infra.testing.TestCli.Result;
import dev.hackathon.infra.testing.WithMoto;

/**
 * Bad input through the real command line: every file of the bad-config corpus given to
 * {@code up} exits 2, names the problem (file:line: field) on stderr and makes no AWS call at
 * all, not even to open a session; bad command lines exit 2 with the usage, or what is wrong and where the help is.
 */
@WithMoto
class BadInputTest {

    static Stream<Path> corpus() {
        return BadConfigs.corpus();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void upWithABadConfigExits2NamesTheProblemAndCallsNothing(Path file, MotoServer moto) {
        BadConfigs.Expectation expected = BadConfigs.expectation(file);
        TestCli cli = new TestCli(moto);

        Result r = cli.run("up", "--config", file.toString());

        assertEquals(2, r.exit(), r::toString);
        assertEquals("", r.out(), "nothing on stdout");
        assertTrue(r.err().contains("(nothing was called on AWS)"), r::toString);
        String prefix = file + ":" + (expected.line() >= 0 ? expected.line() + ":" : "");
        assertTrue(r.err().lines().anyMatch(l -> l.strip().startsWith(prefix) && l.contains(expected.text())),
                () -> "no line '" + prefix + " ... " + expected.text() + "' in:\n" + r.err());
        assertEquals(0, cli.sessionsOpened.get(), "no session opened");
        assertEquals(List.of(), cli.calls.calls(), "no AWS call");
    }

    @Test
    void badCommandLinesExit2AndShowTheUsageOrTheFix(MotoServer moto) {
        TestCli cli = new TestCli(moto);
        List<List<String>> lines = List.of(List.of(), List.of("bogus"), List.of("up", "extra-argument"),
                List.of("status", "--output", "yaml"), List.of("up", "--config"), List.of("up", "--no-such-option"),
                List.of("rules", "add", "--host", "example.com"), List.of("down", "--timeout", "soon", "--yes"),
                List.of("up", "--lock-timeout", "forever"));
        for (List<String> args : lines) {
            Result r = cli.runRaw(args.toArray(String[]::new));
            assertEquals(2, r.exit(), () -> args + "\n" + r);
            assertEquals("", r.out(), () -> args + ": nothing on stdout\n" + r);
            // The usage itself (no command at all), or what is wrong and where the help is.
            assertTrue(r.err().startsWith("Usage: hackathon-infra")
                    || r.err().startsWith("error: ") && r.err().contains("\n  fix: see hackathon-infra"), () -> args + "\n" + r);
        }
        assertEquals(0, cli.sessionsOpened.get(), "no session opened");
        assertEquals(List.of(), cli.calls.calls());
    }

    @Test
    void theReadmeStatesTheSizeOfTheCorpus() throws Exception {
        String claim = "**" + corpus().count() + " files**";
        assertTrue(Files.readString(Path.of("README.md")).contains(claim), "README.md (Reliability) should say: " + claim);
    }
}
