package dev.hackathon.infra.output;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Values read back exactly: dotenv quoting as phpdotenv reads it, shell quoting as bash reads it. */
class EnvFormatTest {

    private static final List<String> AWKWARD = List.of("plain", "with space", "it's", "a\"b", "$HOME", "${X}",
            "back\\slash", "semi;colon&amp|pipe`tick`", "*", "", "'", "x'y\"z$w");

    @Test
    void dotenvQuotesOnlyWhatNeedsIt() {
        assertEquals("plain", EnvFormat.dotenvValue("plain"));
        assertEquals("10.0.0.0/16", EnvFormat.dotenvValue("10.0.0.0/16"));
        assertEquals("'with space'", EnvFormat.dotenvValue("with space"));
        assertEquals("'$HOME'", EnvFormat.dotenvValue("$HOME"), "single quotes: no expansion in phpdotenv");
        assertEquals("\"it's \\$x \\\"q\\\"\"", EnvFormat.dotenvValue("it's $x \"q\""));
        assertEquals("''", EnvFormat.dotenvValue(""));
    }

    @Test
    void shellLinesReadBackExactlyInBash(@TempDir Path dir) throws Exception {
        Map<String, String> settings = new LinkedHashMap<>();
        for (int i = 0; i < AWKWARD.size(); i++) {
            settings.put("K" + i, AWKWARD.get(i));
        }
        Path file = dir.resolve("env.sh");
        StringBuilder script = new StringBuilder(EnvFormat.shell(settings));
        settings.keySet().forEach(k -> script.append("printf '%s\\0' \"$").append(k).append("\"\n"));
        Files.writeString(file, script.toString());
        Process p = new ProcessBuilder("bash", "--norc", file.toString()).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor());
        assertEquals(AWKWARD, List.of(out.split("\0", -1)).subList(0, AWKWARD.size()));
    }
}
