package dev.hackathon.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.hackathon.infra.deploy.DeployCommands;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * shellcheck on every shell script of the project (scripts/, .ci/, config/, src/: by a .sh name or a sh or
 * bash #! line) and on the lines deploy sends to the instance. Debian's shellcheck package; .ci/run installs
 * it when it is missing, so CI always runs this.
 */
class ShellScriptsTest {

    private static final Pattern SHELL_SHEBANG = Pattern.compile("#!\\s*/\\S*(/env\\s+)?\\b(ba)?sh\\b.*");
    private static final List<String> ROOTS = List.of("scripts", ".ci", "config", "src");

    static List<Path> shellScripts() throws IOException {
        List<Path> out = new ArrayList<>();
        for (String root : ROOTS) {
            try (Stream<Path> s = Files.walk(Path.of(root))) {
                for (Path p : s.filter(Files::isRegularFile).sorted().toList()) {
                    if (p.toString().endsWith(".sh") || SHELL_SHEBANG.matcher(firstLine(p)).matches()) {
                        out.add(p);
                    }
                }
            }
        }
        return out;
    }

    private static String firstLine(Path p) throws IOException {
        byte[] head = new byte[120];
        int n;
        try (var in = Files.newInputStream(p)) {
            n = Math.max(0, in.read(head));
        }
        String text = new String(head, 0, n, StandardCharsets.ISO_8859_1);
        int nl = text.indexOf('\n');
        return nl < 0 ? text : text.substring(0, nl);
    }

    @Test
    void everyShellScriptIsFound() throws IOException {
        List<String> found = shellScripts().stream().map(Path::toString).toList();
        for (String known : List.of("scripts/hackathon-infra", "scripts/demo", "scripts/bench", ".ci/run",
                "config/examples/user-data.sh", "src/main/resources/dev/hackathon/infra/deploy/hackathon-deploy.sh",
                "src/test/resources/dev/hackathon/infra/deploy/standin.sh")) {
            assertTrue(found.contains(known), known + " not found among " + found);
        }
        assertTrue(found.stream().noneMatch(f -> f.endsWith(".py") || f.endsWith(".java")), found.toString());
    }

    @Test
    void shellcheckPassesOnEveryShellScript(@TempDir Path dir) throws Exception {
        assumeTrue(onPath("shellcheck"), "shellcheck is not installed (apt-get install -y shellcheck; .ci/run does)");
        List<String> cmd = new ArrayList<>(List.of("shellcheck", "--external-sources"));
        shellScripts().forEach(p -> cmd.add(p.toString()));
        // What SendCommand runs (AWS-RunShellScript runs it with sh).
        Path commands = dir.resolve("send-command.sh");
        Files.writeString(commands, "#!/bin/sh\n" + String.join("\n", DeployCommands.deploy("s3://b/k.tar.gz",
                "ap-northeast-1", "0".repeat(64), true, "it's a message", "me")) + "\n");
        cmd.add(commands.toString());

        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "shellcheck timed out");
        assertEquals(0, p.exitValue(), out);
    }

    private static boolean onPath(String name) {
        for (String d : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(d, name))) {
                return true;
            }
        }
        return false;
    }
}
