package dev.hackathon.infra.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.SortedSet;

import org.junit.jupiter.api.Test;
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
 * EC2, {@code Throttling} / {@code ThrottlingException} elsewhere) and 5% answered HTTP 500
 * without being executed. {@code up} and {@code down} of the full stack still succeed, with
 * one resource per key and nothing left behind.
 */
@WithMoto
class FaultsTest {

    static final double THROTTLED = 0.20;
    static final double SERVER_ERROR = 0.05;

    @TempDir
    Path dir;

    @Test
    void upAndDownSucceedWhileAFifthOfCallsAreThrottledAndOneInTwentyFails(MotoServer moto, AwsSession aws) {
        String config = TestCli.seedConfig(dir, "faulty").toString();
        SortedSet<String> before = StackInventory.account(aws);
        TestCli cli = new TestCli(moto);
        cli.faults.seed(7);
        // The first rule that fires wins: 5% of attempts get the 500, and of the other 95% a
        // share of 0.20 / 0.95 is throttled, so 20% of all attempts are.
        cli.faults.fail("*", "InternalError", 500).withProbability(SERVER_ERROR);
        cli.faults.throttle("*").withProbability(THROTTLED / (1 - SERVER_ERROR));

        long t0 = System.nanoTime();
        Result up = cli.run("up", "--config", config);
        long upMillis = (System.nanoTime() - t0) / 1_000_000;
        assertEquals(0, up.exit(), up::toString);
        List<FaultInjector.Injected> upFaults = cli.faults.injected();
        Stacks.assertWholeAndHealthy(cli, config, aws, "faulty"); // status, under the same faults
        cli.faults.clearInjected();
        long t1 = System.nanoTime();
        Result down = cli.run("down", "--yes", "--config", config);
        long downMillis = (System.nanoTime() - t1) / 1_000_000;
        List<FaultInjector.Injected> downFaults = cli.faults.injected();
        Stacks.assertDownLeftNothing(down, aws, "faulty", before);

        System.err.println("up " + upMillis + " ms with " + upFaults.size() + " faults; down " + downMillis + " ms with "
                + downFaults.size() + " faults");
        for (List<FaultInjector.Injected> faults : List.of(upFaults, downFaults)) {
            assertTrue(faults.stream().filter(f -> f.kind() == FaultInjector.Kind.THROTTLE).count() > 5, faults::toString);
            assertTrue(faults.stream().anyMatch(f -> f.kind() == FaultInjector.Kind.ERROR), faults::toString);
        }
    }
}
