package dev.hackathon.infra.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.hackathon.infra.testing.MotoServer;
import dev.hackathon.infra.testing.TestCli;
import dev.hackathon.infra.testing.TestCli.Result;
import dev.hackathon.infra.testing.WithMoto;

/**
 * Progress on stderr as CI and people see it, through the real command line against moto:
 * one timestamped line per event without a terminal, live lines and a summary at one, no
 * escape code when colour is off, nothing but results and errors with --quiet.
 */
@WithMoto
class ProgressOutputTest {

    private static final String ESC = "\u001b";
    private static final String DURATION = "(\\d\\.\\ds|\\d+s|\\d+m\\d\\ds)";
    private static final Pattern CREATING = Pattern.compile("\\d\\d:\\d\\d:\\d\\d \\+ (\\S+) creating");
    /** Ready: the key, the state AWS gave it, the id when it was ready as created, how long it took. */
    private static final Pattern READY = Pattern.compile("\\d\\d:\\d\\d:\\d\\d ✓ (\\S+) ([A-Za-z-]+)( \\S+)? " + DURATION);

    @TempDir
    Path dir;

    @Test
    void withoutATerminalEachEventIsOneTimestampedLineAndReadyNamesTheState(MotoServer moto) {
        TestCli cli = new TestCli(moto);
        Path config = TestCli.seedConfig(dir, "prog1");

        Result up = cli.run("up", "--config", config.toString());
        assertEquals(0, up.exit(), up::toString);
        assertFalse(up.err().contains(ESC), "no control characters without a terminal:\n" + up.err());
        List<String> lines = up.err().lines().toList();
        assertTrue(lines.stream().anyMatch(l -> CREATING.matcher(l).matches() && l.endsWith("vpc/main creating")),
                up::toString);
        // The instance starts "pending" and is polled until EC2 says "running": the line says
        // so, and how long it took. Moto makes the database available at once: the line says that.
        assertTrue(lines.stream().anyMatch(l -> l.matches("\\d\\d:\\d\\d:\\d\\d ✓ instance/app running " + DURATION)),
                up::toString);
        assertEquals("running", readyState(lines, "instance/app"), up::toString);
        assertEquals("available", readyState(lines, "db/main"), up::toString);
        assertEquals("available", readyState(lines, "vpc/main"), up::toString);
        // Every line but a failure's continuation starts with the time.
        assertTrue(lines.stream().allMatch(l -> l.matches("\\d\\d:\\d\\d:\\d\\d [+~\\-✓↻✗!…*] .*")), up::toString);

        // --quiet: the result on stdout, not a single progress line.
        Result down = cli.run("down", "--yes", "--quiet", "--config", config.toString());
        assertEquals(0, down.exit(), down::toString);
        assertEquals("", down.err(), "--quiet prints only results and errors");
        assertTrue(down.out().startsWith("down complete"), down::toString);
    }

    @Test
    void atATerminalLiveLinesEndWithASummaryAndColourOffMeansNoEscapeCodes(MotoServer moto) {
        Path config = TestCli.seedConfig(dir, "prog2");

        Result up = new TestCli(moto).interactive("").run("up", "--config", config.toString());
        assertEquals(0, up.exit(), up::toString);
        assertTrue(up.err().contains(ESC), "colour and cursor movement at a terminal:\n" + up.err());
        String last = plain(up.err()).lines().reduce((a, b) -> b).orElse("");
        assertTrue(last.matches("✓ \\d+ resources in " + DURATION + " \\(\\d+ created, 0 updated\\)"), up::toString);

        // NO_COLOR, even at a terminal: plain lines on stderr, no colour on stdout.
        TestCli noColorEnv = new TestCli(moto).interactive("");
        noColorEnv.env.put("NO_COLOR", "1");
        Result status = noColorEnv.run("status", "--config", config.toString());
        assertEquals(0, status.exit(), status::toString);
        assertFalse(status.out().contains(ESC) || status.err().contains(ESC), status::toString);

        // --no-color does the same for a run with progress.
        Result down = new TestCli(moto).interactive("").run("down", "--yes", "--no-color", "--config", config.toString());
        assertEquals(0, down.exit(), down::toString);
        assertFalse(down.out().contains(ESC) || down.err().contains(ESC), down::toString);
        assertTrue(down.err().lines().anyMatch(l -> l.matches("\\d\\d:\\d\\d:\\d\\d - vpc/main deleting vpc-\\w+")),
                down::toString);
    }

    private static String readyState(List<String> lines, String key) {
        for (String l : lines) {
            Matcher m = READY.matcher(l);
            if (m.matches() && m.group(1).equals(key)) {
                return m.group(2);
            }
        }
        return null;
    }

    /** The text without colour codes and cursor movements. */
    private static String plain(String s) {
        return s.replaceAll(ESC + "\\[[0-9;]*[A-Za-z]", "");
    }
}
