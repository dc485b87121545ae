package dev.hackathon.infra.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Damaged configs must give problems, never another exception: the CLI maps only ConfigException to exit 2. */
class ConfigRobustnessTest {

    @TempDir
    Path dir;

    @Test
    void everyTruncationOfTheSeedLoadsOrGivesProblems() {
        String seed = ConfigFiles.seedText();
        for (int end = 0; end < seed.length(); end += 7) {
            loadOrProblems(seed.substring(0, end));
        }
    }

    @Test
    void randomEditsOfTheSeedLoadOrGiveProblems() {
        String seed = ConfigFiles.seedText();
        String alphabet = ":-[]{}\"'#&*!|>?,% \n\t0aZ.~\\@`";
        Random random = new Random(7);
        for (int i = 0; i < 400; i++) {
            StringBuilder text = new StringBuilder(seed);
            for (int edits = 1 + random.nextInt(3); edits > 0; edits--) {
                int at = random.nextInt(text.length());
                if (random.nextBoolean()) {
                    text.deleteCharAt(at);
                } else {
                    text.insert(at, alphabet.charAt(random.nextInt(alphabet.length())));
                }
            }
            loadOrProblems(text.toString());
        }
    }

    @Test
    void nestingBeyondTheParsersLimitIsOneProblem() {
        Path file = ConfigFiles.write(dir, "deep.yaml", "stack: x1\nregion: " + "[".repeat(5000) + "\n");
        List<ConfigProblem> problems = ConfigFiles.problemsOf(file);
        assertEquals(1, problems.size(), problems.toString());
        assertEquals(2, problems.get(0).line());
    }

    private void loadOrProblems(String text) {
        Path file = ConfigFiles.write(dir, "c.yaml", text);
        long lines = text.lines().count() + 1;
        try {
            ConfigLoader.load(file);
        } catch (ConfigException e) {
            for (ConfigProblem p : e.problems()) {
                assertTrue(p.line() >= 0 && p.line() <= lines, p + "\nin:\n" + text);
                assertTrue(p.toString().startsWith(file + ":" + p.line() + ": "), p.toString());
            }
        } catch (RuntimeException e) {
            fail("crashed on:\n" + text, e);
        }
    }
}
