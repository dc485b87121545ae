package dev.hackathon.infra.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.hackathon.infra.aws.AwsSession;
import dev.hackathon.infra.testing.MotoServer;
import dev.hackathon.infra.testing.TestCli;
import dev.hackathon.infra.testing.TestCli.Result;
import dev.hackathon.infra.testing.WithMoto;
import software.amazon.awssdk.services.ssm.model.ParameterType;

/**
 * Every error a newcomer is likely to meet, through the real command line: the exit code, one
 * or two lines saying what failed, AWS's code and message, and what to do; each listed in the
 * README's troubleshooting table ({@link Readme#assertTroubleshootingCovers}). AWS's answers
 * are injected on the way to moto, so the SDK unmarshals them as it would AWS's.
 */
@WithMoto
class ErrorMessagesTest {

    private static final String ACCOUNT = "123456789012";
    private static final String PRINCIPAL = "arn:aws:sts::" + ACCOUNT + ":assumed-role/Dev/alice";

    @TempDir
    Path dir;

    @Test
    void anExpiredSsoSessionNamesTheLoginCommandAndCallsNothing(MotoServer moto) throws Exception {
        // A real SSO profile through the SDK's own SSO provider; no token was ever cached for it.
        Path awsConfig = dir.resolve("aws-config");
        Files.writeString(awsConfig, String.join("\n", "[profile dev]", "sso_session = corp",
                "sso_account_id = " + ACCOUNT, "sso_role_name = Dev", "", "[sso-session corp]",
                "sso_start_url = https://hackathon-infra-test.awsapps.com/start", "sso_region = us-east-1", ""));
        TestCli cli = new TestCli(moto).profileCredentials();
        cli.env.put("AWS_CONFIG_FILE", awsConfig.toString());
        Path config = TestCli.seedConfig(dir, "err1");

        Result r = cli.run("status", "--profile", "dev", "--config", config.toString());
        assertEquals(4, r.exit(), r::toString);
        assertTwoLines(r.err(), "error: AWS credentials missing or expired: The SSO session",
                "  fix: run: aws sso login --profile dev");
        assertEquals(List.of(), cli.calls.calls());
        Readme.assertTroubleshootingCovers(r.err());

        Result ghost = cli.run("status", "--profile", "ghost", "--config", config.toString());
        assertEquals(4, ghost.exit(), ghost::toString);
        assertTwoLines(ghost.err(), "error: AWS credentials missing or expired: Profile file contained no credentials"
                + " for profile 'ghost'", "  fix: profile 'ghost' has no credentials; check ~/.aws/config, or run: aws"
                + " configure sso --profile ghost");
        Readme.assertTroubleshootingCovers(ghost.err());
    }

    @Test
    void credentialsThatExpireDuringARunExitFourWithTheFixUnderEachFailure(MotoServer moto) {
        TestCli cli = new TestCli(moto);
        cli.faults.fail("ec2:CreateVpc", "ExpiredToken", 400);
        Result r = cli.run("up", "--profile", "dev", "--config", TestCli.seedConfig(dir, "err2").toString());
        assertEquals(4, r.exit(), r::toString);
        assertTrue(r.out().contains("  creating VPC (vpc/main): ExpiredToken: Injected fault: ExpiredToken\n"
                + "    fix: run: aws sso login --profile dev\n"), r::toString);
        Readme.assertTroubleshootingCovers(r.out());
    }

    @Test
    void noRegionAnywhereIsAUsageErrorAndTheEnvironmentOrProfileSupplyOne(MotoServer moto) throws Exception {
        Path config = seedConfigWith("err3", "(?m)^region: .*\\n", "");
        TestCli cli = new TestCli(moto);

        Result r = cli.run("status", "--config", config.toString());
        assertEquals(2, r.exit(), r::toString);
        assertTwoLines(r.err(), "error: no AWS region",
                "  fix: set `region:` in the config, pass --region REGION, or set AWS_REGION");
        assertEquals(0, cli.sessionsOpened.get(), "no AWS session without a region");
        assertEquals(List.of(), cli.calls.calls());
        Readme.assertTroubleshootingCovers(r.err());

        // The injected environment, not this machine's, is where the region comes from.
        cli.env.put("AWS_REGION", "ap-northeast-1");
        assertEquals(3, cli.run("status", "--config", config.toString()).exit());

        Path awsConfig = dir.resolve("aws-config");
        Files.writeString(awsConfig, "[profile dev]\nregion = ap-northeast-1\n");
        TestCli withProfile = new TestCli(moto);
        withProfile.env.put("AWS_CONFIG_FILE", awsConfig.toString());
        assertEquals(3, withProfile.run("status", "--profile", "dev", "--config", config.toString()).exit());
    }

