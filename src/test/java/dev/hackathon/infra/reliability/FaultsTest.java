package dev.hackathon.infra.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.SortedSet;
import java.util.regex.Pattern;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

import dev.hackathon.infra.aws.AwsSession;
import dev.hackathon.infra.testing.FaultInjector;
import dev.hackathon.infra.testing.MotoServer;
import dev.hackathon.infra.testing.StackInventory;
import dev.hackathon.infra.testing.TestCli;
import dev.hackathon.infra.testing.TestCli.Result;
import dev.hackathon.infra.testing.WithMoto;

/**
 * A bad day at AWS: on every call, 20% of attempts throttled ({@code RequestLimitExceeded} on
 * EC2, {@code Throttling} / {@code ThrottlingException} elsewhere) and 5% answered HTTP 5xx
 * without being executed, a fifth of those with a body that does not parse (no error code),
 * for several seeds, on top of the AWS behaviour layer. {@code up} and {@code down} of the full
 * stack still succeed, with one resource per key and nothing left behind, and no exception
 * type ever reaches the user as its bare class name.
 */
@WithMoto
class FaultsTest {

    static final double THROTTLED = 0.20;
    static final double SERVER_ERROR = 0.05;
    static final double UNPARSABLE = 0.01;

    @TempDir
    Path dir;

    /** What a Java exception's bare name looks like in output (AWS error codes such as ThrottlingException are not these). */
    static final Pattern BARE_EXCEPTION = Pattern.compile("\\b(NullPointer|IllegalState|IllegalArgument|ClassCast"
            + "|IndexOutOfBounds|ArrayIndexOutOfBounds|UnsupportedOperation|Runtime|ConcurrentModification|Completion"
            + "|Execution|SdkClient|Interrupted|UncheckedIO|IO|NoSuchElement|NumberFormat)Exception\\b|\\bjava\\.[a-z]+\\.");

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {7, 11, 23})
    void upAndDownSucceedWhileAFifthOfCallsAreThrottledAndOneInTwentyFails(long seed, MotoServer moto, AwsSession aws) {
        String stack = "faulty-" + seed;
        String config = TestCli.seedConfig(dir, stack).toString();
        SortedSet<String> before = StackInventory.account(aws);
        TestCli cli = new TestCli(moto);
        cli.faults.seed(seed);
        // The first rule that fires wins: 5% of attempts get a 5xx (1% one whose body does not
        // parse, 4% a 500), and of the other 95% a share of 0.20 / 0.95 is throttled, so 20% of
        // all attempts are.
        cli.faults.on("*").unparsable(502).withProbability(UNPARSABLE);
        cli.faults.fail("*", "InternalError", 500).withProbability((SERVER_ERROR - UNPARSABLE) / (1 - UNPARSABLE));
        cli.faults.throttle("*").withProbability(THROTTLED / (1 - SERVER_ERROR));
        cli.faults.clearInjected();

        long t0 = System.nanoTime();
        Result up = cli.run("up", "--config", config);
        long upMillis = (System.nanoTime() - t0) / 1_000_000;
        assertEquals(0, up.exit(), up::toString);
        List<FaultInjector.Injected> upFaults = cli.faults.injected();
        Stacks.assertWholeAndHealthy(cli, config, aws, stack); // status, under the same faults
        cli.faults.clearInjected();
        long t1 = System.nanoTime();
        Result down = cli.run("down", "--yes", "--config", config);
        long downMillis = (System.nanoTime() - t1) / 1_000_000;
        List<FaultInjector.Injected> downFaults = cli.faults.injected();
        Stacks.assertDownLeftNothing(down, aws, stack, before);

        for (Result r : List.of(up, down)) {
            assertFalse(BARE_EXCEPTION.matcher(r.out() + r.err()).find(), r::toString);
        }
        System.err.println("seed " + seed + ": up " + upMillis + " ms with " + upFaults.size() + " faults; down "
                + downMillis + " ms with " + downFaults.size() + " faults");
        for (List<FaultInjector.Injected> faults : List.of(upFaults, downFaults)) {
            assertTrue(faults.stream().filter(f -> f.kind() == FaultInjector.Kind.THROTTLE).count() > 5, faults::toString);
            assertTrue(faults.stream().anyMatch(f -> f.kind() == FaultInjector.Kind.ERROR), faults::toString);
        }
        List<FaultInjector.Injected> all = new java.util.ArrayList<>(upFaults);
        all.addAll(downFaults);
        assertTrue(all.stream().anyMatch(f -> f.kind() == FaultInjector.Kind.UNPARSABLE), "errors without a code too");
    }
}
