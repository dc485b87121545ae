package dev.hackathon.infra.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.hackathon.infra.aws.AwsSessionFactory;
import dev.hackathon.infra.engine.Clock;

/**
 * {@code --help} prints text the build rendered instead of building the command line; that
 * text must be what the command line prints, in both colourings, and help must colour by the
 * rule the rest of the output follows (terminal, NO_COLOR, --no-color).
 */
class RootHelpTest {

    @Test
    void theRenderedHelpIsWhatTheCommandLinePrintsPlainAndColoured() {
        for (boolean colors : List.of(false, true)) {
            ByteArrayOutputStream printed = new ByteArrayOutputStream();
            assertTrue(RootHelp.print(new PrintStream(printed, true, StandardCharsets.UTF_8), colors),
                    "the build (process-classes) renders the help into target/classes");
            String fast = printed.toString(StandardCharsets.UTF_8);
            assertEquals(commandLineOutput(colors, "--help"), fast, "colors=" + colors);
            assertEquals(commandLineOutput(colors, "-h"), fast, "colors=" + colors);
            assertEquals(colors, fast.contains("\u001b["), "ANSI escapes exactly when coloured");
            assertTrue(fast.startsWith(colors ? "Usage: \u001b[1mhackathon-infra" : "Usage: hackathon-infra"), fast);
            assertTrue(fast.contains("Exit codes:") && fast.contains("What exists, its state"), fast);
        }
    }

    @Test
    void mainPrintsItAndReturnsRatherThanExiting() {
        // Were main to call System.exit, as it does for every other command line, this test's JVM would end here.
        PrintStream saved = System.out;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
            Main.main(new String[] {"--help"});
        } finally {
            System.setOut(saved);
        }
        assertEquals(commandLineOutput(false, "--help"), printed.toString(StandardCharsets.UTF_8));
    }

    @Test
    void onlyTheRootsHelpAloneIsAnswered() {
        assertTrue(RootHelp.answers("--help"));
        assertTrue(RootHelp.answers("-h"));
        assertFalse(RootHelp.answers());
        assertFalse(RootHelp.answers("status", "--help"));
        assertFalse(RootHelp.answers("--help", "--no-color"));
        assertFalse(RootHelp.answers("--version"));
    }

    @Test
    void helpIsColouredAtATerminalUnlessNoColorOrTheOptionSaysOtherwise() {
        assertTrue(RootHelp.colors(true, Map.of(), "--help"));
        assertFalse(RootHelp.colors(false, Map.of(), "--help"));
        assertFalse(RootHelp.colors(true, Map.of("NO_COLOR", "1"), "--help"));
        assertFalse(RootHelp.colors(true, Map.of(), "status", "--no-color", "--help"));
        assertTrue(RootHelp.colors(true, Map.of(), "rules", "add", "--", "--no-color"), "after -- it is a value");

        // The command line follows the same rule for every command's help.
        assertTrue(commandLineOutput(true, "status", "--help").contains("\u001b["));
        assertFalse(commandLineOutput(true, "status", "--help", "--no-color").contains("\u001b["));
        assertFalse(commandLineOutput(false, "status", "--help").contains("\u001b["));
    }

    @Test
    void theTextIsReadFromAJarOrAClassesFolderAndIsAbsentWhenNotRendered(@TempDir Path dir) throws Exception {
        String entry = RootHelp.class.getPackageName().replace('.', '/') + "/" + RootHelp.PLAIN;
        Path jar = dir.resolve("app.jar");
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(jar))) {
            zip.putNextEntry(new ZipEntry(entry));
            zip.write("Usage: x\n".getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
        }
        assertEquals("Usage: x\n", RootHelp.rendered(jar, RootHelp.PLAIN));
        assertNull(RootHelp.rendered(jar, RootHelp.COLOURED), "not in the jar: the command line answers");

        Path classes = dir.resolve("classes");
        Files.createDirectories(classes.resolve(entry).getParent());
        Files.writeString(classes.resolve(entry), "Usage: y\n");
        assertEquals("Usage: y\n", RootHelp.rendered(classes, RootHelp.PLAIN));
        assertNull(RootHelp.rendered(dir.resolve("missing.jar"), RootHelp.PLAIN));
    }

    private static String commandLineOutput(boolean terminal, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Map<String, String> env = Map.of();
        int exit = HackathonInfra.execute(new CliContext(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(OutputStream.nullOutputStream()), null, env, terminal,
                new AwsSessionFactory(List.of(), env), Clock.SYSTEM), args);
        assertEquals(ExitCodes.OK, exit);
        return out.toString(StandardCharsets.UTF_8);
    }
}
