package dev.hackathon.infra.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.stream.IntStream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

import dev.hackathon.infra.aws.AwsSession;
import dev.hackathon.infra.engine.VirtualClock;
import dev.hackathon.infra.stack.RunLock;
import dev.hackathon.infra.testing.CrashAfter;
import dev.hackathon.infra.testing.MotoServer;
import dev.hackathon.infra.testing.StackInventory;
import dev.hackathon.infra.testing.TestCli;
import dev.hackathon.infra.testing.TestCli.Result;
import dev.hackathon.infra.testing.WithMoto;

/**
 * Crash at any point (half of the points here, the other half in {@link CrashEvenPointsTest},
 * so that the suite's two forks share the longest test): the process dies right after the k-th successful mutating AWS call of
 * {@code up} (that call did its work, its answer never arrived, nothing after it was sent),
 * for every k from 1 to the number of mutating calls a clean {@code up} makes; a new process
 * running {@code up} then converges to exactly the full stack, and is healthy. The same for
 * {@code down}: it dies after its k-th mutating call, and a new {@code down} leaves nothing.
 *
 * <p>One dynamic test per k does both (up, then down of the stack up just built), on a stack
 * of its own, so every up crash point also ends in a down that is checked. The dead run
 * leaves its run lock behind, as a killed process does; the next run comes "later" (its clock
 * past the lock's expiry) and takes the lock over.
 */
@WithMoto
abstract class CrashPoints {

    @TempDir
    Path dir;

    /** The account after the last k (checked equal to before it), the next k's starting point. */
    private SortedSet<String> account;

    /** What a clean run of the full stack does: its mutating calls and what it leaves. */
    private record Reference(int upCalls, int downCalls, Map<String, List<String>> stack) {
    }

    /** Which of the crash points this class runs: every k together, each k once. */
    abstract boolean runs(int k);

    @TestFactory
    List<DynamicTest> upAndDownConvergeAfterACrashAtEveryMutatingCall(MotoServer moto, AwsSession aws) {
        Reference ref = reference(moto, aws);
        int points = Math.max(ref.upCalls(), ref.downCalls());
        System.err.println("crash points: up " + ref.upCalls() + ", down " + ref.downCalls());
        List<DynamicTest> tests = new ArrayList<>();
        IntStream.rangeClosed(1, points).filter(this::runs).mapToObj(k -> DynamicTest.dynamicTest(
                (k <= ref.upCalls() ? "up dies after mutating call " + k + " of " + ref.upCalls() : "up runs whole")
                        + (k <= ref.downCalls() ? ", down after " + k + " of " + ref.downCalls() : ", down runs whole"),
                () -> crashAt(k, ref, moto, aws))).forEach(tests::add);
        return tests;
    }

    private Reference reference(MotoServer moto, AwsSession aws) {
        Path config = TestCli.seedConfig(dir, "crash-ref");
        SortedSet<String> before = StackInventory.account(aws);
        TestCli cli = new TestCli(moto);
        Result up = cli.run("up", "--config", config.toString());
        assertEquals(0, up.exit(), up::toString);
        int upCalls = successfulMutatingCalls(cli);
        Map<String, List<String>> stack = StackInventory.of(aws, "crash-ref");
        assertEquals(Map.of(), StackInventory.duplicates(stack), "a clean up makes one resource per key");
        cli.calls.clear();
        account = Stacks.assertDownLeavesNothing(cli, config.toString(), aws, "crash-ref", before);
        return new Reference(upCalls, successfulMutatingCalls(cli), stack);
    }

    private void crashAt(int k, Reference ref, MotoServer moto, AwsSession aws) {
        long t0 = System.nanoTime();
        String stack = "crash-" + k;
        String config = TestCli.seedConfig(dir, stack).toString();
        SortedSet<String> before = account == null ? StackInventory.account(aws) : account;
        account = null; // listed again after this k, whatever happens
        CrashAfter upCrash = k <= ref.upCalls() ? dieAfter(k, moto, "up", config) : null;
        TestCli next = new TestCli(moto).clock(afterTheLockExpired());
        Result up = next.run("up", "--config", config);
        assertEquals(0, up.exit(), () -> "a new up after the crash: " + up);
        assertTookOverTheLock(upCrash, up);
        Map<String, List<String>> built = Stacks.assertWholeAndHealthy(next, config, aws, stack);
        assertEquals(keysAndCounts(ref.stack()), keysAndCounts(built), "exactly the full stack: one resource per key, nothing else");

        CrashAfter downCrash = k <= ref.downCalls() ? dieAfter(k, moto, "down", config, "--yes") : null;
        Result down = new TestCli(moto).clock(afterTheLockExpired()).run("down", "--yes", "--config", config);
        account = Stacks.assertDownLeftNothing(down, aws, stack, before);
        assertTookOverTheLock(downCrash, down);
        System.err.println("k=" + k + " " + (System.nanoTime() - t0) / 1_000_000 + " ms");
    }

    /** Runs the command in a process that dies after its k-th mutating call; checks it died. */
    private static CrashAfter dieAfter(int k, MotoServer moto, String command, String config, String... more) {
        CrashAfter crash = new CrashAfter(k);
        List<String> args = new ArrayList<>(List.of(command, "--config", config));
        args.addAll(List.of(more));
        Result died = new TestCli(moto).intercept(crash).run(args.toArray(String[]::new));
        assertTrue(crash.died(), () -> command + " made fewer than " + k + " mutating calls: " + died);
        assertNotEquals(0, died.exit(), died::toString);
        return crash;
    }

    /** The dead run left its lock (unless its last call released it), and the new run says it took it over. */
    private static void assertTookOverTheLock(CrashAfter crash, Result next) {
        if (crash != null) {
            assertEquals(!crash.fatalCall().equals("ssm:DeleteParameter"), next.err().contains("took over the run lock"),
                    () -> "after " + crash + ": " + next);
        }
    }

    /** A clock for a run that starts after a dead run's lock lapsed (nobody renewed it). */
    private static VirtualClock afterTheLockExpired() {
        return new VirtualClock(System.currentTimeMillis() + RunLock.TTL.toMillis() + 60_000);
    }

    private static int successfulMutatingCalls(TestCli cli) {
        return (int) cli.calls.mutatingCalls().stream().filter(c -> c.succeeded()).count();
    }

    /** Label → how many resources carry it: ids differ from stack to stack, counts must not. */
    private static Map<String, Integer> keysAndCounts(Map<String, List<String>> inventory) {
        Map<String, Integer> out = new java.util.TreeMap<>();
        inventory.forEach((label, ids) -> out.put(label, ids.size()));
        return out;
    }
}
