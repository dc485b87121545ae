package dev.hackathon.infra.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.JsonNode;

import dev.hackathon.infra.aws.AwsSession;
import dev.hackathon.infra.engine.VirtualClock;
import dev.hackathon.infra.resources.edge.LoadBalancers;
import dev.hackathon.infra.resources.network.PermissionSet;
import dev.hackathon.infra.resources.Ownership;
import dev.hackathon.infra.resources.edge.Rules;
import dev.hackathon.infra.stack.StackTags;
import dev.hackathon.infra.testing.FaultInjector;
import dev.hackathon.infra.testing.MotoExtension;
import dev.hackathon.infra.testing.MotoServer;
import dev.hackathon.infra.testing.RecordingInterceptor;
import dev.hackathon.infra.testing.TestCli;
import dev.hackathon.infra.testing.TestCli.Result;
import dev.hackathon.infra.testing.WithMoto;
import software.amazon.awssdk.core.SdkResponse;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.HttpTokensState;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ActionTypeEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.DescribeTargetHealthRequest;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.DescribeTargetHealthResponse;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancerAttribute;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetHealthReasonEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetHealthStateEnum;

/**
 * Issue 7 through the real command line on the full seed stack in moto: plan and status for
 * CI (drift, health, outputs, cost, expiry, JSON, exit codes). One stack is built once and
 * shared; every test starts by converging it with the seed config and leaves it repairable.
 */
