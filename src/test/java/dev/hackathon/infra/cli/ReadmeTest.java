package dev.hackathon.infra.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.hackathon.infra.config.ConfigLoader;
import dev.hackathon.infra.config.StackConfig;
import dev.hackathon.infra.stack.CostEstimate;
import dev.hackathon.infra.stack.PriceTable;

/**
 * The README cannot rot: its command lines parse with the real command line, its config
 * reference is the defaults, its cost figures are the price table's. (scripts/demo, which
 * runs up, status, plan and down, runs in .ci/run; the troubleshooting table is checked
 * against the real messages by ErrorMessagesTest.)
 */
class ReadmeTest {

    @TempDir
    Path dir;

    @Test
    void everyCommandLineInTheReadmeAndTheCiWorkflowParses() throws Exception {
        List<List<String>> lines = new ArrayList<>();
        for (String info : List.of("bash", "")) {
            Readme.blocks(info).forEach(b -> lines.addAll(Readme.commandLines(b)));
        }
        List<List<String>> workflow = Readme.commandLines(Files.readString(Path.of("config/github-actions.yml")));
        assertEquals(2, workflow.size(), "plan and status in the workflow");
        lines.addAll(workflow);
        assertTrue(lines.size() >= 10, "found only " + lines);

        for (List<String> args : lines) {
            CommandLines.assertParses(args);
        }
        assertTrue(lines.contains(List.of("plan", "--output", "json", "--profile", "")), lines::toString);
    }

    @Test
    void aCommandLineThatDoesNotParseIsCaught() {
        // The check above is not a formality: an unknown option or command fails it.
        assertThrows(AssertionError.class, () -> CommandLines.assertParses(List.of("up", "--dryrun")));
        assertThrows(AssertionError.class, () -> CommandLines.assertParses(List.of("destroy")));
        assertThrows(AssertionError.class, () -> CommandLines.assertParses(List.of("down", "--timeout", "soon")));
        assertEquals(List.of("status", "--profile", "", "--output", "json"),
                Readme.shellWords("status --profile \"\" --output json > status.json  # a comment"));
    }

    @Test
    void theConfigReferenceIsTheDefaults() throws Exception {
        String reference = Readme.blocks("yaml").stream().filter(b -> b.startsWith("stack: hackathon"))
                .findFirst().orElseThrow();
        // One file for both, so that the configs' source paths are equal too.
        Path file = dir.resolve("hackathon.yaml");
        Files.writeString(file, reference);
        StackConfig documented = ConfigLoader.load(file);
        Files.writeString(file, "stack: hackathon\nregion: ap-northeast-1\n");
        StackConfig defaults = ConfigLoader.load(file);
        assertEquals(defaults, documented);
    }

    @Test
    void theCostFiguresAreThePriceTables() throws Exception {
        CostEstimate seed = CostEstimate.of(ConfigLoader.load(Path.of("config/hackathon.yaml")), PriceTable.load());
        double nat = seed.lines().stream().filter(l -> l.item().startsWith("NAT gateway")).findFirst().orElseThrow()
                .perHour();
        String text = Readme.text();
        for (String figure : List.of(String.format("$%.3f an hour", seed.perHour()),
                String.format("$%.2f a day", seed.perDay()), String.format("NAT gateway: $%.3f an hour", nat),
                String.format("$%.2f a day,\nwhether or not anything uses it", nat * 24),
                String.format("about $%.0f a week", seed.perDay() * 7))) {
            assertTrue(text.contains(figure), "README.md does not say " + figure);
        }
    }
}
