package dev.hackathon.infra.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.hackathon.infra.aws.AwsSession;
import dev.hackathon.infra.engine.VirtualClock;
import dev.hackathon.infra.stack.RunLock;
import dev.hackathon.infra.testing.FaultInjector;
import dev.hackathon.infra.testing.WithMoto;
import software.amazon.awssdk.services.ssm.model.ParameterType;

/**
 * The run lock fences: a holder whose renewals fail stops before its next change once its
 * lease may have lapsed; a holder whose lock was taken stops at once; release deletes only
 * its own lock; a lock is taken over only once its lease expired, whatever its pid (two CI
 * containers with one host name see each other's pids as dead). SSM is moto's; time is a
 * virtual clock, so nothing waits out a lease.
 */
@WithMoto
class LockFencingTest {

    private static final Map<String, String> ENV = Map.of("USER", "dana", "HOSTNAME", "fence-host");

    @Test
    void renewalsThatKeepFailingStopTheRunBeforeItsNextChange(AwsSession aws, FaultInjector faults) throws Exception {
        VirtualClock clock = new VirtualClock(System.currentTimeMillis());
        RunLock lock = new RunLock(aws.ssm(), "fence1", clock);
        lock.acquire("up", ENV, java.time.Duration.ZERO, n -> { });
        try {
            lock.checkLease(); // just taken: fine

            faults.fail("ssm:*", "InternalServerError", 500); // every renewal from here on fails
            clock.advance(60_000);
            lock.checkLease(); // renewal due and failed, but the lease still has two minutes
            clock.advance(80_000);

            RunLock.LeaseLapsed e = assertThrows(RunLock.LeaseLapsed.class, lock::checkLease);
            assertTrue(e.getMessage().contains("last renewed 140 s ago") && e.getMessage().contains("renewing it fails"),
                    e.getMessage());
        } finally {
            faults.clearRules();
            lock.close();
        }
    }

    @Test
    void aHolderWhoseLockWasTakenStopsAtOnceAndItsReleaseLeavesTheOtherRunsLock(AwsSession aws) throws Exception {
        VirtualClock clock = new VirtualClock(System.currentTimeMillis());
        RunLock mine = new RunLock(aws.ssm(), "fence2", clock);
        mine.acquire("up", ENV, java.time.Duration.ZERO, n -> { });
        // A teammate broke it (unlock) and took it.
        aws.ssm().deleteParameter(r -> r.name(mine.parameterName()));
        putLock(aws, mine.parameterName(), "erin", "other-host", 4242, Instant.now().plusSeconds(180));

        clock.advance(46_000); // the next change comes after a renewal is due
        RunLock.LeaseLapsed e = assertThrows(RunLock.LeaseLapsed.class, mine::checkLease);
        assertTrue(e.getMessage().contains("no longer this run's") && e.getMessage().contains("erin"), e.getMessage());

        mine.close();
        assertEquals("erin", mine.read().orElseThrow().who(), "only the holder's own lock is ever deleted");
        aws.ssm().deleteParameter(r -> r.name(mine.parameterName()));
    }

    @Test
    void aLockOfThisHostNameIsWaitedForWhateverItsPidAndTakenOverOnlyOnceItsLeaseExpired(AwsSession aws)
            throws Exception {
        Process p = new ProcessBuilder("true").start();
        p.waitFor();
        long deadPid = p.pid(); // what another container with this host name looks like from here
        VirtualClock clock = new VirtualClock(System.currentTimeMillis());
        RunLock lock = new RunLock(aws.ssm(), "fence3", clock);
        Instant expires = Instant.ofEpochMilli(clock.nowMillis()).plusSeconds(170);
        putLock(aws, lock.parameterName(), "dana", "fence-host", deadPid, expires);
        List<String> notes = new ArrayList<>();

        // Waited for like any holder: exit 5 at once without --lock-timeout ...
        assertThrows(RunLock.HeldException.class, () -> lock.acquire("up", ENV, java.time.Duration.ZERO, notes::add));
        assertEquals("dana", lock.read().orElseThrow().who(), "the lock stays");

        // ... and with one, taken over only once its lease expired.
        lock.acquire("up", ENV, java.time.Duration.ofMinutes(5), notes::add);

        assertTrue(clock.nowMillis() > expires.toEpochMilli(), "waited out the lease");
        assertTrue(notes.stream().anyMatch(n -> n.contains("took over the run lock of dana on fence-host")
                && n.contains("which expired")), notes.toString());
        assertEquals(ProcessHandle.current().pid(), lock.read().orElseThrow().pid());
        lock.close();
        assertFalse(lock.read().isPresent(), "released");
    }

    private static void putLock(AwsSession aws, String name, String who, String host, long pid, Instant expires) {
        Map<String, Object> holder = new LinkedHashMap<>();
        holder.put("id", "run-of-" + who);
        holder.put("who", who);
        holder.put("host", host);
        holder.put("pid", pid);
        holder.put("command", "up");
        holder.put("since", Instant.now().toString());
        holder.put("expires", expires.toString());
        try {
            String value = new ObjectMapper().writeValueAsString(holder);
            aws.ssm().putParameter(r -> r.name(name).type(ParameterType.STRING).overwrite(true).value(value));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
