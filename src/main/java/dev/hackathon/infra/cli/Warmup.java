package dev.hackathon.infra.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import dev.hackathon.infra.aws.AwsSessionFactory;
import dev.hackathon.infra.engine.Clock;

/**
 * Runs what short commands run, without AWS, so the launcher can train the start-up cache
 * that makes later starts fast (JDK 25's AOT cache, JDK 17's class-data-sharing archive):
 * {@code --help}, then {@code status} (text and JSON), {@code plan} and an {@code up} with
 * nothing to do, of a complete config ({@link #CONFIG}) through the real command line,
 * credentials from a profile file, the real SDK clients and HTTP client, against
 * {@link RecordedAws} on 127.0.0.1: answers recorded from moto for the complete, healthy
 * stack, so every command exits 0 as on a real stack, and nothing is written (a mutating
 * call fails the warm-up). Output goes nowhere; nothing touches the network beyond the
 * loopback.
 */
public final class Warmup {

    /**
     * The stack the warm-up asks about, the recording's too: every kind the seed config
     * builds (config/hackathon.yaml), under its own name and profile.
     */
    static final String CONFIG = String.join("\n",
            "stack: warmup",
            "region: ap-northeast-1",
            "profile: warmup",
            "tags: {Project: warmup}",
            "network: {cidr: 10.0.0.0/16, availabilityZones: [ap-northeast-1a, ap-northeast-1c]}",
            "database: {engine: postgres, version: \"16\", instanceClass: db.t4g.micro, storageGb: 20, name: app,",
            "  username: app, backupRetentionDays: 1, deletionProtection: false, finalSnapshot: false}",
            "cache: {engine: valkey, nodeType: cache.t4g.micro}",
            "instance: {type: t3.small, ami: al2023, volumeGb: 20}",
            "bedrock: {region: us-east-1, models: [anthropic.claude-3-haiku-20240307-v1:0]}",
            "loadBalancer:",
            "  targets:",
            "    app: {port: 3000, healthCheckPath: /}",
            "    api: {port: 80, healthCheckPath: /up}",
            "  rules:",
            "    - {host: example.com, target: app, priority: 100}",
            "    - {host: api.example.com, target: api, priority: 101}",
            "dns: {zone: none}",
            "");

    private Warmup() {
    }

    public static void main(String[] args) throws IOException {
        try (RecordedAws aws = RecordedAws.replaying()) {
            warmUp(aws);
        }
    }

    /**
     * Runs the warm-up's commands against {@code aws}; throws when one exits otherwise than on a
     * complete, healthy stack (it would train the wrong path) or when one tried to write.
     */
    static void warmUp(RecordedAws aws) throws IOException {
        Path dir = Files.createTempDirectory("hackathon-infra-warmup");
        try {
            String config = write(dir.resolve("hackathon.yaml"), CONFIG).toString();
            Map<String, String> env = Map.of("AWS_CONFIG_FILE", write(dir.resolve("aws-config"),
                    "[profile warmup]\naws_access_key_id = warmup\naws_secret_access_key = warmup\n").toString(),
                    "AWS_SHARED_CREDENTIALS_FILE", dir.resolve("no-credentials").toString());
            String endpoint = aws.endpoint().toString();
            run(env, "--help");
            run(env, "status", "--help");
            run(env, "status", "--config", config, "--endpoint-url", endpoint);
            run(env, "status", "--config", config, "--endpoint-url", endpoint, "--output", "json");
            run(env, "plan", "--config", config, "--endpoint-url", endpoint);
            run(env, "up", "--config", config, "--endpoint-url", endpoint);
            if (!aws.refused().isEmpty()) {
                throw new IllegalStateException("warm-up: mutating calls reached the stand-in: " + aws.refused());
            }
        } finally {
            try (var files = Files.list(dir)) {
                for (Path p : files.toList()) {
                    Files.deleteIfExists(p);
                }
            }
            Files.deleteIfExists(dir);
        }
    }

    /** Runs the command line; one that does not exit 0 warms up the wrong path, so the warm-up fails. */
    private static void run(Map<String, String> env, String... args) {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = HackathonInfra.execute(new CliContext(new PrintStream(OutputStream.nullOutputStream()),
                new PrintStream(err, true, StandardCharsets.UTF_8), null, env, false,
                new AwsSessionFactory(List.of(), env), Clock.SYSTEM), args);
        if (exit != ExitCodes.OK) {
            throw new IllegalStateException("warm-up: `" + String.join(" ", args) + "` exited " + exit + ", not "
                    + ExitCodes.OK + "\n" + err.toString(StandardCharsets.UTF_8));
        }
    }

    private static Path write(Path file, String text) {
        try {
            return Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
