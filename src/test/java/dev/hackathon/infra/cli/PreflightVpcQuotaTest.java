package dev.hackathon.infra.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.hackathon.infra.aws.AwsSession;
import dev.hackathon.infra.testing.MotoServer;
import dev.hackathon.infra.testing.TestCli;
import dev.hackathon.infra.testing.TestCli.Result;
import dev.hackathon.infra.testing.WithMoto;

/**
 * Issue 17, VPCs: at 5 of 5 (moto's default VPC is one, as on AWS) doctor names the quota
 * with its use and the fix, plan shows it without failing, and up exits 1 having written
 * nothing but its run lock, which it released; once one is freed up succeeds, and at 5
 * of 5 again with one of them the stack's, up passes its preflight: a stack that exists
 * does not count against itself (and the converged stack's up runs no check at all).
 */
@WithMoto
class PreflightVpcQuotaTest {

    @Test
    void fullVpcQuotaStopsUpBeforeAnyChangeAndTheStacksOwnVpcDoesNotCount(MotoServer moto, AwsSession aws,
                                                                          @TempDir Path dir) throws Exception {
        TestCli cli = new TestCli(moto);
        String config = TestCli.seedConfig(dir, "vq").toString();
        List<String> others = new ArrayList<>();
        int existing = aws.ec2().describeVpcs().vpcs().size();
        assertEquals(1, existing, "moto starts with its default VPC");
        for (int i = 0; i < 4; i++) {
            String cidr = "10." + (100 + i) + ".0.0/16";
            others.add(aws.ec2().createVpc(r -> r.cidrBlock(cidr)).vpc().vpcId());
        }

        Result doctor = cli.run("--config", config, "doctor");
        assertEquals(1, doctor.exit(), doctor::toString);
        assertTrue(doctor.out().contains("✗ quota.vpcs"), doctor::toString);
        assertTrue(doctor.out().contains("VPCs in ap-northeast-1: 5 of 5 used (quota L-F678F1CE from Service Quotas);"
                + " this stack adds 1"), doctor::toString);
        assertTrue(doctor.out().contains("fix: delete a VPC you no longer use (aws ec2 describe-vpcs --region"
                + " ap-northeast-1), or request more \"VPCs per Region\" (L-F678F1CE): https://ap-northeast-1.console"
                + ".aws.amazon.com/servicequotas/home/services/vpc/quotas/L-F678F1CE"), doctor::toString);

        Result plan = cli.run("--config", config, "plan");
        assertEquals(3, plan.exit(), "plan shows changes and does not fail on the preflight: " + plan);
        assertTrue(plan.out().contains("✗ quota.vpcs"), plan::toString);
        assertTrue(plan.out().contains("up would stop here"), plan::toString);

        cli.calls.clear();
        Result up = cli.run("--config", config, "up");
        assertEquals(1, up.exit(), up::toString);
        assertNoWriteAtAll(cli, aws, "vq");
        assertTrue(cli.calls.count("ec2:DescribeVpcs") >= 1, cli.calls::summary);
        assertEquals("", up.out(), "nothing on stdout: the run did not start");
        assertTrue(up.err().contains("up stopped before changing anything: the preflight failed"), up::toString);
        assertTrue(up.err().contains("5 of 5 used") && up.err().contains("fix: delete a VPC"), up::toString);
        assertTrue(!up.err().contains("✗ quota.elastic-ips"), "only the failed checks: " + up);

        aws.ec2().deleteVpc(r -> r.vpcId(others.get(0)));
        Result freed = cli.run("--config", config, "up");
        assertEquals(0, freed.exit(), freed::toString);

        // 5 of 5 again, one of them the stack's: the stack adds none, so the preflight passes.
        assertEquals(5, aws.ec2().describeVpcs().vpcs().size());
        Result again = cli.run("--config", config, "doctor");
        assertTrue(again.out().contains("VPCs in ap-northeast-1: 5 of 5 used (quota L-F678F1CE from Service Quotas);"
                + " one is this stack's, it adds none"), again::toString);
        assertTrue(again.out().lines().anyMatch(l -> l.startsWith("✓ quota.vpcs")), again::toString);
        cli.calls.clear();
        Result second = cli.run("--config", config, "up");
        assertEquals(0, second.exit(), second::toString);
        assertNoWriteAtAll(cli, aws, "vq"); // nothing to change: not even the lock is taken
        assertEquals(0, cli.calls.count("ec2:DescribeInstanceTypeOfferings") + cli.calls.count("sts:GetCallerIdentity"),
                "nothing to make, no preflight: " + cli.calls.summary());
        Result converged = cli.run("--config", config, "plan");
        assertEquals(0, converged.exit(), converged::toString);
        assertTrue(converged.out().contains("preflight: nothing to check, the plan makes nothing a check guards"),
                converged::toString);
        Result json = cli.run("--config", config, "plan", "--output", "json");
        assertEquals(0, json.exit(), json::toString);
        assertEquals(0, CliContractTest.oneJsonDocument(json.out()).get("preflight").size(), json::toString);
    }

    /**
     * Up takes the run lock (an SSM parameter) before it reads the stack and plans, so a
     * preflight that fails after the plan finds it taken: it is put once and deleted once, and
     * is gone afterwards. That is the one write a failing preflight leaves behind, undone.
     */
    /** Not one mutating call, the run lock's included (up runs its checks before it takes the lock). */
    static void assertNoWriteAtAll(TestCli cli, AwsSession aws, String stack) {
        assertEquals(List.of(), cli.calls.mutatingCalls(), "no mutating call: " + cli.calls.summary());
        String name = new dev.hackathon.infra.stack.RunLock(aws.ssm(), stack,
                dev.hackathon.infra.engine.Clock.SYSTEM).parameterName();
        assertTrue(aws.ssm().describeParameters().parameters().stream().noneMatch(p -> p.name().equals(name)),
                "no lock: " + name);
    }
}
