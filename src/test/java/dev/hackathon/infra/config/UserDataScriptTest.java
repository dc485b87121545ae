package dev.hackathon.infra.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * config/examples/user-data.sh: parses (bash -n), passes shellcheck where Debian's shellcheck
 * is installed (the script and the app-secrets script it writes), serves on the ports and
 * health paths of the seed's target groups, fits EC2's user-data limit, and loads as the
 * config's instance.userData.
 */
class UserDataScriptTest {

    static final Path SCRIPT = Path.of("config/examples/user-data.sh");

    @Test
    void parsesWithBash() throws Exception {
        Run r = run(List.of("bash", "-n", SCRIPT.toString()));
        assertEquals(0, r.exit, r.out);
    }

    @Test
    void passesShellcheckWhereItIsInstalled(@TempDir Path dir) throws Exception {
        assumeTrue(onPath("shellcheck"), "shellcheck not installed (apt-get install shellcheck)");
        Run whole = run(List.of("shellcheck", SCRIPT.toString()));
        assertEquals(0, whole.exit, whole.out);
        // The script it writes for the service's start, checked on its own.
        String text = Files.readString(SCRIPT);
        int start = text.indexOf("<<'SCRIPT'\n") + "<<'SCRIPT'\n".length();
        Path inner = dir.resolve("app-secrets");
        Files.writeString(inner, text.substring(start, text.indexOf("\nSCRIPT\n", start) + 1));
        Run secrets = run(List.of("shellcheck", "-s", "bash", inner.toString()));
        assertEquals(0, secrets.exit, secrets.out);
    }

    @Test
    void servesWhereTheSeedsTargetGroupsLookAndReadsThePasswordAtStart() throws Exception {
        String text = Files.readString(SCRIPT);
        StackConfig seed = ConfigLoader.load(Path.of("config/hackathon.yaml"));
        assertEquals(80, seed.loadBalancer().targets().get("api").port());
        assertEquals("/up", seed.loadBalancer().targets().get("api").healthCheckPath()); // Laravel 11's health route
        assertTrue(text.contains("artisan serve --host=0.0.0.0 --port=80"), "the API on 80");
        assertEquals(3000, seed.loadBalancer().targets().get("app").port());
        assertTrue(text.contains("--port 3000"), "Next.js on 3000");
        assertTrue(text.contains("aws secretsmanager get-secret-value"), "the password from Secrets Manager");
        assertTrue(text.contains("X-aws-ec2-metadata-token"), "IMDSv2, which the instance requires");
        assertTrue(text.contains("/run/app/secrets.env"), "the password kept in memory, not on disk");
        assertTrue(Files.size(SCRIPT) < 16 * 1024, "EC2 takes 16 KB of user data");
    }

    @Test
    void loadsAsTheConfigsUserData(@TempDir Path dir) throws Exception {
        Path examples = Files.createDirectories(dir.resolve("examples"));
        Files.copy(SCRIPT, examples.resolve("user-data.sh"));
        Path config = dir.resolve("hackathon.yaml");
        Files.writeString(config, Files.readString(Path.of("config/hackathon.yaml"))
                .replaceFirst("(?m)^  userData: .*$", "  userData: examples/user-data.sh"));
        assertTrue(ConfigLoader.load(config).instance().userData().endsWith("examples/user-data.sh"));
    }

    private static boolean onPath(String name) {
        for (String d : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(d, name))) {
                return true;
            }
        }
        return false;
    }

    private record Run(int exit, String out) {
    }

    private static Run run(List<String> cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "timed out: " + cmd);
        return new Run(p.exitValue(), out);
    }
}
