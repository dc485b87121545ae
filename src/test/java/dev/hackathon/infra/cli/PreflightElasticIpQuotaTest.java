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
 * Issue 17, Elastic IPs: at 5 of 5 (the quota from EC2's vpc-max-elastic-ips, as moto's
 * Service Quotas has no EC2 codes) doctor names it and up exits 1 having made no mutating
 * call but its run lock's (released), so no database or cache is created in a stack whose
 * NAT gateway could get no address; once one is released up succeeds; --skip-preflight says
 * what it skipped.
 */
@WithMoto
class PreflightElasticIpQuotaTest {

    @Test
    void fullElasticIpQuotaStopsUpBeforeAnyChange(MotoServer moto, AwsSession aws, @TempDir Path dir) throws Exception {
        TestCli cli = new TestCli(moto);
        String config = TestCli.seedConfig(dir, "eq").toString();
        List<String> allocations = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            allocations.add(aws.ec2().allocateAddress(r -> r.domain("vpc")).allocationId());
        }

        Result doctor = cli.run("--config", config, "doctor", "--output", "json");
        assertEquals(1, doctor.exit(), doctor::toString);
        com.fasterxml.jackson.databind.JsonNode doc = CliContractTest.oneJsonDocument(doctor.out());
        new JsonContract().check("doctor", doc);
        assertTrue(!doc.get("ok").asBoolean());
        com.fasterxml.jackson.databind.JsonNode eip = null;
        for (com.fasterxml.jackson.databind.JsonNode c : doc.get("checks")) {
            if (c.get("id").asText().equals("quota.elastic-ips")) {
                eip = c;
            }
        }
        assertTrue(eip != null, doc::toPrettyString);
        assertEquals("fail", eip.get("status").asText());
        assertTrue(eip.get("detail").asText().startsWith("Elastic IPs in ap-northeast-1: 5 of 5 used (EC2 account"
                + " attribute vpc-max-elastic-ips"), eip::toString);
        assertTrue(eip.get("fix").asText().startsWith("release an Elastic IP you no longer use"), eip::toString);

        cli.calls.clear();
        Result up = cli.run("--config", config, "up", "--output", "json");
        assertEquals(1, up.exit(), up::toString);
        PreflightVpcQuotaTest.assertNoWriteAtAll(cli, aws, "eq");
        assertEquals("", up.out(), up::toString);
        assertTrue(up.err().contains("✗ quota.elastic-ips") && up.err().contains("5 of 5 used"), up::toString);

        aws.ec2().releaseAddress(r -> r.allocationId(allocations.get(0)));
        Result freed = cli.run("--config", config, "up");
        assertEquals(0, freed.exit(), freed::toString);

        // 5 of 5 with the stack's own: a second up passes.
        assertEquals(5, aws.ec2().describeAddresses().addresses().size());
        Result second = cli.run("--config", config, "up");
        assertEquals(0, second.exit(), second::toString);

        Result skipped = cli.run("--config", config, "up", "--skip-preflight");
        assertEquals(0, skipped.exit(), skipped::toString);
        assertTrue(skipped.err().contains("preflight skipped (--skip-preflight): none needed, the plan makes"
                + " nothing a check guards"), skipped::toString);
    }
}
