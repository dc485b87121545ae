package dev.hackathon.infra.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.hackathon.infra.aws.AwsSession;
import dev.hackathon.infra.testing.MotoServer;
import dev.hackathon.infra.testing.RecordingInterceptor;
import dev.hackathon.infra.testing.TestCli;
import dev.hackathon.infra.testing.TestCli.Result;
import dev.hackathon.infra.testing.WithMoto;
import software.amazon.awssdk.services.ec2.model.Instance;

/**
 * Destructive plans are confirmed; a replacement AWS cannot make under live dependents is
 * refused before any change; two rules edits at once both land. Through the CLI against moto.
 */
@WithMoto
class SafeChangeTest {

    @TempDir
    Path dir;

    /** Changes to the stack (the run lock's own SSM writes are not). */
    private static List<RecordingInterceptor.Call> stackChanges(TestCli cli) {
        return cli.calls.mutatingCalls().stream().filter(c -> !c.service().equalsIgnoreCase("ssm")).toList();
    }

    private static String liveInstance(AwsSession aws, String stack) {
        List<Instance> live = aws.ec2().describeInstances(r -> r.filters(
                        f -> f.name("tag:hackathon-infra:stack").values(stack),
                        f -> f.name("instance-state-name").values("pending", "running"))).reservations().stream()
                .flatMap(res -> res.instances().stream()).toList();
        assertEquals(1, live.size(), live::toString);
        return live.get(0).instanceId() + " " + live.get(0).instanceTypeAsString();
    }

    @Test
    void anUpThatReplacesTheInstanceAsksAndWithoutATerminalOrYesChangesNothing(MotoServer moto, AwsSession aws)
            throws Exception {
        Path config = TestCli.seedConfig(dir, "safe1");
        TestCli cli = new TestCli(moto);
        Result first = cli.run("--config", config.toString(), "up");
        assertEquals(0, first.exit(), first::toString); // creating never asks
        String before = liveInstance(aws, "safe1");

        Files.writeString(config, Files.readString(config).replace("type: t3.small", "type: t4g.small"));
        cli.calls.clear();
        Result refused = cli.run("--config", config.toString(), "up");
        assertEquals(2, refused.exit(), refused::toString);
        assertTrue(refused.err().contains("up would delete or replace") && refused.err().contains("pass --yes")
                && refused.err().contains("-/+ EC2 instance instance/app"), refused::toString);
        assertTrue(refused.err().contains("nothing was changed"), refused::toString);
        assertEquals(List.of(), stackChanges(cli), "nothing touched");
        assertEquals(before, liveInstance(aws, "safe1"));

        // At a terminal, a wrong answer changes nothing either; the plan's lines were shown.
        TestCli person = new TestCli(moto).interactive("no\n");
        Result wrong = person.run("--config", config.toString(), "up");
        assertEquals(2, wrong.exit(), wrong::toString);
        assertTrue(wrong.out().contains("instance/app") && wrong.err().contains("Type the stack name (safe1)"),
                wrong::toString);
        assertEquals(List.of(), stackChanges(person));

        Result replaced = cli.run("--config", config.toString(), "up", "--yes");
        assertEquals(0, replaced.exit(), replaced::toString);
        String after = liveInstance(aws, "safe1");
        assertNotEquals(before.split(" ")[0], after.split(" ")[0], "a new instance");
        assertTrue(after.endsWith("t4g.small"), after);
        assertEquals(0, cli.run("--config", config.toString(), "down", "--yes").exit());
    }