    @Test
    void accessDeniedSaysWhichActionOnWhichResourceAndEc2sEncodedDetailsHowToDecode(MotoServer moto) {
        TestCli cli = new TestCli(moto);
        String roleArn = "arn:aws:iam::" + ACCOUNT + ":role/err4-iam-role-app";
        cli.faults.on("iam:CreateRole").error("AccessDenied", 403, "User: " + PRINCIPAL
                + " is not authorized to perform: iam:CreateRole on resource: " + roleArn
                + " because no identity-based policy allows the iam:CreateRole action");
        cli.faults.on("ec2:CreateVpc").error("UnauthorizedOperation", 403, "You are not authorized to perform this"
                + " operation. User: " + PRINCIPAL + " is not authorized to perform: ec2:CreateVpc on resource:"
                + " arn:aws:ec2:ap-northeast-1:" + ACCOUNT + ":vpc/* because no identity-based policy allows the"
                + " ec2:CreateVpc action. Encoded authorization failure message: Xk3vQ-encoded_9Zp");

        Result r = cli.run("up", "--config", TestCli.seedConfig(dir, "err4").toString());
        assertEquals(1, r.exit(), r::toString);
        assertTrue(r.out().contains("  creating IAM role (iam-role/app): AccessDenied: User: " + PRINCIPAL
                + " is not authorized to perform: iam:CreateRole on resource: " + roleArn + " because no"
                + " identity-based policy allows the iam:CreateRole action\n"
                + "    fix: ask your AWS administrator to allow iam:CreateRole on " + roleArn + " for " + PRINCIPAL
                + "\n"), r::toString);
        // The encoded blob moves from the message to the command that decodes it.
        assertTrue(r.out().contains("  creating VPC (vpc/main): UnauthorizedOperation: You are not authorized to"
                + " perform this operation. User: " + PRINCIPAL + " is not authorized to perform: ec2:CreateVpc on"
                + " resource: arn:aws:ec2:ap-northeast-1:" + ACCOUNT + ":vpc/* because no identity-based policy"
                + " allows the ec2:CreateVpc action. (encoded details below)\n"
                + "    fix: ask your AWS administrator to allow ec2:CreateVpc on arn:aws:ec2:ap-northeast-1:"
                + ACCOUNT + ":vpc/* for " + PRINCIPAL + "; see why with: aws sts decode-authorization-message"
                + " --query DecodedMessage --output text --encoded-message Xk3vQ-encoded_9Zp\n"), r::toString);
        Readme.assertTroubleshootingCovers(r.out());

        // The same advice for an error outside any resource: taking the run lock.
        TestCli lockDenied = new TestCli(moto);
        String parameter = "arn:aws:ssm:ap-northeast-1:" + ACCOUNT + ":parameter/hackathon-infra/err4/lock";
        lockDenied.faults.on("ssm:PutParameter").error("AccessDeniedException", 400, "User: " + PRINCIPAL
                + " is not authorized to perform: ssm:PutParameter on resource: " + parameter);
        Result lock = lockDenied.run("up", "--config", TestCli.seedConfig(dir, "err4").toString());
        assertEquals(1, lock.exit(), lock::toString);
        assertTwoLines(lock.err(), "error: AccessDeniedException: User: " + PRINCIPAL + " is not authorized to perform:"
                + " ssm:PutParameter on resource: " + parameter, "  fix: ask your AWS administrator to allow"
                + " ssm:PutParameter on " + parameter + " for " + PRINCIPAL);
        Readme.assertTroubleshootingCovers(lock.err());
    }

    @Test
    void aKindThatCannotBeReadIsReportedOnceForAllKindsFailingTheSameWay(MotoServer moto) {
        TestCli cli = new TestCli(moto);
        cli.faults.on("ec2:Describe*").error("UnauthorizedOperation", 403, "You are not authorized to perform this"
                + " operation. User: " + PRINCIPAL + " is not authorized to perform: ec2:DescribeVpcs");
        Result r = cli.run("status", "--config", TestCli.seedConfig(dir, "err9").toString());
        assertEquals(1, r.exit(), r::toString);
        assertTwoLines(r.err(), "error: could not read the stack: reading VPCs, ", "  fix: ask your AWS administrator"
                + " to allow ec2:DescribeVpcs for " + PRINCIPAL);
        assertTrue(r.err().lines().findFirst().orElseThrow().matches(".*reading VPCs, [a-z ]+ and \\d+ more:"
                + " UnauthorizedOperation: You are not authorized .*"), r::toString);
        Readme.assertTroubleshootingCovers(r.err());
    }

