package dev.hackathon.infra.testing;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import dev.hackathon.infra.aws.AwsSessionFactory;
import dev.hackathon.infra.cli.CliContext;
import dev.hackathon.infra.cli.HackathonInfra;
import dev.hackathon.infra.engine.Clock;
import dev.hackathon.infra.engine.VirtualClock;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

/**
 * Runs the real command line in-process against moto: stdout and stderr captured apart,
 * every AWS call recorded (and faults injectable), no terminal unless asked, a virtual clock
 * so waits and retries take no real time. Counts how often a session was opened, so a test
 * can prove that a config error made no AWS call at all. Every run closes what it opened,
 * the behaviour layer's own session to moto included ({@link #behaviourSessionOpen}).
 */
public final class TestCli {

    /** What one run printed and returned. */
    public record Result(int exit, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exit + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    public final RecordingInterceptor calls = new RecordingInterceptor();
    public final FaultInjector faults = new FaultInjector();
    /**
     * The environment the CLI sees. Starts with AWS_CONFIG_FILE and AWS_SHARED_CREDENTIALS_FILE
     * pointing at files that do not exist, so this machine's ~/.aws never leaks into a test.
     */
    public final Map<String, String> env = new HashMap<>(Map.of(
            "AWS_CONFIG_FILE", "/nonexistent/hackathon-infra-test/config",
            "AWS_SHARED_CREDENTIALS_FILE", "/nonexistent/hackathon-infra-test/credentials"));
    public final AtomicInteger sessionsOpened = new AtomicInteger();
    private final URI endpoint;
    private Clock clock = new VirtualClock(System.currentTimeMillis());
    private final List<ExecutionInterceptor> interceptors = new ArrayList<>();
    private boolean interactive;
    private String stdin = "";
    private boolean profileCredentials;
    private AwsBehaviour behaviour;

    /** {@code moto} null: only {@link #runRaw} without an endpoint (help, usage errors). */
    public TestCli(MotoServer moto) {
        this(moto == null ? null : moto.endpoint());
    }

    private TestCli(URI endpoint) {
        this.endpoint = endpoint;
        // The layer's windows follow the run's clock, also one a test sets later.
        faults.clock(() -> clock.nowMillis());
        this.behaviour = endpoint == null ? null : AwsBehaviour.install(faults, endpoint);
    }

    /** Against a moto this JVM did not start (scripts/bench runs one for all its measurements). */
    public static TestCli at(URI endpoint) {
        return new TestCli(endpoint);
    }

    public TestCli interactive(String input) {
        this.interactive = true;
        this.stdin = input;
        return this;
    }

    /**
     * Credentials from the profile files that {@link #env} names (AWS_CONFIG_FILE), through the
     * SDK's real profile and SSO providers, instead of fixed test keys.
     */
    public TestCli profileCredentials() {
        this.profileCredentials = true;
        return this;
    }

    /**
     * Without the {@link AwsBehaviour} layer (on by default): only for a test that studies moto
     * itself, with a comment why. Call before the first run.
     */
    public TestCli plainMoto() {
        if (behaviour != null) {
            behaviour.close();
            behaviour = null;
            faults.forgetAll();
        }
        return this;
    }

    public TestCli clock(Clock c) {
        this.clock = c;
        return this;
    }

    /** The clock runs see: virtual unless a test set another. */
    public Clock clock() {
        return clock;
    }

    /**
     * Adds an interceptor to every session after the injector and the recorder, e.g. one that
     * rewrites an answer moto cannot give (moto reports every registered running instance healthy).
     */
    public TestCli intercept(ExecutionInterceptor interceptor) {
        interceptors.add(interceptor);
        return this;
    }

    /** Whether the behaviour layer holds a session to moto now: never between runs. */
    public boolean behaviourSessionOpen() {
        return behaviour != null && behaviour.teardown().sessionOpen();
    }

    /** How many sessions to moto the behaviour layer opened so far (its rules open one when they ask). */
    public int behaviourSessionsOpened() {
        return behaviour == null ? 0 : behaviour.teardown().sessionsOpened();
    }

    /** Runs with --endpoint-url pointing at moto; the args name everything else. */
    public Result run(String... args) {
        List<String> all = new ArrayList<>(List.of("--endpoint-url", endpoint.toString()));
        all.addAll(List.of(args));
        return runRaw(all.toArray(String[]::new));
    }

    /** Runs exactly these arguments. */
    public Result runRaw(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        List<ExecutionInterceptor> all = new ArrayList<>(List.of(faults, calls));
        all.addAll(interceptors);
        AwsSessionFactory sessions = new AwsSessionFactory(List.copyOf(all), env) {
            @Override
            protected AwsCredentialsProvider credentials(String profile) {
                sessionsOpened.incrementAndGet();
                return profileCredentials ? super.credentials(profile)
                        : StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"));
            }
        };
        CliContext ctx = new CliContext(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), new BufferedReader(new StringReader(stdin)),
                Map.copyOf(env), interactive, sessions, clock);
        int exit;
        try {
            exit = HackathonInfra.execute(ctx, args);
        } finally {
            if (behaviour != null) {
                behaviour.close(); // its session to moto; the next run opens one again if a rule asks
            }
        }
        return new Result(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** The seed config under another stack name, without the profile line, written to dir. */
    public static Path seedConfig(Path dir, String stack) {
        try {
            String seed = Files.readString(Path.of("config/hackathon.yaml"));
            String text = seed.replaceFirst("(?m)^stack: hackathon", "stack: " + stack)
                    .replaceFirst("(?m)^profile: .*\\n", "");
            Path file = dir.resolve(stack + ".yaml");
            Files.writeString(file, text);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
