package dev.hackathon.infra.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.hackathon.infra.testing.TestCli;

/** The completion script is checked by running it in bash, not by its text alone. */
class CompletionTest {

    @TempDir
    Path dir;

    @Test
    void completionScriptCompletesCommandsAndOptionsInBash() throws Exception {
        TestCli.Result r = new TestCli(null).runRaw("completion");
        assertEquals(0, r.exit(), r::toString);
        assertTrue(r.out().contains("complete -F _complete_hackathon-infra"), r.out());
        Path script = dir.resolve("completion.sh");
        Files.writeString(script, r.out());

        assertEquals("status", complete(script, "hackathon-infra st"));
        assertEquals("--timeout", complete(script, "hackathon-infra down --ti"));
    }

    /** Runs the script's completion function for a command line and returns its suggestions. */
    private static String complete(Path script, String line) throws Exception {
        String words = line;
        String bash = "source '" + script + "' 2>/dev/null; COMP_LINE='" + line + "'; COMP_WORDS=(" + words + "); "
                + "COMP_CWORD=$((${#COMP_WORDS[@]}-1)); COMP_POINT=${#COMP_LINE}; "
                + "_complete_hackathon-infra 2>/dev/null; echo \"${COMPREPLY[*]}\"";
        Process p = new ProcessBuilder("bash", "-c", bash).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertEquals(0, p.waitFor(), out);
        return out;
    }
}
