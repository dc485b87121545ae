package dev.hackathon.infra.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import dev.hackathon.infra.testing.MotoServer;
import dev.hackathon.infra.testing.TestCli;
import dev.hackathon.infra.testing.TestCli.Result;
import dev.hackathon.infra.testing.WithMoto;
import software.amazon.awssdk.core.SdkResponse;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.bedrock.model.GetFoundationModelAvailabilityResponse;

/**
 * doctor through the real command line against moto (with the harness's Bedrock and RDS
 * catalogues, scripts/moto-server.py): every check passes on a fresh account; an unavailable
 * zone, an instance type the app zone does not offer, a model that does not exist, a model
 * the account may not use each fail with their fix; checks the caller may not make, or the
 * endpoint does not offer, warn and never fail; one JSON document as docs/json.md says.
 * Nothing here creates a resource, so the account stays as moto starts it (a default VPC).
 */
@WithMoto
class DoctorTest {

    @TempDir
    Path dir;
    private TestCli cli;
    private Path seed;

    @BeforeEach
    void setUp(MotoServer moto) {
        cli = new TestCli(moto);
        seed = TestCli.seedConfig(dir, "doc");
    }

    private Result doctor(Path config, String... more) {
        List<String> args = new java.util.ArrayList<>(List.of("--config", config.toString(), "doctor"));
        args.addAll(List.of(more));
        return cli.run(args.toArray(String[]::new));
    }

    private Path configWith(String from, String to) throws IOException {
        String text = Files.readString(seed);
        assertTrue(text.contains(from), from);
        Path file = dir.resolve("changed-" + Math.abs(to.hashCode()) + ".yaml");
        Files.writeString(file, text.replace(from, to));
        return file;
    }

    private static String line(Result r, String id) {
        return r.out().lines().filter(l -> l.matches("[✓✗!] " + java.util.regex.Pattern.quote(id) + " .*")).findFirst()
                .orElseThrow(() -> new AssertionError("no line for " + id + ":\n" + r));
    }

    /** The line after a finding's line: its fix. */
    private static String fixOf(Result r, String id) {
        List<String> lines = r.out().lines().toList();
        int i = lines.indexOf(line(r, id));
        String fix = lines.get(i + 1).trim();
        assertTrue(fix.startsWith("fix: "), () -> id + " has no fix line:\n" + r);
        return fix;
    }

    @Test
    void everyCheckPassesOnAFreshAccountAndOnlyTheLocalToolsWarn() {
        Result r = doctor(seed);
        assertEquals(0, r.exit(), r::toString);
        for (String id : List.of("identity", "zones", "quota.vpcs", "quota.internet-gateways", "quota.elastic-ips",
                "quota.nat-gateways", "instance-type", "db-class", "cache-node-type", "certificate",
                "bedrock:anthropic.claude-3-haiku-20240307-v1:0")) {
            assertTrue(line(r, id).startsWith("✓"), () -> id + ":\n" + r);
        }
        assertTrue(line(r, "identity").contains("account 123456789012"), r::toString);
        // moto's default VPC counts, as on AWS.
        assertTrue(line(r, "quota.vpcs").contains("VPCs in ap-northeast-1: 1 of 5 used (quota L-F678F1CE from Service Quotas); this stack adds 1"),
                r::toString);
        // moto's Service Quotas has no EC2 codes: EC2's account attribute answers.
        assertTrue(line(r, "quota.elastic-ips").contains("0 of 5 used (EC2 account attribute vpc-max-elastic-ips"),
                r::toString);
        assertTrue(line(r, "quota.nat-gateways").contains("NAT gateways in ap-northeast-1a: 0 of 5"), r::toString);
        // The test's environment has no PATH: both tools missing, warnings with the install page.
        assertTrue(line(r, "tools.aws").startsWith("!"), r::toString);
        assertTrue(fixOf(r, "tools.session-manager-plugin").contains("session-manager-working-with-install-plugin"),
                r::toString);
        assertTrue(r.out().contains("doctor: 11 passed, 0 failed, 2 warnings"), r::toString);
        assertEquals(List.of(), cli.calls.mutatingCalls(), cli.calls.summary());
    }

    /** The README's "Before your first up" shows a doctor run: every check, as doctor names and marks them. */
    @Test
    void theReadmeShowsEveryCheckDoctorMakes() throws IOException {
        String readme = Files.readString(Path.of("README.md"));
        int section = readme.indexOf("## Before your first up");
        assertTrue(section >= 0, "README has a 'Before your first up' section");
        int start = readme.indexOf("```text\n", section) + "```text\n".length();
        String sample = readme.substring(start, readme.indexOf("```", start));
        List<String> shown = sample.lines().filter(l -> l.matches("[✓✗!] .*")).map(l -> l.split(" ")[1]).toList();
        Result r = doctor(seed);
        List<String> made = r.out().lines().filter(l -> l.matches("[✓✗!] .*")).map(l -> l.split(" ")[1]).toList();
        assertEquals(made, shown, "README sample vs a real run:\n" + r);
        assertTrue(sample.lines().filter(l -> l.matches("[✗!] .*")).count() > 0, "the sample shows a failure and its fix");
        assertTrue(sample.strip().endsWith(" s") && sample.contains("doctor: "), sample);
    }

