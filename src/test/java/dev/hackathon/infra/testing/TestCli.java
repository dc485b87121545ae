package dev.hackathon.infra.testing;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.StringReader;
import java.io.UncheckedIOException;
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
 * can prove that a config error made no AWS call at all.
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
    public final Map<String, String> env = new HashMap<>();
    public final AtomicInteger sessionsOpened = new AtomicInteger();
    private final MotoServer moto;
    private Clock clock = new VirtualClock(System.currentTimeMillis());
    private final List<ExecutionInterceptor> interceptors = new ArrayList<>();
    private boolean interactive;
    private boolean realCredentials;
    private String stdin = "";

    public TestCli(MotoServer moto) {
        this.moto = moto;
    }

    public TestCli interactive(String input) {
        this.interactive = true;
        this.stdin = input;
        return this;
    }

    /**
     * Adds an interceptor after the fault injector and the recorder. The SDK runs after-hooks
     * in reverse order, so it sees each answer first: a {@link CrashAfter} that throws there
     * is recorded as that call's failure.
     */
    public TestCli intercept(ExecutionInterceptor interceptor) {
        interceptors.add(interceptor);
        return this;
    }

    /**
     * Credentials the way the tool really gets them (the named profile, SSO included, else
     * the SDK's default chain) instead of fixed test keys.
     */
    public TestCli realCredentials() {
        this.realCredentials = true;
        return this;
    }

    public TestCli clock(Clock c) {
        this.clock = c;
        return this;
    }

    /** Runs with --endpoint-url pointing at moto; the args name everything else. */
    public Result run(String... args) {
        List<String> all = new ArrayList<>(List.of("--endpoint-url", moto.endpoint().toString()));
        all.addAll(List.of(args));
        return runRaw(all.toArray(String[]::new));
    }

    /** Runs exactly these arguments. */
    public Result runRaw(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        List<ExecutionInterceptor> chain = new ArrayList<>(List.of(faults, calls));
        chain.addAll(interceptors);
        AwsSessionFactory sessions = new AwsSessionFactory(chain) {
            @Override
            protected AwsCredentialsProvider credentials(String profile) {
                sessionsOpened.incrementAndGet();
                return realCredentials ? super.credentials(profile)
                        : StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"));
            }
        };
        CliContext ctx = new CliContext(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), new BufferedReader(new StringReader(stdin)),
                Map.copyOf(env), interactive, sessions, clock);
        int exit = HackathonInfra.execute(ctx, args);
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
