package dev.hackathon.infra.stack.preflight;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import dev.hackathon.infra.config.StackConfig;
import dev.hackathon.infra.config.SubnetLayout.Tier;
import dev.hackathon.infra.engine.Change;
import dev.hackathon.infra.engine.Plan;
import dev.hackathon.infra.engine.PlannedChange;
import dev.hackathon.infra.engine.PlannedChange.Action;
import dev.hackathon.infra.stack.ComputeTier;
import dev.hackathon.infra.stack.DataTier;
import dev.hackathon.infra.stack.EdgeTier;
import dev.hackathon.infra.stack.NetworkTier;
import dev.hackathon.infra.testing.TestConfigs;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;

/** The runner and the checks' own logic, without AWS: fakes, no sleeping. */
class PreflightUnitTest {

    private static final StackConfig SEED = TestConfigs.seed("unit");

    private static PreflightContext context(StackConfig c) {
        return new PreflightContext(c, null, Map.of());
    }

    private static AwsServiceException error(String code, int status) {
        return (AwsServiceException) AwsServiceException.builder().statusCode(status).message(code)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).errorMessage("m").build()).build();
    }

    private static PreflightCheck check(String id, java.util.function.Supplier<List<Finding>> body) {
        return new PreflightCheck() {
            @Override
            public String id() {
                return id;
            }

            @Override
            public boolean neededFor(PreflightScope scope) {
                return true;
            }

            @Override
            public List<Finding> run(PreflightContext c) {
                return body.get();
            }
        };
    }

    @Test
    void checksRunSideBySideAndComeBackInTheirOrder() {
        // Each check waits for all the others to have started: run one after another, they would time out.
        int n = 6;
        CountDownLatch started = new CountDownLatch(n);
        List<PreflightCheck> checks = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String id = "c" + i;
            checks.add(check(id, () -> {
                started.countDown();
                try {
                    boolean all = started.await(10, TimeUnit.SECONDS);
                    return List.of(all ? Finding.ok(id, "met the others") : Finding.fail(id, "ran alone", "-"));
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            }));
        }
        Preflight.Result r = new Preflight(checks).run(context(SEED));
        assertEquals(List.of("c0", "c1", "c2", "c3", "c4", "c5"), r.findings().stream().map(Finding::id).toList());
        assertFalse(r.failed(), r::toString);
    }

    @Test
    void aCallTheCallerMayNotMakeOrTheEndpointLacksIsAWarningNamingIt() {
        Finding denied = Preflight.runOne(check("quota.vpcs", () -> Api.call("ec2:DescribeVpcs", () -> {
            throw error("UnauthorizedOperation", 403);
        })), context(SEED)).get(0);
        assertEquals(Finding.Status.WARN, denied.status());
        assertEquals("not checked: the caller may not call ec2:DescribeVpcs (UnauthorizedOperation)", denied.detail());
        assertTrue(denied.fix().startsWith("allow ec2:DescribeVpcs"), denied::fix);

        Finding lacking = Preflight.runOne(check("bedrock", () -> Api.call("bedrock:GetFoundationModel", () -> {
            throw error("InternalFailure", 500).toBuilder()
                    .awsErrorDetails(AwsErrorDetails.builder().errorCode("InternalFailure")
                            .errorMessage("The get_foundation_model action has not been implemented").build()).build();
        })), context(SEED)).get(0);
        assertEquals("not checked: the endpoint does not offer bedrock:GetFoundationModel", lacking.detail());

        Finding other = Preflight.runOne(check("zones", () -> Api.call("ec2:DescribeAvailabilityZones", () -> {
            throw error("RequestLimitExceeded", 503);
        })), context(SEED)).get(0);
        assertEquals(Finding.Status.WARN, other.status(), "anything else is a warning too: doctor must not block");
        assertTrue(other.detail().contains("ec2:DescribeAvailabilityZones failed: RequestLimitExceeded"), other::detail);
    }

    @Test
    void expiredCredentialsAreNotAWarningButTheCommandsError() {
        AwsServiceException expired = error("ExpiredToken", 400);
        RuntimeException thrown = assertThrows(RuntimeException.class, () -> new Preflight(List.of(check("identity",
                () -> Api.call("sts:GetCallerIdentity", () -> {
                    throw expired;
                })))).run(context(SEED)));
        assertSame(expired, thrown, "rethrown as it came, so it exits 4 with its fix");
    }

    @Test
    void anAccountThatCannotBeReachedFailsTheIdentityCheckWithTheFix() {
        dev.hackathon.infra.aws.AwsSession unreachable = new dev.hackathon.infra.aws.AwsSession(
                software.amazon.awssdk.regions.Region.AP_NORTHEAST_1, java.net.URI.create("http://127.0.0.1:9"),
                software.amazon.awssdk.auth.credentials.StaticCredentialsProvider.create(
                        software.amazon.awssdk.auth.credentials.AwsBasicCredentials.create("test", "test")), List.of());
        try (unreachable) {
            Finding f = new IdentityCheck().run(new PreflightContext(SEED, unreachable, Map.of())).get(0);
            assertEquals(Finding.Status.FAIL, f.status(), f::toString);
            assertTrue(f.detail().startsWith("AWS not reached: "), f::detail);
            assertEquals(dev.hackathon.infra.aws.ErrorAdvice.UNREACHABLE, f.fix());
        }
    }

    private static PlannedChange line(Action action, String key, Change... changes) {
        return new PlannedChange(action, key, key.substring(0, key.indexOf('/')), key, null, List.of(changes));
    }

    private static Plan plan(PlannedChange... lines) {
        return new Plan(List.of(lines));
    }

    @Test
    void aFreshStackRunsEveryCheckButIdentityAndTheLocalTools() {
        List<PlannedChange> everything = new ArrayList<>();
        for (String key : List.of(NetworkTier.VPC, NetworkTier.subnetKey(Tier.PUBLIC, 0), NetworkTier.IGW,
                NetworkTier.EIP, NetworkTier.NAT, ComputeTier.INSTANCE, ComputeTier.BEDROCK_POLICY, DataTier.DB,
                DataTier.CACHE, EdgeTier.HTTP)) {
            everything.add(line(Action.CREATE, key));
        }
        assertEquals(List.of("zones", "quota.vpcs", "quota.internet-gateways", "quota.elastic-ips",
                "quota.nat-gateways", "instance-type", "db-class", "cache-node-type", "bedrock"),
                Preflight.forUp(new Plan(everything)).ids(),
                "identity: discovery reached the account already; certificate: no HTTPS listener is made");
        assertTrue(Preflight.all().ids().containsAll(List.of("identity", "tools", "certificate")));
    }

    @Test
    void aPlanThatMakesNothingRunsNoCheck() {
        Plan noOp = plan(line(Action.NONE, NetworkTier.VPC), line(Action.NONE, ComputeTier.INSTANCE),
                line(Action.NONE, DataTier.DB));
        Preflight none = Preflight.forUp(noOp);
        assertTrue(none.isEmpty(), none.ids()::toString);
        assertEquals(List.of(), none.run(context(SEED)).findings());
        // Tag drift, a security group repaired, a deletion: nothing a check guards.
        Plan repairs = plan(line(Action.UPDATE, NetworkTier.VPC, new Change("tags", "a", "b")),
                line(Action.UPDATE, ComputeTier.INSTANCE, Change.security("metadata.httpTokens", "optional", "required")),
                line(Action.DELETE, NetworkTier.NAT));
        assertEquals(List.of(), Preflight.forUp(repairs).ids());
    }

    @Test
    void aChangeOfWhatACheckReadsRunsThatCheckAlone() {
        assertEquals(List.of("instance-type"), Preflight.forUp(plan(line(Action.REPLACE, ComputeTier.INSTANCE,
                new Change("type", "t3.small", "t3.large")))).ids());
        assertEquals(List.of("db-class"), Preflight.forUp(plan(line(Action.UPDATE, DataTier.DB,
                new Change("instanceClass", "db.t4g.micro", "db.t4g.small")))).ids());
        assertEquals(List.of("cache-node-type"), Preflight.forUp(plan(line(Action.UPDATE, DataTier.CACHE,
                new Change("nodeType", "cache.t4g.micro", "cache.t4g.small")))).ids());
        assertEquals(List.of("bedrock"), Preflight.forUp(plan(line(Action.UPDATE, ComputeTier.BEDROCK_POLICY,
                new Change("document", "a", "b")))).ids());
        assertEquals(List.of("certificate"), Preflight.forUp(plan(line(Action.UPDATE, EdgeTier.HTTPS,
                new Change("certificate", "arn:a", "arn:b")))).ids());
        assertEquals(List.of("certificate"), Preflight.forUp(plan(line(Action.CREATE, "cert/main"))).ids());
        assertEquals(List.of("zones"), Preflight.forUp(plan(line(Action.CREATE, NetworkTier.subnetKey(Tier.DATA, 1))))
                .ids());
        assertEquals(List.of("quota.elastic-ips"), Preflight.forUp(plan(line(Action.CREATE, NetworkTier.EIP))).ids());
    }

    @Test
    void aWildcardCoversOneLabelOnly() {
        assertTrue(CertificateCheck.covers("example.com", "example.com"));
        assertTrue(CertificateCheck.covers("*.example.com", "api.example.com"));
        assertTrue(CertificateCheck.covers("*.Example.com", "API.example.com"));
        assertTrue(CertificateCheck.covers("*.example.com", "*.example.com"), "a wildcard rule host, same wildcard");
        assertFalse(CertificateCheck.covers("*.example.com", "example.com"));
        assertFalse(CertificateCheck.covers("*.example.com", "a.b.example.com"));
        assertFalse(CertificateCheck.covers("api.example.com", "www.example.com"));
    }

    @Test
    void autoCertificateNeedsHostsAcmCanIssueFor() {
        StackConfig auto = withCertificate("auto");
        Finding ok = new CertificateCheck().run(context(auto)).get(0);
        assertEquals(Finding.Status.OK, ok.status(), ok::detail);
        StackConfig none = withCertificate(null);
        assertEquals("none set: the load balancer serves HTTP on port 80 only",
                new CertificateCheck().run(context(none)).get(0).detail());
        StackConfig elsewhere = withCertificate("arn:aws:acm:us-east-1:123456789012:certificate/abc");
        Finding wrongRegion = new CertificateCheck().run(context(elsewhere)).get(0);
        assertEquals("the certificate is in us-east-1, the stack in ap-northeast-1", wrongRegion.detail());
    }

    private static StackConfig withCertificate(String arn) {
        StackConfig.LoadBalancer lb = SEED.loadBalancer();
        return new StackConfig(SEED.stack(), SEED.region(), SEED.profile(), SEED.tags(), SEED.expiresAt(), SEED.network(),
                SEED.database(), SEED.cache(), SEED.instance(), SEED.bedrock(),
                new StackConfig.LoadBalancer(arn, lb.targets(), lb.rules()), SEED.source());
    }

    @Test
    void cacheNodeTypesKnownPerEngine() {
        assertEquals(Finding.Status.OK, cache("valkey", "cache.t4g.micro").status());
        assertEquals(Finding.Status.OK, cache("redis", "cache.r7g.2xlarge").status());
        assertEquals(Finding.Status.OK, cache("redis", "cache.t2.micro").status());
        Finding old = cache("valkey", "cache.t2.micro");
        assertEquals(Finding.Status.FAIL, old.status());
        assertEquals("cache.t2.micro is a previous-generation type, which valkey does not run on", old.detail());
        assertEquals(Finding.Status.FAIL, cache("valkey", "cache.z9.micro").status());
    }

    private static Finding cache(String engine, String type) {
        StackConfig c = new StackConfig(SEED.stack(), SEED.region(), SEED.profile(), SEED.tags(), SEED.expiresAt(),
                SEED.network(), SEED.database(), new StackConfig.Cache(engine, type), SEED.instance(), SEED.bedrock(),
                SEED.loadBalancer(), SEED.source());
        return new CacheNodeTypeCheck().run(context(c)).get(0);
    }

    @Test
    void inferenceProfileIdsAreAModelBehindAGeography() {
        assertEquals("anthropic.claude-3-5-haiku-20241022-v1:0",
                BedrockModelsCheck.profileModel("us.anthropic.claude-3-5-haiku-20241022-v1:0"));
        assertEquals("anthropic.claude-sonnet-4-20250514-v1:0",
                BedrockModelsCheck.profileModel("global.anthropic.claude-sonnet-4-20250514-v1:0"));
        assertNull(BedrockModelsCheck.profileModel("anthropic.claude-3-haiku-20240307-v1:0"));
        assertNull(BedrockModelsCheck.profileModel("amazon.titan-embed-text-v2:0"));
    }

    @Test
    void theStacksZonesComeFromItsLayout() {
        PreflightContext c = context(SEED);
        assertEquals("ap-northeast-1a", c.natZone());
        assertEquals("ap-northeast-1a", c.appZone());
        assertEquals(List.of("ap-northeast-1a", "ap-northeast-1c"), c.dataZones());
    }
}