    @Test
    void jsonIsOneDocumentAsDocumented() throws Exception {
        Result r = doctor(seed, "--output", "json");
        assertEquals(0, r.exit(), r::toString);
        JsonNode doc = CliContractTest.oneJsonDocument(r.out());
        JsonContract contract = new JsonContract();
        contract.check("doctor", doc);
        contract.assertAllSeen("doctor");
        assertEquals(1, doc.get("version").asInt());
        assertTrue(doc.get("ok").asBoolean());
        assertEquals(2, doc.get("warnings").asInt());
        JsonNode first = doc.get("checks").get(0);
        assertEquals("identity", first.get("id").asText());
        assertEquals("ok", first.get("status").asText());
        assertTrue(first.get("fix").isNull());
    }

    @Test
    void aZoneTheAccountDoesNotHaveFailsWithTheZonesItHas() throws IOException {
        Result r = doctor(configWith("[ap-northeast-1a, ap-northeast-1c]", "[ap-northeast-1a, ap-northeast-1b]"));
        assertEquals(1, r.exit(), r::toString);
        assertTrue(line(r, "zones").startsWith("✗ zones"), r::toString);
        assertTrue(line(r, "zones").contains("ap-northeast-1b is not a zone of ap-northeast-1 open to this account"
                + " (available: ap-northeast-1a, ap-northeast-1c, ap-northeast-1d)"), r::toString);
        assertEquals("fix: set network.availabilityZones to available zones of ap-northeast-1, e.g."
                + " [ap-northeast-1a, ap-northeast-1c]", fixOf(r, "zones"));
    }

    @Test
    void anInstanceTypeTheAppZoneDoesNotOfferFailsNamingWhereItIsOffered() throws IOException {
        // moto's offerings (from AWS's): g5g.xlarge is in ap-northeast-1c, not in 1a, the app subnet's zone.
        Result r = doctor(configWith("type: t3.small", "type: g5g.xlarge"));
        assertEquals(1, r.exit(), r::toString);
        assertTrue(line(r, "instance-type").replaceAll(" +", " ").startsWith("✗ instance-type g5g.xlarge is not offered in ap-northeast-1a"
                + " (the app subnet's zone); offered in ap-northeast-1c, ap-northeast-1d"), r::toString);
        assertEquals("fix: choose another instance.type, or put ap-northeast-1c first in network.availabilityZones",
                fixOf(r, "instance-type"));
    }

    @Test
    void aModelThatDoesNotExistFailsWithTheListCommand() throws IOException {
        Result r = doctor(configWith("models: [anthropic.claude-3-haiku-20240307-v1:0]",
                "models: [anthropic.claude-3-haiku-20240307-v1:0, anthropic.claude-9-nope-v1:0, us.anthropic.claude-3-5-haiku-20241022-v1:0, eu.anthropic.claude-3-5-haiku-20241022-v1:0]"));
        assertEquals(1, r.exit(), r::toString);
        assertTrue(line(r, "bedrock:anthropic.claude-3-haiku-20240307-v1:0").startsWith("✓"), r::toString);
        assertTrue(line(r, "bedrock:anthropic.claude-9-nope-v1:0")
                .contains("model anthropic.claude-9-nope-v1:0 does not exist in us-east-1"), r::toString);
        assertTrue(fixOf(r, "bedrock:anthropic.claude-9-nope-v1:0")
                .contains("aws bedrock list-foundation-models --region us-east-1"), r::toString);
        // An inference profile of the Region's geography exists; one of another geography does not.
        assertTrue(line(r, "bedrock:us.anthropic.claude-3-5-haiku-20241022-v1:0").startsWith("✓"), r::toString);
        assertTrue(line(r, "bedrock:eu.anthropic.claude-3-5-haiku-20241022-v1:0")
                .contains("inference profile eu.anthropic.claude-3-5-haiku-20241022-v1:0 does not exist in us-east-1"),
                r::toString);
    }

    @Test
    void aModelTheAccountMayNotUseFailsWithTheConsolePage() {
        cli.intercept(new ExecutionInterceptor() {
            @Override
            public SdkResponse modifyResponse(Context.ModifyResponse context, ExecutionAttributes attributes) {
                return context.response() instanceof GetFoundationModelAvailabilityResponse a
                        ? a.toBuilder().authorizationStatus("NOT_AUTHORIZED").entitlementAvailability("NOT_AVAILABLE")
                                .build()
                        : context.response();
            }
        });
        Result r = doctor(seed);
        assertEquals(1, r.exit(), r::toString);
        String id = "bedrock:anthropic.claude-3-haiku-20240307-v1:0";
        assertTrue(line(r, id).contains("exists in us-east-1 but the account is not authorized to use it"), r::toString);
        assertEquals("fix: enable access to anthropic.claude-3-haiku-20240307-v1:0 at"
                + " https://us-east-1.console.aws.amazon.com/bedrock/home?region=us-east-1#/modelaccess", fixOf(r, id));
    }

