package dev.hackathon.infra.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.hackathon.infra.aws.AwsSession;
import dev.hackathon.infra.testing.MotoServer;
import dev.hackathon.infra.testing.StackInventory;
import dev.hackathon.infra.testing.TestCli;
import dev.hackathon.infra.testing.TestCli.Result;
import dev.hackathon.infra.testing.WithMoto;

/**
 * A teammate's command at any moment of another run's life, through the AWS behaviour layer
 * (new ids not yet known, the cache creating and refusing tag calls, deleting resources that
 * still hold their dependencies): {@code status} and {@code plan} answer (exit 0 or 3, never an
 * error), and a second {@code up} or {@code down} is refused by the run lock with exit 5 and
 * says who holds it, at every moment named below, between kinds, while the cache is creating
 * and while things are deleting. The first {@code up} of the full stack goes through in one run
 * with every new id lagging and makes one resource per key; {@code down} then leaves nothing.
 */
@WithMoto
class MidRunTest {

    /** Moments of an up: after these calls succeed, between kinds and mid-create of the slow ones. */
    static final List<String> DURING_UP = List.of("ec2:CreateVpc", "ec2:CreateSubnet", "ec2:CreateNatGateway",
            "ec2:CreateSecurityGroup", "iam:CreateInstanceProfile", "rds:CreateDBInstance",
            "elasticache:CreateReplicationGroup", "elasticloadbalancingv2:CreateLoadBalancer", "ec2:RunInstances",
            "elasticloadbalancingv2:CreateRule", "elasticloadbalancingv2:RegisterTargets");
    /** Moments of a down: mid-delete of every slow kind, and between kinds. */
    static final List<String> DURING_DOWN = List.of("elasticloadbalancingv2:DeleteRule", "ec2:TerminateInstances",
            "elasticloadbalancingv2:DeleteLoadBalancer", "elasticache:DeleteReplicationGroup", "rds:DeleteDBInstance",
            "ec2:DeleteNatGateway", "ec2:DeleteSubnet", "iam:DeleteRole");

    @TempDir
    Path dir;

    @Test
    void statusAndPlanAnswerAndASecondRunIsRefusedAtEveryMomentOfAnUpAndADown(MotoServer moto, AwsSession aws) {
        String config = TestCli.seedConfig(dir, "midrun").toString();
        SortedSet<String> before = StackInventory.account(aws);
        TestCli run = new TestCli(moto);
        Map<String, String> seen = new ConcurrentHashMap<>();
        List<String> problems = new CopyOnWriteArrayList<>();
        for (String moment : DURING_UP) {
            observeOnce(run, moto, config, "up " + moment, moment, seen, problems);
        }

        Result up = run.run("up", "--config", config);
        assertEquals(List.of(), problems);
        assertEquals(0, up.exit(), up::toString);
        assertEquals(DURING_UP.size(), seen.size(), () -> "every moment of the up was met: " + seen.keySet());
        Map<String, List<String>> stack = Stacks.assertWholeAndHealthy(run, config, aws, "midrun");
        assertEquals(Map.of(), StackInventory.duplicates(stack), "one resource per key");

        seen.clear();
        for (String moment : DURING_DOWN) {
            observeOnce(run, moto, config, "down " + moment, moment, seen, problems);
        }
        Result down = run.run("down", "--yes", "--config", config);
        assertEquals(List.of(), problems);
        Stacks.assertDownLeftNothing(down, aws, "midrun", before);
        assertEquals(DURING_DOWN.size(), seen.size(), () -> "every moment of the down was met: " + seen.keySet());
        seen.forEach((moment, what) -> assertFalse(what.isEmpty(), moment));
    }

    /**
     * The first time {@code operation} succeeds in {@code run}, a teammate's status, plan, up and
     * down run (each a process of its own) before the run goes on.
     */
    private static void observeOnce(TestCli run, MotoServer moto, String config, String label, String operation,
                                    Map<String, String> seen, List<String> problems) {
        run.faults.afterSuccess(operation, request -> {
            if (seen.putIfAbsent(label, "") != null) {
                return;
            }
            // Checked here, reported after the run: a failed assertion must not fail the run's own call.
            StringBuilder what = new StringBuilder();
            for (String command : List.of("status", "plan")) {
                Result r = new TestCli(moto).run(command, "--config", config);
                if ((r.exit() != 0 && r.exit() != 3) || r.err().contains("error")) {
                    problems.add(command + " at " + label + ": " + r);
                }
                what.append(command).append('=').append(r.exit()).append(' ');
            }
            for (String command : List.of("up", "down")) {
                Result r = command.equals("down") ? new TestCli(moto).run("down", "--yes", "--config", config)
                        : new TestCli(moto).run("up", "--config", config);
                if (r.exit() != 5 || !r.err().contains("lock")) {
                    problems.add(command + " at " + label + " (expected: refused by the run lock, exit 5): " + r);
                }
                what.append(command).append("=locked ");
            }
            seen.put(label, what.toString());
        });
    }
}
