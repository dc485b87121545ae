package dev.hackathon.infra.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.hackathon.infra.aws.AwsSession;
import dev.hackathon.infra.engine.Clock;
import dev.hackathon.infra.engine.VirtualClock;
import dev.hackathon.infra.stack.RunLock;
import dev.hackathon.infra.testing.MotoServer;
import dev.hackathon.infra.testing.RecordingInterceptor;
import dev.hackathon.infra.testing.TestCli;
import dev.hackathon.infra.testing.TestCli.Result;
import dev.hackathon.infra.testing.WithMoto;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.services.ssm.model.ParameterType;

/**
 * One run at a time per stack: two runs started together, one waiting with --lock-timeout, a
 * dead run's expired lock taken over, {@code unlock}, and the commands that take no lock.
 * Each run is its own TestCli (its own session, clock and recorder), as two processes are.
 */
@WithMoto
class LockTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void twoUpsStartedTogetherMakeOneStackAndTheLoserNamesTheHolder(MotoServer moto, AwsSession aws) throws Exception {
        String config = TestCli.seedConfig(dir, "race").toString();
        // Whoever wins the lock holds it until the other run has returned, so the two really overlap.
        CountDownLatch oneReturned = new CountDownLatch(1);
        TestCli alice = person(moto, "alice", "laptop-a").intercept(new HoldTheLock(new CountDownLatch(1), oneReturned));
        TestCli bob = person(moto, "bob", "laptop-b").intercept(new HoldTheLock(new CountDownLatch(1), oneReturned));

        List<Result> results = together(oneReturned, () -> alice.run("up", "--config", config),
                () -> bob.run("up", "--config", config));