    @Test
    void callsTheCallerMayNotMakeOrTheEndpointLacksWarnAndNeverFail() {
        cli.intercept(refusing("GetFoundationModel", "AccessDeniedException", 403));
        cli.faults.fail("ec2:DescribeInstanceTypeOfferings", "UnauthorizedOperation", 403);
        cli.intercept(refusing("DescribeOrderableDBInstanceOptions", null, 404)); // an emulator's 404 page
        Result r = doctor(seed);
        assertEquals(0, r.exit(), r::toString);
        assertTrue(line(r, "bedrock:anthropic.claude-3-haiku-20240307-v1:0").equals(
                "! bedrock:anthropic.claude-3-haiku-20240307-v1:0 not checked: the caller may not call"
                        + " bedrock:GetFoundationModel (AccessDeniedException)"), r::toString);
        assertTrue(line(r, "instance-type").contains("may not call ec2:DescribeInstanceTypeOfferings"), r::toString);
        assertTrue(fixOf(r, "instance-type").contains("allow ec2:DescribeInstanceTypeOfferings"), r::toString);
        assertTrue(line(r, "db-class").contains("the endpoint does not offer rds:DescribeOrderableDBInstanceOptions"),
                r::toString);
    }

    @Test
    void theToolsConnectNeedsAreFoundOnPath() throws IOException {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        script(bin.resolve("aws"), "echo 'aws-cli/2.17.0 Python/3.11.8 Linux/6 exe/x86_64'");
        script(bin.resolve("session-manager-plugin"), "exit 0");
        cli.env.put("PATH", bin.toString());
        Result r = doctor(seed);
        assertEquals(0, r.exit(), r::toString);
        assertEquals("✓ tools.aws aws-cli/2.17.0 at " + bin.resolve("aws"), line(r, "tools.aws").replaceAll(" +", " "));
        assertTrue(line(r, "tools.session-manager-plugin").startsWith("✓"), r::toString);

        script(bin.resolve("aws"), "echo 'aws-cli/1.45.11 Python/3.11.7 Linux/6 botocore/1.43.11'");
        Result v1 = doctor(seed);
        assertEquals(0, v1.exit(), v1::toString);
        assertTrue(line(v1, "tools.aws").contains("aws-cli/1.45.11 at " + bin.resolve("aws") + "; connect needs version 2"),
                v1::toString);

        // AWS's v2 installer links aws into a versioned folder: the version is read from there, without starting it.
        Path installed = Files.createDirectories(dir.resolve("aws-cli/v2/2.22.1/bin")).resolve("aws");
        script(installed, "echo 'not started'; exit 1");
        Files.delete(bin.resolve("aws"));
        Files.createSymbolicLink(bin.resolve("aws"), installed);
        Result linked = doctor(seed);
        assertEquals("✓ tools.aws aws-cli/2.22.1 at " + bin.resolve("aws"), line(linked, "tools.aws").replaceAll(" +", " "));
    }

    @Test
    void aPendingCertificateFails(MotoServer moto) throws IOException {
        String arn;
        try (dev.hackathon.infra.aws.AwsSession aws = dev.hackathon.infra.testing.MotoExtension.session(moto,
                new dev.hackathon.infra.testing.RecordingInterceptor(), new dev.hackathon.infra.testing.FaultInjector())) {
            arn = aws.acm().requestCertificate(r -> r.domainName("example.com")
                    .subjectAlternativeNames("*.example.com").validationMethod("DNS")).certificateArn();
        }
        Result r = doctor(configWith("certificateArn: null", "certificateArn: " + arn));
        assertEquals(1, r.exit(), r::toString);
        assertTrue(line(r, "certificate").contains("the certificate is PENDING_VALIDATION, not ISSUED"), r::toString);
        assertTrue(fixOf(r, "certificate").contains("add its DNS validation records"), r::toString);
    }

    /** Answers one operation with this error before it is sent, as the service would. */
    static ExecutionInterceptor refusing(String operation, String code, int status) {
        return new ExecutionInterceptor() {
            @Override
            public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
                if (operation.equals(attributes.getAttribute(
                        software.amazon.awssdk.core.interceptor.SdkExecutionAttribute.OPERATION_NAME))) {
                    throw software.amazon.awssdk.awscore.exception.AwsServiceException.builder().statusCode(status)
                            .message("refused by the test")
                            .awsErrorDetails(software.amazon.awssdk.awscore.exception.AwsErrorDetails.builder()
                                    .errorCode(code).errorMessage("refused by the test").build())
                            .build();
                }
            }
        };
    }

    private static void script(Path file, String body) throws IOException {
        Files.writeString(file, "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
}
