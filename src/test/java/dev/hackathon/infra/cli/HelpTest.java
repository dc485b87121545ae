package dev.hackathon.infra.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.hackathon.infra.testing.TestCli;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The manual is --help: every command, found by walking the real command tree (so a new
 * subcommand is covered without touching this test), says what it does, lists its options,
 * gives examples that parse, and lists the exit codes.
 */
class HelpTest {

    @Test
    void everyCommandHasDescriptionOptionsExamplesAndExitCodes() {
        List<List<String>> paths = CommandLines.commandPaths();
        assertTrue(paths.contains(List.of("rules", "add")), "nested commands are walked: " + paths);
        TestCli cli = new TestCli(null);
        List<String> checked = new ArrayList<>();
        for (List<String> path : paths) {
            List<String> args = new ArrayList<>(path);
            args.add("--help");
            TestCli.Result r = cli.runRaw(args.toArray(String[]::new));
            String name = String.join(" ", path);
            assertEquals(0, r.exit(), name + ": " + r);
            String help = r.out();

            CommandLine command = command(path);
            String[] description = command.getCommandSpec().usageMessage().description();
            String flowing = help.replaceAll("\\s+", " "); // picocli wraps long lines
            assertTrue(description.length > 0 && flowing.contains(description[0].replace("%n", "").strip().replaceAll("\\s+", " ")),
                    name + " has a description:\n" + help);
            for (OptionSpec o : command.getCommandSpec().options()) {
                assertTrue(help.contains(o.longestName()), name + " lists " + o.longestName() + ":\n" + help);
            }
            assertTrue(help.contains("\nExit codes:\n") && help.contains("  4  credentials missing or expired")
                    && help.contains("  5  another run holds the stack's lock"), name + " lists exit codes:\n" + help);

            List<String> examples = examples(help);
            assertFalse(examples.isEmpty(), name + " has examples:\n" + help);
            for (String example : examples) {
                List<String> words = Readme.shellWords(example);
                if (!words.isEmpty() && words.get(0).equals("hackathon-infra")) {
                    CommandLines.assertParses(words.subList(1, words.size()));
                }
            }
            checked.add(name);
        }
        assertTrue(checked.containsAll(List.of("up", "plan", "status", "down", "rules", "unlock", "completion", "help")),
                checked::toString);
        TestCli.Result root = cli.runRaw("--help");
        assertFalse(examples(root.out()).isEmpty(), root.out());
        assertTrue(root.out().contains("Exit codes:"), root.out());
    }

    @Test
    void aMistypedCommandLineSaysWhatIsWrongTheLikelyFixAndWhereTheHelpIs() {
        TestCli cli = new TestCli(null);
        TestCli.Result r = cli.runRaw("up", "--dryrun");
        assertEquals(2, r.exit(), r::toString);
        assertEquals(List.of("error: Unknown option: '--dryrun'", "Possible solutions: --dry-run",
                "  fix: see hackathon-infra up --help"), r.err().lines().toList());
        assertEquals("", r.out());
        Readme.assertTroubleshootingCovers(r.err());

        TestCli.Result none = cli.runRaw();
        assertEquals(2, none.exit());
        assertTrue(none.err().startsWith("Usage: hackathon-infra"), "no command at all: the overview\n" + none);
    }

    private static CommandLine command(List<String> path) {
        CommandLine cl = CommandLines.spec();
        for (String name : path) {
            cl = cl.getSubcommands().get(name);
        }
        return cl;
    }

    /** The indented lines after "Examples:" up to the next blank line. */
    private static List<String> examples(String help) {
        int at = help.indexOf("\nExamples:\n");
        if (at < 0) {
            return List.of();
        }
        String rest = help.substring(at + "\nExamples:\n".length());
        return Arrays.stream(rest.split("\n\n", 2)[0].split("\n")).map(String::strip).filter(l -> !l.isEmpty()).toList();
    }
}
