package dev.hackathon.infra.cli;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import dev.hackathon.infra.aws.AwsSessionFactory;
import dev.hackathon.infra.engine.Clock;

/**
 * What the commands touch outside themselves: the streams, the environment, whether a
 * person is at a terminal, how AWS sessions are opened, and the clock. Tests pass their own.
 */
public record CliContext(PrintStream out, PrintStream err, BufferedReader in, Map<String, String> env,
                         boolean interactive, AwsSessionFactory sessions, Clock clock) {

    /** Whether a person is at a terminal (the JVM's console: standard input and output are one). */
    static boolean terminal() {
        return System.console() != null;
    }

    public static CliContext system() {
        Map<String, String> env = System.getenv();
        return new CliContext(System.out, System.err,
                new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)), env,
                terminal(), new AwsSessionFactory(java.util.List.of(), env), Clock.SYSTEM);
    }
}
