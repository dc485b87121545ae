package dev.hackathon.infra.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.hackathon.infra.aws.AwsSession;
import dev.hackathon.infra.testing.MotoServer;
import dev.hackathon.infra.testing.TestCli;
import dev.hackathon.infra.testing.TestCli.Result;
import dev.hackathon.infra.testing.WithMoto;

/**
 * A real process receiving a real signal: {@code up} in a child JVM against moto gets SIGINT
 * (then, in another run, SIGTERM) while it works; it exits 130 (143) within seconds, having
 * released the run lock, and the next {@code up} is not locked out and finishes the stack.
 */
@WithMoto
class SignalTest {

    @TempDir
    Path dir;

    @Test
    void sigintDuringUpStopsWithinSecondsReleasesTheLockAndTheNextUpResumes(MotoServer moto, AwsSession aws)
            throws Exception {
        Path config = TestCli.seedConfig(dir, "sig1");
        Child up = Child.start(moto, config, "up");
        up.awaitLine(l -> l.contains(" creating"));
        long signalled = System.nanoTime();
        up.signal("INT");
        int exit = up.waitFor();
        long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - signalled);

        assertEquals(130, exit, up.output());
        assertTrue(seconds <= 15, "stopped after " + seconds + " s");
        assertTrue(up.output().contains("stopped by SIGINT after ") && up.output().contains("Run the command again to resume"),
                up.output());
        assertTrue(aws.ssm().getParametersByPath(r -> r.path("/hackathon-infra/sig1")).parameters().isEmpty(),
                "the lock is released");

        TestCli cli = new TestCli(moto);
        Result again = cli.run("--config", config.toString(), "up");
        assertEquals(0, again.exit(), again::toString);
        Stacks.assertWholeAndHealthy(cli, config.toString(), aws, "sig1");
        assertEquals(0, cli.run("--config", config.toString(), "down", "--yes").exit());
    }

    @Test
    void sigtermExits143AndLeavesNoLockBehind(MotoServer moto, AwsSession aws) throws Exception {
        Path config = TestCli.seedConfig(dir, "sig2");
        Child up = Child.start(moto, config, "up");
        up.awaitLine(l -> l.contains(" creating"));
        up.signal("TERM");
        assertEquals(143, up.waitFor(), up.output());
        assertTrue(aws.ssm().getParametersByPath(r -> r.path("/hackathon-infra/sig2")).parameters().isEmpty());
        TestCli cli = new TestCli(moto);
        assertEquals(0, cli.run("--config", config.toString(), "down", "--yes").exit());
    }

    /** The tool as its own JVM, as scripts/hackathon-infra runs it, progress read line by line. */
    static final class Child {
        private final Process process;
        private final List<String> lines = new ArrayList<>();
        private final Thread reader;

        private Child(Process process) {
            this.process = process;
            this.reader = new Thread(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(),
                        StandardCharsets.UTF_8))) {
                    for (String l = r.readLine(); l != null; l = r.readLine()) {
                        synchronized (lines) {
                            lines.add(l);
                            lines.notifyAll();
                        }
                    }
                } catch (java.io.IOException e) {
                    // the process ended
                }
            });
            reader.setDaemon(true);
            reader.start();
        }

        static Child start(MotoServer moto, Path config, String... args) throws Exception {
            // A job started in the background by a shell (`.ci/run &`, nohup) ignores SIGINT, and so
            // does every process it starts, this JVM included: the JVM then leaves SIGINT ignored,
            // as it should for a person's `nohup`. The child is to behave as at a terminal, so
            // SIGINT is set back to its default before the JVM starts (Python is there for moto).
            List<String> cmd = new ArrayList<>(List.of("python3", "-c",
                    "import os, signal, sys; signal.signal(signal.SIGINT, signal.SIG_DFL);"
                            + " os.execv(sys.argv[1], sys.argv[1:])",
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), "dev.hackathon.infra.cli.Main",
                    "--endpoint-url", moto.endpoint().toString(), "--config", config.toString()));
            cmd.addAll(List.of(args));
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
            pb.environment().put("AWS_ACCESS_KEY_ID", "test");
            pb.environment().put("AWS_SECRET_ACCESS_KEY", "test");
            pb.environment().put("AWS_CONFIG_FILE", "/nonexistent/hackathon-infra-test/config");
            pb.environment().put("AWS_SHARED_CREDENTIALS_FILE", "/nonexistent/hackathon-infra-test/credentials");
            pb.environment().put("CI", "true");
            pb.environment().remove("AWS_PROFILE");
            return new Child(pb.start());
        }

        void awaitLine(java.util.function.Predicate<String> p) throws InterruptedException {
            long deadline = System.currentTimeMillis() + 120_000;
            synchronized (lines) {
                while (lines.stream().noneMatch(p)) {
                    long left = deadline - System.currentTimeMillis();
                    if (left <= 0 || !process.isAlive() && !reader.isAlive()) {
                        throw new AssertionError("no such line: " + String.join("\n", lines));
                    }
                    lines.wait(Math.min(left, 500));
                }
            }
        }

        void signal(String name) throws Exception {
            assertEquals(0, new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).start().waitFor());
        }

        int waitFor() throws Exception {
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("still running a minute after the signal:\n" + output());
            }
            reader.join(5_000);
            return process.exitValue();
        }

        String output() {
            synchronized (lines) {
                return String.join("\n", lines);
            }
        }
    }
}