    @Test
    void quotaErrorsNameTheQuotaAndWhatToDeleteInstead(MotoServer moto) {
        TestCli cli = new TestCli(moto);
        cli.faults.fail("ec2:AllocateAddress", "AddressLimitExceeded", 400);
        cli.faults.fail("rds:CreateDBInstance", "InstanceQuotaExceeded", 400);
        cli.faults.fail("elasticache:CreateReplicationGroup", "NodeQuotaForCustomerExceeded", 400);

        Result r = cli.run("up", "--config", TestCli.seedConfig(dir, "err5").toString());
        assertEquals(1, r.exit(), r::toString);
        for (String expected : List.of(
                "  creating Elastic IP (eip/nat-a): AddressLimitExceeded: Injected fault: AddressLimitExceeded\n"
                        + "    fix: request a quota increase for \"EC2-VPC Elastic IPs\" (Amazon EC2) in Service Quotas,"
                        + " or delete unused Elastic IP addresses\n",
                "  creating database (db/main): InstanceQuotaExceeded: Injected fault: InstanceQuotaExceeded\n"
                        + "    fix: request a quota increase for \"DB instances\" (Amazon RDS) in Service Quotas, or"
                        + " delete unused DB instances\n",
                "  creating cache (cache/main): NodeQuotaForCustomerExceeded: Injected fault:"
                        + " NodeQuotaForCustomerExceeded\n    fix: request a quota increase for \"Nodes per Region\""
                        + " (Amazon ElastiCache) in Service Quotas, or delete unused cache clusters\n")) {
            assertTrue(r.out().contains(expected), "missing\n" + expected + "in\n" + r);
        }
        // The progress line carries the fix too, indented under its message.
        assertTrue(r.err().contains(" AddressLimitExceeded: Injected fault: AddressLimitExceeded\n"
                + "           fix: request a quota increase"), r::toString);
        Readme.assertTroubleshootingCovers(r.out());
    }

    @Test
    void aHeldLockSaysWhoSinceWhenAndHowToBreakIt(MotoServer moto, AwsSession aws) {
        Instant since = Instant.now().minus(Duration.ofMinutes(4));
        aws.ssm().putParameter(p -> p.name("/hackathon-infra/err6/lock").type(ParameterType.STRING)
                .value("{\"id\":\"other\",\"who\":\"alice\",\"host\":\"alice-laptop\",\"pid\":4242,"
                        + "\"command\":\"up\",\"since\":\"" + since + "\",\"expires\":\""
                        + Instant.now().plus(Duration.ofHours(1)) + "\"}"));
        TestCli cli = new TestCli(moto);
        Result r = cli.run("up", "--config", TestCli.seedConfig(dir, "err6").toString());
        assertEquals(5, r.exit(), r::toString);
        assertTrue(r.err().startsWith("error: stack err6 is locked by alice on alice-laptop (pid 4242, `up`) since "
                + since), r::toString);
        assertTrue(r.err().contains("run: hackathon-infra unlock"), r::toString);
        assertEquals(List.of("ssm:PutParameter"), cli.calls.mutatingCalls().stream().map(c -> c.name()).toList(),
                "nothing but the lock attempt");
        Readme.assertTroubleshootingCovers(r.err());
    }

    @Test
    void aConfigErrorNamesFileAndLine(MotoServer moto) throws Exception {
        Path config = seedConfigWith("err7", "storageGb: 20", "storageGb: 5");
        TestCli cli = new TestCli(moto);
        Result r = cli.run("up", "--config", config.toString());
        assertEquals(2, r.exit(), r::toString);
        assertTwoLines(r.err(), "error: config has 1 problem (nothing was called on AWS):",
                "  " + config + ":12: database.storageGb: must be 20 to 65536, got 5");
        assertEquals(0, cli.sessionsOpened.get());
        Readme.assertTroubleshootingCovers(r.err());
    }

    @Test
    void anUnreachableEndpointFailsFastWithItsAddressAndStackTracesOnlyWithVerbose(MotoServer moto) {
        Path config = TestCli.seedConfig(dir, "err8");
        TestCli cli = new TestCli(moto);
        long start = System.nanoTime();
        Result r = cli.runRaw("--endpoint-url", "http://127.0.0.1:1", "status", "--config", config.toString());
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertEquals(1, r.exit(), r::toString);
        assertTwoLines(r.err(), "error: cannot reach http://127.0.0.1:1: Connection refused",
                "  fix: check the network connection, --endpoint-url and AWS_ENDPOINT_URL");
        // Not eight attempts with backoff per kind (that took 19 s): one refused connect each.
        assertTrue(millis < 5_000, "took " + millis + " ms");
        Readme.assertTroubleshootingCovers(r.err());

        Result verbose = cli.runRaw("--endpoint-url", "http://127.0.0.1:1", "status", "--verbose", "--config",
                config.toString());
        assertEquals(1, verbose.exit());
        assertTrue(verbose.err().contains("\tat "), "a stack trace with --verbose:\n" + verbose.err());
    }

    /** The seed config with one edit (a regex and its replacement). */
    private Path seedConfigWith(String stack, String regex, String replacement) throws java.io.IOException {
        Path config = TestCli.seedConfig(dir, stack);
        Files.writeString(config, Files.readString(config).replaceFirst(regex, replacement));
        return config;
    }

    /** Exactly these two lines (the first one starting with {@code first}). */
    private static void assertTwoLines(String text, String first, String second) {
        List<String> lines = text.lines().toList();
        assertEquals(2, lines.size(), text);
        assertTrue(lines.get(0).startsWith(first), "first line:\n" + text);
        assertEquals(second, lines.get(1), text);
        assertFalse(text.contains("\tat "), "no stack trace without --verbose");
    }
}
