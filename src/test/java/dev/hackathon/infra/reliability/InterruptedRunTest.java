package dev.hackathon.infra.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;
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
 * The run after an interrupted one, at every slow moment ({@link MidRunTest#DURING_DOWN},
 * {@link MidRunTest#DURING_UP}), through the AWS behaviour layer: a {@code down} killed right
 * after that call leaves the cache, the database, the NAT gateway deleting and the instance
 * shutting-down; the next {@code up} waits for each to go, creates it anew and converges to the
 * whole healthy stack with one resource per key. An {@code up} killed right after that call
 * leaves the cache and the database creating, new ids not yet known; the next {@code down}
 * leaves nothing.
 *
 * <p>The killed process leaves its run lock; the next run starts at the very moment it died
 * (its clock continues the dead run's), so every slow state is still under way: the person
 * breaks the dead run's lock with {@code unlock --yes}, as after a cancelled CI job, and runs
 * the command (a closed laptop lid is CrashTest's case: there the next run comes after the
 * lock's expiry, takes it over, and most waits are over).
 * One stack serves every moment of a kind: each check ends in the state the next one starts from
 * (whole after an up, nothing after a down). The runs after the first skip {@code up}'s preflight
 * (read-only checks of the account, no part of what an interrupted run left), for time.
 */
@WithMoto
class InterruptedRunTest {

    /** Moments after which the dead down left something being deleted that the next up must wait for. */
    private static final Set<String> LEAVES_ONE_GOING = Set.of("ec2:TerminateInstances",
            "elasticache:DeleteReplicationGroup", "rds:DeleteDBInstance", "ec2:DeleteNatGateway");

    @TempDir
    Path dir;

    @Test
    void upAfterAKilledDownConvergesAndDownAfterAKilledUpLeavesNothingAtEverySlowMoment(MotoServer moto,
                                                                                      AwsSession aws) {
        long t0 = System.nanoTime();
        String stack = "interrupted";
        String config = TestCli.seedConfig(dir, stack).toString();
        SortedSet<String> before = StackInventory.account(aws);
        TestCli first = new TestCli(moto);
        Result built = first.run("up", "--config", config);
        assertEquals(0, built.exit(), built::toString);
        Map<String, Integer> whole = keysAndCounts(Stacks.assertWholeAndHealthy(first, config, aws, stack));
        List<String> problems = new ArrayList<>();

        for (String moment : MidRunTest.DURING_DOWN) {
            long t = System.nanoTime();
            TestCli dead = killedAfter(moment, moto, aws, stack, "down", "--yes", "--config", config);
            TestCli next = startingWhereItDied(dead, moto, config);
            if (LEAVES_ONE_GOING.contains(moment)) {
                // A create that waits, not a replacement: nothing is lost, so up (no --yes) does not ask.
                Result plan = next.run("plan", "--config", config);
                if (plan.exit() != 3 || !plan.out().contains("will be created once this old one is gone")
                        || !plan.out().contains("-> gone, then created anew") || plan.out().contains("must be replaced")) {
                    problems.add("plan after a down killed after " + moment + ": " + plan);
                }
            }
            Result up = next.run("up", "--skip-preflight", "--config", config);
            assertEquals(0, up.exit(), () -> "up after a down killed after " + moment + ": " + up);
            if (LEAVES_ONE_GOING.contains(moment) && !up.err().contains("waiting until the old one is gone")) {
                problems.add("after " + moment + " the up met nothing still being deleted: " + up.err());
            }
            assertEquals(whole, keysAndCounts(Stacks.assertWholeAndHealthy(next, config, aws, stack)),
                    "after a down killed after " + moment + ": the whole stack, one resource per key");
            System.err.println("InterruptedRunTest: down killed after " + moment + ", then up: "
                    + (System.nanoTime() - t) / 1_000_000 + " ms");
        }
        Stacks.assertDownLeavesNothing(first, config, aws, stack, before);
        System.err.println("InterruptedRunTest: up after " + MidRunTest.DURING_DOWN.size() + " killed downs in "
                + (System.nanoTime() - t0) / 1_000_000 + " ms");

        long t1 = System.nanoTime();
        for (String moment : MidRunTest.DURING_UP) {
            long t = System.nanoTime();
            TestCli dead = killedAfter(moment, moto, aws, stack, "up", "--skip-preflight", "--config", config);
            TestCli next = startingWhereItDied(dead, moto, config);
            Result down = next.run("down", "--yes", "--config", config);
            Stacks.assertDownLeftNothing(down, aws, stack + " after an up killed after " + moment, before);
            assertTrue(next.behaviourSessionsOpened() > 0 && !next.behaviourSessionOpen(),
                    "the run closed the behaviour layer's session to moto it opened");
            System.err.println("InterruptedRunTest: up killed after " + moment + ", then down: "
                    + (System.nanoTime() - t) / 1_000_000 + " ms");
        }
        assertEquals(List.of(), problems);
        System.err.println("InterruptedRunTest: down after " + MidRunTest.DURING_UP.size() + " killed ups in "
                + (System.nanoTime() - t1) / 1_000_000 + " ms");
    }

    /**
     * Runs the command in a process that dies right after the first successful {@code moment}
     * call; it leaves its run lock.
     */
    private static TestCli killedAfter(String moment, MotoServer moto, AwsSession aws, String stack, String... args) {
        CrashAfter crash = CrashAfter.afterFirst(moment);
        TestCli dead = new TestCli(moto).intercept(crash);
        Result died = dead.run(args);
        assertTrue(crash.died(), () -> args[0] + " never made " + moment + ": " + died);
        assertNotEquals(0, died.exit(), died::toString);
        assertTrue(new RunLock(aws.ssm(), stack, dead.clock()).read().isPresent(), "the dead run left its lock");
        return dead;
    }

    /**
     * The next run, started the moment the dead one stopped (its virtual clock goes on from
     * there), after breaking the dead run's lock: its lease has not lapsed yet.
     */
    private static TestCli startingWhereItDied(TestCli dead, MotoServer moto, String config) {
        TestCli next = new TestCli(moto).clock(new VirtualClock(dead.clock().nowMillis()));
        Result unlocked = next.run("unlock", "--yes", "--config", config);
        assertTrue(unlocked.exit() == 0 && unlocked.out().contains("Lock broken."), unlocked::toString);
        return next;
    }

    /** Label → how many resources carry it: ids change when a resource is made anew, counts must not. */
    private static Map<String, Integer> keysAndCounts(Map<String, List<String>> inventory) {
        Map<String, Integer> out = new TreeMap<>();
        inventory.forEach((label, ids) -> out.put(label, ids.size()));
        return out;
    }
}