    @Test
    void aNewNetworkCidrIsRefusedBeforeAnyChangeNamingTheFieldAndTheWayOut(MotoServer moto, AwsSession aws)
            throws Exception {
        Path config = TestCli.seedConfig(dir, "safe2");
        TestCli cli = new TestCli(moto);
        assertEquals(0, cli.run("--config", config.toString(), "up").exit());
        String vpcBefore = aws.ec2().describeVpcs(r -> r.filters(f -> f.name("tag:hackathon-infra:stack")
                .values("safe2"))).vpcs().get(0).cidrBlock();

        Files.writeString(config, Files.readString(config).replace("cidr: 10.0.0.0/16", "cidr: 10.1.0.0/16"));
        cli.calls.clear();
        Result up = cli.run("--config", config.toString(), "up", "--yes");

        assertEquals(2, up.exit(), up::toString);
        assertTrue(up.err().contains("network.cidr (10.0.0.0/16 -> 10.1.0.0/16) forces replacing VPC vpc/main"),
                up::toString);
        assertTrue(up.err().contains("hackathon-infra down, then hackathon-infra up"), up::toString);
        assertEquals(List.of(), stackChanges(cli), "no partial change");
        assertEquals(vpcBefore, aws.ec2().describeVpcs(r -> r.filters(f -> f.name("tag:hackathon-infra:stack")
                .values("safe2"))).vpcs().get(0).cidrBlock());
        Result plan = cli.run("--config", config.toString(), "plan");
        assertEquals(3, plan.exit(), "plan still shows it: " + plan);
        assertEquals(0, cli.run("--config", config.toString(), "down", "--yes").exit());
    }

    @Test
    void twoRulesAddsAtOnceBothLand(MotoServer moto) throws Exception {
        Path config = TestCli.seedConfig(dir, "safe3");
        assertEquals(0, new TestCli(moto).run("--config", config.toString(), "up").exit());
        CyclicBarrier start = new CyclicBarrier(2);
        TestCli a = new TestCli(moto);
        TestCli b = new TestCli(moto);
        a.env.put("HOSTNAME", "laptop-a");
        b.env.put("HOSTNAME", "laptop-b");
        CompletableFuture<Result> ra = CompletableFuture.supplyAsync(() -> {
            await(start);
            return a.run("--config", config.toString(), "rules", "add", "--host", "www.example.com", "--target", "app",
                    "--lock-timeout", "2m");
        });
        CompletableFuture<Result> rb = CompletableFuture.supplyAsync(() -> {
            await(start);
            return b.run("--config", config.toString(), "rules", "add", "--host", "admin.example.com", "--target", "api",
                    "--lock-timeout", "2m");
        });
        Result resultA = ra.get();
        Result resultB = rb.get();

        assertEquals(0, resultA.exit(), resultA::toString);
        assertEquals(0, resultB.exit(), resultB::toString);
        String text = Files.readString(config);
        assertTrue(text.contains("www.example.com") && text.contains("admin.example.com"), text);
        Result list = new TestCli(moto).run("--config", config.toString(), "rules", "list");
        assertEquals(0, list.exit(), list::toString);
        assertTrue(list.out().contains("www.example.com") && list.out().contains("admin.example.com"), list::toString);
        assertEquals(0, new TestCli(moto).run("--config", config.toString(), "down", "--yes").exit());
    }

    @Test
    void credentialsThatExpireWhileWaitingEndTheRunAtOnceWithExit4AndTheLoginFix(MotoServer moto) throws Exception {
        Path config = TestCli.seedConfig(dir, "safe4");
        TestCli cli = new TestCli(moto);
        cli.env.put("CI", "true");
        // The instance is launched (pending); from then on the token is expired: its wait's poll fails.
        cli.faults.afterSuccess("ec2:RunInstances", req -> cli.faults.fail("ec2:DescribeInstances",
                "ExpiredToken", 400));
        long start = System.nanoTime();
        Result up = cli.run("--config", config.toString(), "--profile", "hackathon", "up");
        long seconds = java.util.concurrent.TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start);

        assertEquals(4, up.exit(), up::toString);
        assertTrue(up.out().contains("ExpiredToken") && up.out().contains("aws sso login --profile hackathon"),
                up::toString);
        assertTrue(up.out().contains("waiting for EC2 instance (instance/app)"), up::toString);
        assertTrue(!up.out().contains("still not ready"), "ended at the error, not at a ready timeout: " + up);
        assertTrue(seconds < 60, "took " + seconds + " s");
        cli.faults.clearRules();
        assertEquals(0, new TestCli(moto).run("--config", config.toString(), "down", "--yes").exit());
    }

    private static void await(CyclicBarrier b) {
        try {
            b.await();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
