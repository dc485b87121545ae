package dev.hackathon.infra.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.hackathon.infra.aws.AwsSession;
import dev.hackathon.infra.engine.VirtualClock;
import dev.hackathon.infra.stack.RunLock;
import dev.hackathon.infra.testing.FaultInjector;
import dev.hackathon.infra.testing.MotoServer;
import dev.hackathon.infra.testing.RecordingInterceptor;
import dev.hackathon.infra.testing.SsmContention;
import dev.hackathon.infra.testing.TestCli;
import dev.hackathon.infra.testing.TestCli.Result;
import dev.hackathon.infra.testing.WithMoto;

/**
 * The run lock under SSM contention ({@link SsmContention}): TooManyUpdates and throttling for a
 * span shorter than the lock's windows are ridden through, taking the lock and renewing it; for
 * longer, taking it ends with a clear error and no lock left behind, and a held lock's run stops
 * before its next change naming the reason.
 */
@WithMoto
class LockContentionTest {

    private static final Map<String, String> ENV = Map.of("USER", "dana", "HOSTNAME", "contention-host");

    @TempDir
    Path dir;

    @Test
    void concurrentUpdatesForAWhileDelayTakingAndRenewingTheLockButEndNothing(AwsSession aws, FaultInjector faults)
            throws Exception {
        VirtualClock clock = new VirtualClock(System.currentTimeMillis());
        RunLock lock = onOneClock(aws, faults, clock, "contended1");
        SsmContention ssm = SsmContention.on(faults);
        long start = clock.nowMillis();
        FaultInjector.Rule taking = ssm.concurrentUpdates(lock.parameterName(), Duration.ofSeconds(20));

        lock.acquire("up", ENV, Duration.ZERO, n -> { });

        assertTrue(taking.fired() > 0, "refused while the other writer wrote");
        assertTrue(clock.nowMillis() >= start + 20_000, "taken once the other writer was done");
        RunLock.Holder mine = lock.read().orElseThrow();
        assertEquals("dana", mine.who());

        clock.advance(46_000); // a renewal is due, and meets another burst of writes
        FaultInjector.Rule renewing = ssm.concurrentUpdates(lock.parameterName(), Duration.ofSeconds(30));
        lock.checkLease();
        assertTrue(renewing.fired() > 0, "the renewal was refused");
        clock.advance(40_000);
        lock.checkLease(); // the lease still had time; the burst is over and the renewal goes through

        Instant renewedExpiry = lock.read().orElseThrow().expires();
        assertTrue(renewedExpiry.isAfter(mine.expires()), renewedExpiry + " after " + mine.expires());
        lock.close();
        assertFalse(lock.read().isPresent(), "released");
    }

    @Test
    void throttlingForAMomentIsRetriedByTheSdkAndTheLockIsTaken(AwsSession aws, FaultInjector faults) throws Exception {
        // The injector keeps the wall clock here: the SDK's backoff between attempts is real time.
        VirtualClock clock = new VirtualClock(System.currentTimeMillis());
        RunLock lock = new RunLock(aws.ssm(), "contended2", clock);
        FaultInjector.Rule throttled = SsmContention.on(faults).throttled(Duration.ofMillis(1_500));

        lock.acquire("up", ENV, Duration.ZERO, n -> { });

        assertTrue(throttled.fired() > 0, "throttled first");
        assertEquals("dana", lock.read().orElseThrow().who());
        lock.close();
        assertFalse(lock.read().isPresent(), "released");
    }

    @Test
    void concurrentUpdatesLongerThanTheLocksWindowEndUpWithAClearErrorAndNoLockLeft(MotoServer moto, AwsSession aws) {
        String config = TestCli.seedConfig(dir, "contended3").toString();
        TestCli cli = new TestCli(moto);
        RunLock lock = new RunLock(aws.ssm(), "contended3", cli.clock());
        FaultInjector.Rule refused = SsmContention.on(cli.faults)
                .concurrentUpdates(lock.parameterName(), Duration.ofMinutes(10));

        Result up = cli.run("up", "--skip-preflight", "--config", config);

        assertEquals(1, up.exit(), up::toString);
        assertTrue(refused.fired() > 1, "tried again before giving up");
        assertTrue(up.err().contains("error: could not take the run lock /hackathon-infra/contended3/lock: SSM kept"
                + " answering for 60 s with TooManyUpdates: There are concurrent updates"), up::toString);
        assertTrue(up.err().contains("fix: run the command again"), up::toString);
        assertFalse(up.err().contains("ContendedException") || up.err().contains("\tat "), "no stack trace: " + up);
        assertEquals(List.of(), cli.calls.mutatingCalls().stream().filter(RecordingInterceptor.Call::succeeded)
                .map(RecordingInterceptor.Call::name).toList(), "nothing changed");
        assertFalse(lock.read().isPresent(), "no lock left behind");
    }

    @Test
    void renewalsRefusedForLongerThanTheLeaseAllowsStopTheRunNamingWhy(AwsSession aws, FaultInjector faults)
            throws Exception {
        VirtualClock clock = new VirtualClock(System.currentTimeMillis());
        RunLock lock = onOneClock(aws, faults, clock, "contended4");
        lock.acquire("up", ENV, Duration.ZERO, n -> { });
        SsmContention.on(faults).concurrentUpdates(lock.parameterName(), Duration.ofMinutes(10));

        clock.advance(60_000);
        lock.checkLease(); // the renewal is refused, the lease still has two minutes
        clock.advance(80_000);
        RunLock.LeaseLapsed e = assertThrows(RunLock.LeaseLapsed.class, lock::checkLease);

        assertTrue(e.getMessage().contains("last renewed 140 s ago") && e.getMessage().contains(
                "renewing it fails (TooManyUpdates: There are concurrent updates"), e.getMessage());
        lock.close();
        assertFalse(lock.read().isPresent(), "its own lock released all the same");
    }

    /** A lock on a virtual clock that the injector's contention spans follow too. */
    private static RunLock onOneClock(AwsSession aws, FaultInjector faults, VirtualClock clock, String stack) {
        faults.clock(clock::nowMillis);
        return new RunLock(aws.ssm(), stack, clock);
    }
}