@WithMoto
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PlanStatusTest {

    private static final String STACK = "ps";

    private Path dir;
    private TestCli cli;
    private Path seed;
    private AwsSession aws;
    private final JsonContract contract = new JsonContract();
    /** The last test ended with status exit 0 on the seed config: the next need not run up first. */
    private boolean clean;
    /** Ids by key from that status; null when unknown. */
    private Map<String, String> ids;

    @BeforeAll
    void upOnce(MotoServer moto, @TempDir Path tmp) {
        dir = tmp;
        cli = new TestCli(moto);
        seed = TestCli.seedConfig(dir, STACK);
        aws = MotoExtension.session(moto, new RecordingInterceptor(), new FaultInjector());
        Result up = cli.run("--config", seed.toString(), "up");
        assertEquals(0, up.exit(), up::toString);
        clean = true;
    }

    @AfterAll
    void close() {
        aws.close();
    }

    /**
     * Every test starts from the stack as the seed config wants it: converged again unless the
     * previous test proved it so (saves an up per test; a failed test leaves it to the next).
     */
    @BeforeEach
    void converged() {
        cli.faults.clearRules();
        if (!clean) {
            Result up = run(seed, "up", "--yes");
            assertEquals(0, up.exit(), up::toString);
            ids = null;
        }
        clean = false;
    }

    /** Status on the seed config exits 0: the stack is as the next test needs it. */
    private void assertClean() throws Exception {
        Result status = run(seed, "status", "--output", "json");
        assertEquals(0, status.exit(), status::toString);
        ids = ids(CliContractTest.oneJsonDocument(status.out()));
        clean = true;
    }

    @Test
    void afterUpPlanAndStatusExitZeroAndStatusGivesEveryOutput() throws Exception {
        Result plan = run(seed, "plan");
        assertEquals(0, plan.exit(), plan::toString);
        assertTrue(plan.out().startsWith("No changes."), plan::toString);
        assertEquals(0, run(seed, "up", "--dry-run").exit());

        Result text = run(seed, "status");
        assertEquals(0, text.exit(), text::toString);
        Result json = run(seed, "status", "--output", "json");
        assertEquals(0, json.exit(), json::toString);
        JsonNode doc = CliContractTest.oneJsonDocument(json.out());
        assertTrue(doc.get("healthy").asBoolean());
        JsonNode outputs = doc.get("outputs");
        String dns = outputs.path(LoadBalancers.DNS_OUTPUT).asText();
        String instance = outputs.path("instance.id").asText();
        assertTrue(dns.endsWith(".elb.amazonaws.com"), outputs::toString);
        assertTrue(instance.matches("i-[0-9a-f]+"), outputs::toString);
        assertTrue(outputs.path("db.endpoint").asText().contains(".rds."), outputs::toString);
        assertTrue(outputs.path("db.secretArn").asText().startsWith("arn:aws:secretsmanager:"), outputs::toString);
        assertTrue(outputs.path("cache.endpoint").asText().endsWith(":6379"), outputs::toString);
        assertEquals("aws ssm start-session --target " + instance + " --region ap-northeast-1",
                outputs.path("instance.ssm").asText());
        // Health per target group; moto reports a registered running instance healthy.
        assertEquals("healthy", outputs.path("target.app.health").asText(), outputs::toString);
        assertEquals("healthy", outputs.path("target.api.health").asText(), outputs::toString);
        assertEquals("healthy", resource(doc, "target/app").get("state").asText());

        // The same in text, and what to point the hosts at.
        for (String key : List.of(LoadBalancers.DNS_OUTPUT, "db.endpoint", "db.secretArn", "cache.endpoint",
                "instance.id", "instance.ssm", "target.app.health")) {
            assertTrue(text.out().contains(outputs.get(key).asText()), key + " missing in\n" + text.out());
        }
        assertTrue(text.out().contains("Point example.com and api.example.com at " + dns), text::toString);
        assertTrue(text.out().contains("Healthy: "), text::toString);
        ids = ids(doc);
        clean = true;
    }

    private static software.amazon.awssdk.services.elasticloadbalancingv2.model.Tag elbTag(String key, String value) {
        return software.amazon.awssdk.services.elasticloadbalancingv2.model.Tag.builder().key(key).value(value).build();
    }

    /** Something changed behind the tool's back, and what status and plan must say about it. */
    record Breakage(String name, String key, Expect expect, String field, boolean security, String planMark,
                    Consumer<Stack> apply) {
        @Override
        public String toString() {
            return name;
        }
    }

    enum Expect { DRIFT, MISSING, NOT_IN_CONFIG }

    /** The live stack's ids by key (from status), and clients to break it with. */
    record Stack(Map<String, String> ids, Ec2Client ec2, ElasticLoadBalancingV2Client elb) {
        String id(String key) {
            return ids.get(key);
        }
    }

    static Stream<Breakage> breakages() {
        return Stream.of(
                new Breakage("an egress rule added to the db group", "sg/db", Expect.DRIFT, "egress", true, "~",
                        s -> s.ec2().authorizeSecurityGroupEgress(r -> r.groupId(s.id("sg/db"))
                                .ipPermissions(PermissionSet.permission("tcp:443-443 from 0.0.0.0/0")))),
                new Breakage("a listener rule's priority changed", "rule/example.com", Expect.DRIFT, "priority", false, "~",
                        s -> s.elb().setRulePriorities(r -> r.rulePriorities(p -> p.ruleArn(s.id("rule/example.com"))
                                .priority(150)))),
                // Carrying the stack's tags (made by an older config, say): ours, so not in the config.
                // A rule without them is not the stack's (RulesCommandTest).
                new Breakage("a listener rule of the stack added", "rule/rogue.example.com", Expect.NOT_IN_CONFIG, "config",
                        false, "-", s -> s.elb().createRule(r -> r.listenerArn(s.id("listener/http")).priority(7)
                                .conditions(c -> c.field("host-header").hostHeaderConfig(h -> h.values("rogue.example.com")))
                                .actions(a -> a.type(ActionTypeEnum.FORWARD).targetGroupArn(s.id("tg/app")))
                                .tags(elbTag(Ownership.STACK_TAG, STACK), elbTag(Ownership.KEY_TAG, "rule/rogue.example.com")))),
                new Breakage("the listener's default action changed", "listener/http", Expect.DRIFT, "defaultAction", false,
                        "~", s -> s.elb().modifyListener(r -> r.listenerArn(s.id("listener/http"))
                                .defaultActions(a -> a.type(ActionTypeEnum.FORWARD).targetGroupArn(s.id("tg/app"))))),
                new Breakage("a load balancer attribute changed", "alb/main", Expect.DRIFT,
                        LoadBalancers.DROP_INVALID_HEADERS, true, "~",
                        s -> s.elb().modifyLoadBalancerAttributes(r -> r.loadBalancerArn(s.id("alb/main")).attributes(
                                LoadBalancerAttribute.builder().key(LoadBalancers.DROP_INVALID_HEADERS).value("false").build()))),
                new Breakage("a subnet deleted", "subnet/app-b", Expect.MISSING, null, false, "+",
                        s -> s.ec2().deleteSubnet(r -> r.subnetId(s.id("subnet/app-b")))),
                new Breakage("the instance's metadata options set to optional", "instance/app", Expect.DRIFT,
                        "metadata.httpTokens", true, "~",
                        s -> s.ec2().modifyInstanceMetadataOptions(r -> r.instanceId(s.id("instance/app"))
                                .httpTokens(HttpTokensState.OPTIONAL))),
                new Breakage("a tag removed", "vpc/main", Expect.DRIFT, "tags.Project", false, "~",
                        s -> s.ec2().deleteTags(r -> r.resources(s.id("vpc/main")).tags(Tag.builder().key("Project").build()))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("breakages")
    @Order(1)
    void driftIsReportedPlannedAndRepaired(Breakage b) throws Exception {
        b.apply().accept(stack());

        // status, text: exit 3, the resource and the field named; a security finding stands out.
        Result text = run(seed, "status");
        assertEquals(3, text.exit(), text::toString);
        String row = text.out().lines().filter(l -> l.startsWith(b.key() + " ")).findFirst().orElse("");
        switch (b.expect()) {
            case DRIFT -> assertTrue(row.contains(b.field() + ": "), () -> "no " + b.field() + " on the row of " + b.key()
                    + "\n" + text);
            case MISSING -> assertTrue(row.contains("missing"), text::toString);
            case NOT_IN_CONFIG -> assertTrue(row.contains("not in config"), text::toString);
        }
        if (b.security()) {
            assertTrue(text.out().lines().anyMatch(l -> l.startsWith("SECURITY: ") && l.contains(b.key())
                    && l.contains(b.field())), text::toString);
        } else {
            assertTrue(text.out().lines().noneMatch(l -> l.startsWith("SECURITY: ")), text::toString);
        }

        // status, JSON: the same facts for a machine.
        Result json = run(seed, "status", "--output", "json");
        assertEquals(3, json.exit(), json::toString);
        JsonNode doc = CliContractTest.oneJsonDocument(json.out());
        assertFalse(doc.get("healthy").asBoolean());
        switch (b.expect()) {
            case DRIFT -> {
                JsonNode change = drift(resource(doc, b.key()), b.field());
                assertNotNull(change, () -> b.field() + " not in the drift of " + b.key() + ": " + resource(doc, b.key()));
                assertEquals(b.security(), change.get("security").asBoolean(), change::toString);
                assertFalse(resource(doc, b.key()).get("healthy").asBoolean());
            }
            case MISSING -> {
                assertFalse(resource(doc, b.key()).get("present").asBoolean());
                assertEquals("missing", resource(doc, b.key()).get("state").asText());
            }
            case NOT_IN_CONFIG -> assertTrue(keys(doc.get("extra")).contains(b.key()), doc.get("extra")::toString);
        }
        if (b.security()) {
            assertTrue(texts(doc.get("warnings")).stream().anyMatch(w -> w.startsWith("SECURITY: ") && w.contains(b.key())),
                    doc.get("warnings")::toString);
        }

        // plan: exit 3 and the fix.
        Result plan = run(seed, "plan");
        assertEquals(3, plan.exit(), plan::toString);
        assertTrue(plan.out().lines().anyMatch(l -> l.startsWith(b.planMark() + " " + b.key() + " ")), plan::toString);
        if (b.expect() == Expect.DRIFT) {
            assertTrue(plan.out().contains(b.field() + ": "), plan::toString);
        }

        // up repairs it, and status is clean again.
        Result up = run(seed, "up", "--yes");
        assertEquals(0, up.exit(), up::toString);
        assertClean();
    }

    @Test
    void unhealthyTargetsMakeStatusExit3ButUpDoesNotWaitForThem(MotoServer moto) throws Exception {
        TestCli failing = new TestCli(moto).intercept(new UnhealthyAppTargets());
        Result text = failing.run("--config", seed.toString(), "status");
        assertEquals(3, text.exit(), text::toString);
        assertTrue(text.out().lines().anyMatch(l -> l.startsWith("warning: target unhealthy: target/app")
                && l.contains("tg/app") && l.contains("Target.FailedHealthChecks")), text::toString);
        assertTrue(text.out().contains("1 target unhealthy"), text::toString);

        Result json = failing.run("--config", seed.toString(), "status", "--output", "json");
        assertEquals(3, json.exit(), json::toString);
        JsonNode doc = CliContractTest.oneJsonDocument(json.out());
        assertFalse(doc.get("healthy").asBoolean());
        assertEquals("unhealthy", resource(doc, "target/app").get("state").asText());
        assertFalse(resource(doc, "target/app").get("healthy").asBoolean());
        assertTrue(resource(doc, "target/api").get("healthy").asBoolean(), "health is per target group");
        assertEquals("unhealthy", doc.get("outputs").get("target.app.health").asText());
        assertTrue(doc.get("outputs").get("target.app.reason").asText().startsWith("Target.FailedHealthChecks"));

        // Not drift: up has nothing to change and does not wait for the health checks.
        failing.calls.clear();
        Result up = failing.run("--config", seed.toString(), "up", "--yes");
        assertEquals(0, up.exit(), up::toString);
        assertEquals(List.of(), failing.calls.mutatingCalls().stream()
                .filter(c -> !c.service().equals("ssm")).toList(), "only the run lock");
        assertEquals(0, failing.run("--config", seed.toString(), "plan").exit());
        clean = true; // nothing was changed
    }

    @Test
    void statusCallsDoNotGrowWithTheNumberOfRulesAndRulesLeftOutOfTheConfigAreDeleted() {
        String twoRules = statusCalls(seed);

        List<String> many = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            many.add("    - {host: h" + i + ".example.com, target: " + (i % 2 == 0 ? "app" : "api") + ", priority: "
                    + (200 + i) + "}");
        }
        Path thirty = config("thirty", rules(String.join("\n", many)));
        assertEquals(0, run(thirty, "up", "--yes").exit());
        String thirtyRules = statusCalls(thirty);
        // Flat, but for the rules' tags (their ownership): 1 + 2 + 2 + rules ARNs, 20 a DescribeTags.
        assertEquals(twoRules.replace("elasticloadbalancingv2:DescribeTags=1", "elasticloadbalancingv2:DescribeTags=2"),
                thirtyRules, "status calls with 2 rules, then with 30");
        int total = cli.calls.calls().size();
        assertTrue(total <= 60, () -> total + " calls: " + cli.calls.summary());

        // No rules at all in the config: the 30 are still found as ours, planned for
        // deletion, listed by down, and deleted by up.
        Path none = config("none", rules(""));
        Result plan = run(none, "plan");
        assertEquals(3, plan.exit(), plan::toString);
        assertEquals(30, plan.out().lines().filter(l -> l.matches("- rule/h\\d+\\.example\\.com .*will be destroyed")).count(),
                plan::toString);
        Result downPlan = run(none, "down", "--dry-run");
        assertTrue(downPlan.out().contains("- rule/h29.example.com "), downPlan::toString);
        Result up = run(none, "up", "--yes");
        assertEquals(0, up.exit(), up::toString);
        assertTrue(up.out().contains("30 deleted"), up::toString);
        assertEquals(0, run(none, "status").exit());
        assertEquals(0, run(none, "plan").exit());
    }

    @Test
    void costIsInPlanAndStatusAndAnUnknownTypeIsUnknownNotGuessed(MotoServer moto) throws Exception {
        Path unknown = config("unknown", text -> text.replace("type: t3.small", "type: m8x.huge"));
        Result plan = run(unknown, "plan");
        assertTrue(plan.out().contains("unknown, not included: EC2 instance m8x.huge"), plan::toString);
        JsonNode cost = CliContractTest.oneJsonDocument(run(unknown, "status", "--output", "json").out()).get("cost");
        assertEquals(List.of("EC2 instance m8x.huge"), texts(cost.get("unknown")));
        JsonNode line = line(cost, "EC2 instance");
        assertEquals("m8x.huge", line.get("detail").asText());
        assertEquals("unknown", line.get("perHour").asText());
        // The total is the known lines only: the seed's total less the t3.small's $0.0272.
        assertEquals(0.1799 - 0.0272, cost.get("perHour").asDouble(), 0.0002);

        // Both regions of the price table, through plan on an empty stack in us-east-1.
        Path virginia = config("virginia", text -> text.replace("region: ap-northeast-1", "region: us-east-1")
                .replace("[ap-northeast-1a, ap-northeast-1c]", "[us-east-1a, us-east-1b]"));
        Result east = run(virginia, "plan", "--output", "json");
        assertEquals(3, east.exit(), east::toString);
        JsonNode eastCost = CliContractTest.oneJsonDocument(east.out()).get("cost");
        assertEquals(List.of(), texts(eastCost.get("unknown")));
        assertEquals(0.0208, line(eastCost, "EC2 instance").get("perHour").asDouble(), 1e-9);
        assertEquals(0.1374, eastCost.get("perHour").asDouble(), 0.0001);
        assertEquals(0.1374 * 24, eastCost.get("perDay").asDouble(), 0.003);
        JsonNode tokyo = CliContractTest.oneJsonDocument(run(seed, "status", "--output", "json").out()).get("cost");
        assertEquals(0.1799, tokyo.get("perHour").asDouble(), 0.0001);
        Result text = run(seed, "status");
        assertEquals(0, text.exit(), text::toString);
        assertTrue(text.out().contains("Estimated cost: $0.180/hour, $4.32/day in ap-northeast-1"), text::toString);
        clean = true;
    }

    @Test
    void expiresAtBecomesATagAndStatusWarnsOnceItHasPassed(MotoServer moto) throws Exception {
        Path expiring = config("expiring", text -> text.replaceFirst("(?m)^tags: ", "expiresAt: 2026-03-01\ntags: "));
        Result up = run(expiring, "up", "--yes");
        assertEquals(0, up.exit(), up::toString);
        List<Tag> vpcTags = aws.ec2().describeVpcs(r -> r.filters(Filter.builder().name("tag:hackathon-infra:stack")
                .values(STACK).build())).vpcs().get(0).tags();
        assertTrue(vpcTags.contains(Tag.builder().key(StackTags.EXPIRES_TAG).value("2026-03-01").build()), vpcTags::toString);

        // A date means the end of that day in UTC.
        Result before = new TestCli(moto).clock(new VirtualClock(Instant.parse("2026-03-01T23:59:00Z").toEpochMilli()))
                .run("--config", expiring.toString(), "status");
        assertEquals(0, before.exit(), before::toString);
        assertFalse(before.out().contains("expired"), before::toString);

        Result after = new TestCli(moto).clock(new VirtualClock(Instant.parse("2026-03-02T00:00:01Z").toEpochMilli()))
                .run("--config", expiring.toString(), "status", "--output", "json");
        assertEquals(0, after.exit(), "an expired stack is a warning, not drift: " + after);
        assertTrue(after.out().contains("stack ps expired at 2026-03-01 (expiresAt) and is still running"), after::toString);
        assertClean(); // the seed config does not ask for the expiry tag, and an extra tag is no drift
    }

    /**
     * Every field of docs/json.md in real documents of status, plan, up and rules, with
     * every array of objects non-empty somewhere, so each element field is checked too.
     */
    @Test
    void jsonDocumentsHaveExactlyTheDocumentedFields() throws Exception {
        Stack s = stack();
        s.ec2().authorizeSecurityGroupEgress(r -> r.groupId(s.id("sg/db"))
                .ipPermissions(PermissionSet.permission("tcp:443-443 from 0.0.0.0/0")));
        s.elb().deleteRule(r -> r.ruleArn(s.id("rule/api.example.com")));
        s.elb().createRule(r -> r.listenerArn(s.id("listener/http")).priority(7)
                .conditions(c -> c.field("host-header").hostHeaderConfig(h -> h.values("rogue.example.com")))
                .actions(a -> a.type(ActionTypeEnum.FORWARD).targetGroupArn(s.id("tg/app")))
                .tags(elbTag(Ownership.STACK_TAG, STACK), elbTag(Ownership.KEY_TAG, "rule/rogue.example.com")));
        // And one made by hand, not the stack's: listed as such.
        s.elb().createRule(r -> r.listenerArn(s.id("listener/http")).priority(8)
                .conditions(c -> c.field("host-header").hostHeaderConfig(h -> h.values("by-hand.example.com")))
                .actions(a -> a.type(ActionTypeEnum.FORWARD).targetGroupArn(s.id("tg/app"))));
        Path unknown = config("unknown-type", text -> text.replace("type: t3.small", "type: m8x.huge"));

        Result status = run(unknown, "status", "--output", "json");
        assertEquals(3, status.exit(), status::toString);
        JsonNode statusDoc = CliContractTest.oneJsonDocument(status.out());
        contract.check("status", statusDoc);
        contract.assertAllSeen("status");
        assertEquals(1, statusDoc.get("version").asInt());
        assertEquals("version", statusDoc.fieldNames().next(), "version comes first");

        Result plan = run(unknown, "plan", "--output", "json");
        assertEquals(3, plan.exit(), plan::toString);
        JsonNode planDoc = CliContractTest.oneJsonDocument(plan.out());
        contract.check("plan", planDoc);
        contract.assertAllSeen("plan");
        assertTrue(planDoc.get("hasChanges").asBoolean());
        Result dryRun = run(unknown, "up", "--dry-run", "--output", "json");
        assertEquals(3, dryRun.exit());
        assertEquals(plan.out(), dryRun.out(), "up --dry-run is plan");

        Result rules = run(seed, "rules", "list", "--output", "json");
        assertEquals(3, rules.exit(), rules::toString);
        contract.check("rules list", CliContractTest.oneJsonDocument(rules.out()));
        contract.assertAllSeen("rules list");

        // A failing create: up's document lists it (exit 1); then up repairs everything.
        cli.faults.fail("CreateRule", "ValidationError", 400);
        Result failed = run(seed, "up", "--yes", "--output", "json");
        assertEquals(1, failed.exit(), failed::toString);
        JsonNode failedDoc = CliContractTest.oneJsonDocument(failed.out());
        contract.check("up and down", failedDoc);
        assertEquals("rule/api.example.com", failedDoc.get("failures").get(0).get("key").asText(), failedDoc::toString);
        cli.faults.clearRules();
        Result repaired = run(seed, "up", "--yes", "--output", "json");
        assertEquals(0, repaired.exit(), repaired::toString);
        JsonNode upDoc = CliContractTest.oneJsonDocument(repaired.out());
        contract.check("up and down", upDoc);
        contract.assertAllSeen("up and down");
        assertTrue(run(seed, "status", "--output", "json").out().contains(upDoc.get("outputs").get("alb.dnsName").asText()),
                "up's outputs are status's");

        Result sync = run(seed, "rules", "sync", "--output", "json");
        assertEquals(0, sync.exit(), sync::toString);
        contract.check("rules add, remove and sync", CliContractTest.oneJsonDocument(sync.out()));
        // sync left the rule made by hand; it is not the stack's to clean up, so the test does.
        s.elb().describeRules(r -> r.listenerArn(s.id("listener/http"))).rules().stream()
                .filter(r -> Rules.hosts(r).contains("by-hand.example.com"))
                .forEach(r -> s.elb().deleteRule(d -> d.ruleArn(r.ruleArn())));
        assertClean();
    }

    /** Last: down's document, and the stack gone. */
    @Test
    @Order(Integer.MAX_VALUE)
    void downJsonDeletesEverything() throws Exception {
        Result down = run(seed, "down", "--yes", "--output", "json");
        assertEquals(0, down.exit(), down::toString);
        JsonNode doc = CliContractTest.oneJsonDocument(down.out());
        contract.check("up and down", doc);
        assertEquals("down", doc.get("command").asText());
        assertTrue(doc.get("deleted").asInt() >= 35, doc::toString);
        assertEquals(0, doc.get("outputs").size(), doc::toString);
        Result status = run(seed, "status", "--output", "json");
        assertEquals(3, status.exit());
        CliContractTest.oneJsonDocument(status.out()).get("resources")
                .forEach(r -> assertFalse(r.get("present").asBoolean(), r::toString));
    }

    /** Moto calls every registered running instance healthy; AWS says unhealthy until the app answers. */
    static final class UnhealthyAppTargets implements ExecutionInterceptor {
        @Override
        public SdkResponse modifyResponse(Context.ModifyResponse context, ExecutionAttributes attributes) {
            if (context.response() instanceof DescribeTargetHealthResponse r
                    && context.request() instanceof DescribeTargetHealthRequest q && q.targetGroupArn().contains("-tg-app/")) {
                return r.toBuilder().targetHealthDescriptions(r.targetHealthDescriptions().stream()
                        .map(d -> d.toBuilder().targetHealth(h -> h.state(TargetHealthStateEnum.UNHEALTHY)
                                .reason(TargetHealthReasonEnum.TARGET_FAILED_HEALTH_CHECKS)
                                .description("Health checks failed with these codes: [502]")).build())
                        .toList()).build();
            }
            return context.response();
        }
    }

    // --- helpers

    private Result run(Path config, String... args) {
        List<String> all = new ArrayList<>(List.of("--config", config.toString()));
        all.addAll(List.of(args));
        return cli.run(all.toArray(String[]::new));
    }

    /** The calls of one status, per operation: "ec2:DescribeVpcs=1, ...". */
    private String statusCalls(Path config) {
        cli.calls.clear();
        Result status = run(config, "status");
        assertEquals(0, status.exit(), status::toString);
        return cli.calls.summary();
    }

    private Stack stack() throws Exception {
        if (ids == null) {
            ids = ids(CliContractTest.oneJsonDocument(run(seed, "status", "--output", "json").out()));
        }
        return new Stack(ids, aws.ec2(), aws.elb());
    }

    private static Map<String, String> ids(JsonNode statusDoc) {
        Map<String, String> out = new LinkedHashMap<>();
        statusDoc.get("resources").forEach(x -> out.put(x.get("key").asText(), x.get("id").asText()));
        return out;
    }

    /** The seed config edited as text, written next to it. */
    private Path config(String name, UnaryOperator<String> edit) {
        try {
            Path file = dir.resolve(name + ".yaml");
            Files.writeString(file, edit.apply(Files.readString(seed)));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Replaces the seed's rules with these lines (none: an empty list). */
    private static UnaryOperator<String> rules(String lines) {
        return text -> text.substring(0, text.indexOf("  rules:")) + (lines.isEmpty() ? "  rules: []\n" : "  rules:\n" + lines + "\n");
    }

    private static JsonNode resource(JsonNode doc, String key) {
        for (JsonNode r : doc.get("resources")) {
            if (r.get("key").asText().equals(key)) {
                return r;
            }
        }
        throw new AssertionError(key + " not in " + doc.get("resources"));
    }

    private static JsonNode drift(JsonNode resource, String field) {
        for (JsonNode c : resource.get("drift")) {
            if (c.get("field").asText().equals(field)) {
                return c;
            }
        }
        return null;
    }

    private static JsonNode line(JsonNode cost, String item) {
        for (JsonNode l : cost.get("lines")) {
            if (l.get("item").asText().equals(item)) {
                return l;
            }
        }
        throw new AssertionError(item + " not in " + cost);
    }

    private static List<String> keys(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(x -> out.add(x.get("key").asText()));
        return out;
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(x -> out.add(x.asText()));
        return out;
    }
}
