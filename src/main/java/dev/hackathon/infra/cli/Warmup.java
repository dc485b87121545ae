package dev.hackathon.infra.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.hackathon.infra.aws.AwsSession;
import dev.hackathon.infra.aws.AwsSessionFactory;
import dev.hackathon.infra.engine.Clock;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;

/**
 * Runs what short commands run, without AWS, so the launcher can record the class-data-sharing
 * archive that makes later starts fast ({@code -XX:ArchiveClassesAtExit}): {@code --help},
 * then {@code status} (text and JSON) and {@code plan} of a complete config through the real
 * command line, credentials from a profile file, the real SDK clients and HTTP client, against
 * an {@link EmptyAwsServer} on 127.0.0.1, with every answer's model walked ({@link ModelWalk}).
 * Output goes nowhere; nothing touches the network beyond the loopback.
 */
public final class Warmup {

    private static final String CONFIG = String.join("\n",
            "stack: warmup",
            "region: ap-northeast-1",
            "profile: warmup",
            "tags: {Project: warmup}",
            "instance: {type: t3.small, ami: al2023}",
            "loadBalancer:",
            "  certificateArn: arn:aws:acm:ap-northeast-1:123456789012:certificate/warmup",
            "");

    private Warmup() {
    }

    public static void main(String[] args) throws IOException {
        warmUp();
    }

    /** Runs the warm-up; returns the operations the stand-in answered. */
    static Set<String> warmUp() throws IOException {
        Path dir = Files.createTempDirectory("hackathon-infra-warmup");
        try (EmptyAwsServer aws = new EmptyAwsServer()) {
            Path config = write(dir.resolve("hackathon.yaml"), CONFIG);
            Map<String, String> env = Map.of("AWS_CONFIG_FILE", write(dir.resolve("aws-config"),
                    "[profile warmup]\naws_access_key_id = warmup\naws_secret_access_key = warmup\n").toString(),
                    "AWS_SHARED_CREDENTIALS_FILE", dir.resolve("no-credentials").toString());
            String endpoint = aws.endpoint().toString();
            run(env, ExitCodes.OK, "--help");
            run(env, ExitCodes.OK, "status", "--help");
            // Nothing exists behind the stand-in: status and plan find everything missing.
            run(env, ExitCodes.CHANGES_OR_DRIFT, "status", "--config", config.toString(), "--endpoint-url", endpoint);
            run(env, ExitCodes.CHANGES_OR_DRIFT, "status", "--config", config.toString(), "--endpoint-url", endpoint,
                    "--output", "json");
            run(env, ExitCodes.CHANGES_OR_DRIFT, "plan", "--config", config.toString(), "--endpoint-url", endpoint);
            followUps(aws.endpoint());
            return aws.answered();
        } finally {
            try (var files = Files.list(dir)) {
                for (Path p : files.toList()) {
                    Files.deleteIfExists(p);
                }
            }
            Files.deleteIfExists(dir);
        }
    }

    /** Runs the command line; a warm-up that did not go as planned warms up the wrong path, so it fails. */
    private static void run(Map<String, String> env, int expectedExit, String... args) {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = HackathonInfra.execute(new CliContext(new PrintStream(OutputStream.nullOutputStream()),
                new PrintStream(err, true, StandardCharsets.UTF_8), null, env, false,
                new AwsSessionFactory(List.of(new ModelWalk()), env), Clock.SYSTEM), args);
        if (exit != expectedExit) {
            throw new IllegalStateException("warm-up: `" + String.join(" ", args) + "` exited " + exit + ", not "
                    + expectedExit + "\n" + err.toString(StandardCharsets.UTF_8));
        }
    }

    /**
     * The calls discovery makes only about what it found (none of it, against empty answers):
     * tags of data-tier resources, IAM details, cache members.
     */
    private static void followUps(URI endpoint) {
        try (AwsSession aws = new AwsSession(Region.AP_NORTHEAST_1, endpoint,
                StaticCredentialsProvider.create(AwsBasicCredentials.create("warmup", "warmup")),
                List.of(new ModelWalk()))) {
            List<Runnable> calls = List.of(
                    () -> aws.iam().getRole(r -> r.roleName("warmup")),
                    () -> aws.iam().getInstanceProfile(r -> r.instanceProfileName("warmup")),
                    () -> aws.iam().listRolePolicies(r -> r.roleName("warmup")),
                    () -> aws.iam().getRolePolicy(r -> r.roleName("warmup").policyName("warmup")),
                    () -> aws.iam().listAttachedRolePolicies(r -> r.roleName("warmup")),
                    () -> aws.rds().listTagsForResource(r -> r.resourceName("warmup")),
                    () -> aws.elasticache().listTagsForResource(r -> r.resourceName("warmup")),
                    () -> aws.elasticache().describeCacheClusters(r -> { }),
                    () -> aws.elb().describeTags(r -> r.resourceArns("warmup")),
                    () -> aws.elb().describeLoadBalancerAttributes(r -> r.loadBalancerArn("warmup")),
                    () -> aws.elb().describeListeners(r -> r.loadBalancerArn("warmup")),
                    () -> aws.elb().describeRules(r -> r.listenerArn("warmup")),
                    () -> aws.elb().describeTargetHealth(r -> r.targetGroupArn("warmup")));
            for (Runnable call : calls) {
                try {
                    call.run();
                } catch (RuntimeException e) {
                    // an empty answer some call cannot take: its classes are loaded all the same
                }
            }
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
