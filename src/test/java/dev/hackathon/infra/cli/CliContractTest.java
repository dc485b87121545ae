package dev.hackathon.infra.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.hackathon.infra.testing.MotoServer;
import dev.hackathon.infra.testing.TestCli;
import dev.hackathon.infra.testing.TestCli.Result;
import dev.hackathon.infra.testing.WithMoto;

/** The contract of design.md §2 through the real command line: exit codes, streams, options. */
@WithMoto
class CliContractTest {

    @TempDir
    Path dir;

    /** Parses stdout as exactly one JSON document: trailing text fails. */
    static JsonNode oneJsonDocument(String stdout) throws Exception {
        ObjectMapper m = new ObjectMapper();
        try (JsonParser p = m.getFactory().createParser(stdout)) {
            JsonNode doc = m.readTree(p);
            assertEquals(null, p.nextToken(), "stdout holds more than one JSON document");
            return doc;
        }
    }

    @Test
    void statusJsonIsOneDocumentOnStdoutAndExitCodesFollowTheStack(MotoServer moto) throws Exception {
        TestCli cli = new TestCli(moto);
        Path config = TestCli.seedConfig(dir, "cli1");

        Result before = cli.run("--config", config.toString(), "status", "--output", "json");
        assertEquals(3, before.exit(), before::toString);
        assertFalse(oneJsonDocument(before.out()).get("healthy").asBoolean());

        Result plan = cli.run("plan", "--config", config.toString());
        assertEquals(3, plan.exit(), plan::toString);
        assertTrue(plan.out().contains("+ vpc/main"), plan::toString);

        Result up = cli.run("up", "--config", config.toString());
        assertEquals(0, up.exit(), up::toString);
        assertTrue(up.err().lines().anyMatch(l -> l.matches("\\d\\d:\\d\\d:\\d\\d \\+ vpc/main creating")), up::toString);

        // Global options before the command work as well as after it.
        Result status = cli.run("--output", "json", "--config", config.toString(), "status");
        assertEquals(0, status.exit(), status::toString);
        JsonNode doc = oneJsonDocument(status.out());
        assertTrue(doc.get("healthy").asBoolean());
        assertEquals("cli1", doc.get("stack").asText());
        assertTrue(doc.get("resources").size() >= 18);
        // EC2 ids (vpc-0abc...), or, for kinds whose id is the name the tool gives (RDS, ElastiCache, IAM), that
        // name; an inline policy is role/policy, a managed policy attachment the policy's ARN;
        // the load balancer's resources their ARNs.
        doc.get("resources").forEach(r -> assertTrue(r.get("id").asText()
                .matches("[a-z]+-[0-9a-f]+|cli1-[a-z0-9-]+(/[a-z-]+)?|arn:aws:iam::aws:policy/\\w+|arn:aws:elasticloadbalancing:.+"), r::toString));

        assertEquals(0, cli.run("plan", "--config", config.toString()).exit());
        Result down = cli.run("down", "--yes", "--config", config.toString());
        assertEquals(0, down.exit(), down::toString);
    }

    @Test
    void aConfigWithSeveralMistakesIsReportedWholeAndCallsNothing(MotoServer moto) throws Exception {
        Path bad = dir.resolve("bad.yaml");
        Files.writeString(bad, String.join("\n",
                "stack: Bad_Name",
                "region: ap-northeast-1",
                "network:",
                "  cidr: 10.0.0.0/33",
                "  availabilityZones: [ap-northeast-1a]",
                "databse:",
                "  engine: postgres",
                "loadBalancer:",
                "  rules:",
                "    - {host: example.com, target: nope, priority: 100}",
                ""));
        TestCli cli = new TestCli(moto);
        Result r = cli.run("up", "--config", bad.toString());
        assertEquals(2, r.exit(), r::toString);
        assertEquals("", r.out(), "nothing on stdout for an error");
        for (String expected : List.of("bad.yaml:1: stack", "bad.yaml:4: network.cidr", "bad.yaml:5: network.availabilityZones",
                "bad.yaml:6: ", "did you mean 'database'", "bad.yaml:10: loadBalancer.rules[0].target")) {
            assertTrue(r.err().contains(expected), "missing '" + expected + "' in\n" + r.err());
        }
        assertEquals(0, cli.sessionsOpened.get(), "no AWS session for a config error");
        assertEquals(List.of(), cli.calls.calls());
    }

    @Test
    void downRefusesWithoutTerminalOrYesAndDryRunChangesNothing(MotoServer moto) {
        TestCli cli = new TestCli(moto);
        Path config = TestCli.seedConfig(dir, "cli2");
        assertEquals(0, cli.run("up", "--config", config.toString()).exit());

        cli.calls.clear();
        Result refused = cli.run("down", "--config", config.toString());
        assertEquals(2, refused.exit(), refused::toString);
        assertTrue(refused.err().contains("--yes"), refused::toString);
        assertEquals(List.of(), cli.calls.calls(), "refused before any AWS call");

        Result dry = cli.run("down", "--dry-run", "--config", config.toString());
        assertEquals(0, dry.exit(), dry::toString);
        assertTrue(dry.out().contains("- vpc/main"), dry::toString);
        assertEquals(List.of(), cli.calls.mutatingCalls());

        Result wrongName = new TestCli(moto).interactive("not-the-stack\n").run("down", "--config", config.toString());
        assertEquals(2, wrongName.exit(), wrongName::toString);

        TestCli confirmed = new TestCli(moto).interactive("cli2\n");
        Result down = confirmed.run("down", "--config", config.toString());
        assertEquals(0, down.exit(), down::toString);
        assertTrue(down.err().contains("Type the stack name"), down::toString);
    }

    @Test
    void badCommandLinesAreUsageErrors(MotoServer moto) {
        TestCli cli = new TestCli(moto);
        for (String[] args : List.of(new String[] {"bogus"}, new String[] {"status", "--output", "yaml"},
                new String[] {"up", "--no-such-option"}, new String[] {"down", "--timeout", "soon", "--yes"})) {
            Result r = cli.runRaw(args);
            assertEquals(2, r.exit(), () -> String.join(" ", args) + "\n" + r);
            assertFalse(r.err().isBlank());
        }
        assertEquals(0, cli.sessionsOpened.get());
    }

    @Test
    void versionNamesTheTool(MotoServer moto) {
        // Help for every command: HelpTest.
        Result version = new TestCli(moto).runRaw("--version");
        assertEquals(0, version.exit());
        assertTrue(version.out().startsWith("hackathon-infra "));
    }
}