        List<Integer> exits = results.stream().map(Result::exit).sorted().toList();
        assertEquals(List.of(0, 5), exits, results::toString);
        boolean aliceWon = results.get(0).exit() == 0;
        Result loser = results.get(aliceWon ? 1 : 0);
        String winner = aliceWon ? "alice on laptop-a" : "bob on laptop-b";
        assertTrue(loser.err().contains("stack race is locked by " + winner + " (pid "), loser::toString);
        assertTrue(loser.err().matches("(?s).*`[^`]*up --config [^`]*`\\) since \\d{4}-\\d\\d-\\d\\dT.*"), loser::toString);
        assertTrue(loser.err().contains("hackathon-infra unlock") && loser.err().contains("--lock-timeout"), loser::toString);
        assertEquals(List.of(), successfulMutations(aliceWon ? bob : alice), "the loser changed nothing");
        assertEquals("", loser.out(), "no result on stdout");
        Stacks.assertWholeAndHealthy(alice, config, aws, "race");
        assertEquals(0, alice.run("down", "--yes", "--config", config).exit());
    }

    @Test
    void withALockTimeoutTheSecondRunWaitsForTheFirstThenChangesNothing(MotoServer moto, AwsSession aws) throws Exception {
        String config = TestCli.seedConfig(dir, "queue").toString();
        CountDownLatch held = new CountDownLatch(1);
        CountDownLatch refused = new CountDownLatch(1);
        CountDownLatch released = new CountDownLatch(1);
        // The second run starts once the first holds the lock; the first starts its work only
        // once the second was refused, and says when it has let the lock go; the second's clock
        // sleeps until then instead of for real.
        TestCli first = person(moto, "alice", "laptop-a").intercept(new HoldTheLock(held, refused))
                .intercept(new SignalAfter("DeleteParameter", released));
        TestCli second = person(moto, "bob", "laptop-b").intercept(new SignalOnRefusal(refused))
                .clock(new SleepsUntil(released));

        List<Result> results = together(new CountDownLatch(0), () -> first.run("up", "--config", config),
                () -> {
                    awaitQuietly(held);
                    return second.run("up", "--lock-timeout", "10m", "--config", config);
                });

        assertEquals(0, results.get(0).exit(), () -> results.get(0).toString());
        Result waited = results.get(1);
        assertEquals(0, waited.exit(), waited::toString);
        assertTrue(waited.err().contains("stack queue is locked by alice on laptop-a"), waited::toString);
        assertTrue(waited.err().contains("waiting up to 10 min"), waited::toString);
        assertTrue(second.calls.calls("ssm:PutParameter").stream().anyMatch(c -> !c.succeeded()), "it was refused first");
        assertEquals(List.of("ssm:PutParameter", "ssm:DeleteParameter"), successfulMutations(second),
                "then it took the lock and found nothing to do");
        assertTrue(waited.out().contains("0 created, 0 updated, 0 deleted"), waited::toString);
        Stacks.assertWholeAndHealthy(first, config, aws, "queue");
        assertEquals(0, first.run("down", "--yes", "--config", config).exit());
    }

    @Test
    void aLockThatExpiredIsTakenOverAndALiveOneIsNot(MotoServer moto, AwsSession aws) {
        String config = TestCli.seedConfig(dir, "stale").toString();
        Instant now = Instant.now();
        putLock(aws, "stale", "carol", "ci-7", now.minusSeconds(3600), now.plusSeconds(120));
        TestCli cli = person(moto, "alice", "laptop-a");

        Result refused = cli.run("up", "--config", config);
        assertEquals(5, refused.exit(), refused::toString);
        assertTrue(refused.err().contains("stack stale is locked by carol on ci-7 (pid 4242, `up`) since "
                + now.minusSeconds(3600)), refused::toString);
        assertEquals(List.of(), successfulMutations(cli));

        putLock(aws, "stale", "carol", "ci-7", now.minusSeconds(3600), now.minusSeconds(60)); // carol's run died
        Result up = cli.run("up", "--config", config);
        assertEquals(0, up.exit(), up::toString);
        assertTrue(up.err().contains("took over the run lock of carol on ci-7"), up::toString);
        Stacks.assertWholeAndHealthy(cli, config, aws, "stale");
        assertEquals(0, cli.run("down", "--yes", "--config", config).exit());
    }

    @Test
    void unlockBreaksALockOnlyWhenConfirmed(MotoServer moto, AwsSession aws) {
        String config = TestCli.seedConfig(dir, "stuck").toString();
        Instant now = Instant.now();
        putLock(aws, "stuck", "carol", "ci-7", now, now.plusSeconds(180));

        Result noTerminal = new TestCli(moto).run("unlock", "--config", config);
        assertEquals(2, noTerminal.exit(), noTerminal::toString);
        assertTrue(noTerminal.out().contains("locked by carol on ci-7"), noTerminal::toString);
        assertTrue(noTerminal.err().contains("--yes"), noTerminal::toString);
        assertTrue(lock(aws, "stuck").read().isPresent(), "still locked");

        Result wrongName = new TestCli(moto).interactive("stack\n").run("unlock", "--config", config);
        assertEquals(2, wrongName.exit(), wrongName::toString);
        assertTrue(lock(aws, "stuck").read().isPresent(), "still locked");

        Result typed = new TestCli(moto).interactive("stuck\n").run("unlock", "--config", config);
        assertEquals(0, typed.exit(), typed::toString);
        assertTrue(typed.err().contains("Type the stack name (stuck)"), typed::toString);
        assertTrue(typed.out().contains("Lock broken."), typed::toString);
        assertFalse(lock(aws, "stuck").read().isPresent());

        putLock(aws, "stuck", "carol", "ci-7", now, now.plusSeconds(180));
        Result yes = new TestCli(moto).run("unlock", "--yes", "--config", config);
        assertEquals(0, yes.exit(), yes::toString);
        assertFalse(lock(aws, "stuck").read().isPresent());
        Result none = new TestCli(moto).run("unlock", "--yes", "--config", config);
        assertEquals(0, none.exit(), none::toString);
        assertTrue(none.out().contains("Stack stuck is not locked."), none::toString);
    }

    @Test
    void unlockKeepsALockThatChangedHandsWhileItAsked(MotoServer moto, AwsSession aws) {
        String config = TestCli.seedConfig(dir, "handed").toString();
        Instant now = Instant.now();
        putLock(aws, "handed", "carol", "ci-7", now, now.plusSeconds(180));
        // While the person reads the question, carol's lock expires and erin's run takes it over.
        AtomicBoolean once = new AtomicBoolean();
        TestCli cli = new TestCli(moto).interactive("handed\n").intercept(new ExecutionInterceptor() {
            @Override
            public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
                if ("GetParameter".equals(operation(attributes)) && once.compareAndSet(false, true)) {
                    putLock(aws, "handed", "erin", "ci-8", now, now.plusSeconds(180));
                }
            }
        });

        Result unlock = cli.run("unlock", "--config", config);

        assertEquals(5, unlock.exit(), unlock::toString);
        assertTrue(unlock.out().contains("locked by carol on ci-7"), unlock::toString);
        assertTrue(unlock.err().contains("changed hands") && unlock.err().contains("now held by erin on ci-8"),
                unlock::toString);
        assertEquals("erin", lock(aws, "handed").read().orElseThrow().who(), "erin's lock stays");
        aws.ssm().deleteParameter(r -> r.name(lock(aws, "handed").parameterName()));
    }

    @Test
    void statusPlanAndDryRunsTakeNoLock(MotoServer moto, AwsSession aws) {
        String config = TestCli.seedConfig(dir, "held").toString();
        Instant now = Instant.now();
        putLock(aws, "held", "carol", "ci-7", now, now.plusSeconds(180));
        TestCli cli = new TestCli(moto);

        assertEquals(3, cli.run("status", "--config", config).exit());
        assertEquals(3, cli.run("plan", "--config", config).exit());
        assertEquals(3, cli.run("up", "--dry-run", "--config", config).exit());
        assertEquals(0, cli.run("down", "--dry-run", "--config", config).exit());

        assertFalse(cli.calls.calls().isEmpty());
        assertEquals(List.of(), cli.calls.calls().stream().filter(c -> c.service().equals("ssm")).toList(),
                "no SSM call: no lock taken or even read");
        assertTrue(lock(aws, "held").read().isPresent());
    }

    @Test
    void aServerErrorOnTheLocksCreateIsRetriedAndALostAnswerLeavesTheLockOurs(MotoServer moto, AwsSession aws) {
        String config = TestCli.seedConfig(dir, "flaky").toString();
        TestCli cli = new TestCli(moto);
        cli.faults.fail("ssm:PutParameter", "InternalServerError", 500).times(1);
        cli.faults.loseResponse("ssm:PutParameter").times(1);

        Result up = cli.run("up", "--config", config);

        assertEquals(0, up.exit(), up::toString);
        assertEquals(2, cli.faults.injectedCount("ssm:PutParameter"), cli.faults.injected()::toString);
        // Not executed; then executed with the answer lost, so the read that follows finds it ours.
        assertEquals(List.of("InternalServerError", "InternalServerError"),
                cli.calls.calls("ssm:PutParameter").stream().map(RecordingInterceptor.Call::errorCode).toList());
        assertTrue(up.out().contains("up complete"), up::toString);
        assertFalse(lock(aws, "flaky").read().isPresent(), "released at the end");
        assertEquals(0, cli.run("down", "--yes", "--config", config).exit());
    }

    // ---- helpers ----

    private static TestCli person(MotoServer moto, String user, String host) {
        TestCli cli = new TestCli(moto);
        cli.env.put("USER", user);
        cli.env.put("HOSTNAME", host);
        return cli;
    }

    private static RunLock lock(AwsSession aws, String stack) {
        return new RunLock(aws.ssm(), stack, Clock.SYSTEM);
    }

    /** A lock as another run (carol's, in CI) leaves it; what RunLock writes. */
    private static void putLock(AwsSession aws, String stack, String who, String host, Instant since, Instant expires) {
        Map<String, Object> holder = new LinkedHashMap<>();
        holder.put("id", "run-of-" + who);
        holder.put("who", who);
        holder.put("host", host);
        holder.put("pid", 4242);
        holder.put("command", "up");
        holder.put("since", since.toString());
        holder.put("expires", expires.toString());
        try {
            String value = JSON.writeValueAsString(holder);
            aws.ssm().putParameter(r -> r.name(lock(aws, stack).parameterName()).type(ParameterType.STRING)
                    .overwrite(true).value(value));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<String> successfulMutations(TestCli cli) {
        return cli.calls.mutatingCalls().stream().filter(RecordingInterceptor.Call::succeeded)
                .map(RecordingInterceptor.Call::name).toList();
    }

    private interface Run {
        Result run() throws Exception;
    }

    /** Starts both runs at the same moment on two threads; returns their results in order. */
    private static List<Result> together(CountDownLatch oneReturned, Run a, Run b) throws Exception {
        CyclicBarrier start = new CyclicBarrier(2);
        List<Result> results = new ArrayList<>(List.of(new Result(-1, "", "not run"), new Result(-1, "", "not run")));
        List<Thread> threads = new ArrayList<>();
        List<Run> runs = List.of(a, b);
        for (int i = 0; i < 2; i++) {
            int n = i;
            Thread t = new Thread(() -> {
                try {
                    start.await();
                    results.set(n, runs.get(n).run());
                } catch (Exception e) {
                    results.set(n, new Result(-1, "", e.toString()));
                } finally {
                    oneReturned.countDown();
                }
            }, "run-" + i);
            threads.add(t);
            t.start();
        }
        for (Thread t : threads) {
            t.join(TimeUnit.SECONDS.toMillis(60));
            assertFalse(t.isAlive(), "a run did not finish within a minute");
        }
        return results;
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            assertTrue(latch.await(20, TimeUnit.SECONDS), "timed out");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String operation(ExecutionAttributes attributes) {
        return attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
    }

    /**
     * Once the run has the lock (its PutParameter succeeded): opens {@code held}, then holds
     * the run there until {@code until} opens.
     */
    private static final class HoldTheLock implements ExecutionInterceptor {
        private final CountDownLatch held;
        private final CountDownLatch until;
        private final AtomicBoolean once = new AtomicBoolean();

        HoldTheLock(CountDownLatch held, CountDownLatch until) {
            this.held = held;
            this.until = until;
        }

        @Override
        public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
            if ("PutParameter".equals(operation(attributes)) && once.compareAndSet(false, true)) {
                held.countDown();
                awaitQuietly(until);
            }
        }
    }

    /** Opens the latch after a successful call of one operation. */
    private static final class SignalAfter implements ExecutionInterceptor {
        private final String op;
        private final CountDownLatch latch;

        SignalAfter(String op, CountDownLatch latch) {
            this.op = op;
            this.latch = latch;
        }

        @Override
        public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
            if (op.equals(operation(attributes))) {
                latch.countDown();
            }
        }
    }

    /** Opens the latch when the lock's create is refused (ParameterAlreadyExists). */
    private static final class SignalOnRefusal implements ExecutionInterceptor {
        private final CountDownLatch latch;

        SignalOnRefusal(CountDownLatch latch) {
            this.latch = latch;
        }

        @Override
        public void onExecutionFailure(Context.FailedExecution context, ExecutionAttributes attributes) {
            if ("PutParameter".equals(operation(attributes))) {
                latch.countDown();
            }
        }
    }

    /**
     * A virtual clock whose sleep (the lock's wait between tries) lasts until the latch opens
     * (the other run released the lock) rather than for real, then moves time on as asked.
     */
    private static final class SleepsUntil implements Clock {
        private final VirtualClock time = new VirtualClock(System.currentTimeMillis());
        private final CountDownLatch latch;

        SleepsUntil(CountDownLatch latch) {
            this.latch = latch;
        }

        @Override
        public long nowMillis() {
            return time.nowMillis();
        }

        @Override
        public <T> T await(BlockingQueue<T> events, long deadlineMillis, boolean workInFlight) throws InterruptedException {
            return time.await(events, deadlineMillis, workInFlight);
        }

        @Override
        public void sleep(long millis) throws InterruptedException {
            latch.await(20, TimeUnit.SECONDS);
            time.sleep(millis);
        }
    }
}
