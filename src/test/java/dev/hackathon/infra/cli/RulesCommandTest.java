package dev.hackathon.infra.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import dev.hackathon.infra.aws.AwsSession;
import dev.hackathon.infra.resources.edge.Rules;
import dev.hackathon.infra.testing.MotoServer;
import dev.hackathon.infra.testing.RecordingInterceptor;
import dev.hackathon.infra.testing.TestCli;
import dev.hackathon.infra.testing.TestCli.Result;
import dev.hackathon.infra.testing.WithMoto;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Rule;

/** {@code rules list|add|remove|sync} through the real command line against moto. */
@WithMoto
class RulesCommandTest {

    @TempDir
    Path dir;

    /** Seed config for a stack, brought up; returns its file. */
    private Path upStack(TestCli cli, String stack) {
        Path config = TestCli.seedConfig(dir, stack);
        Result up = cli.run("up", "--config", config.toString());
        assertEquals(0, up.exit(), up::toString);
        return config;
    }

    @Test
    void addAndRemoveEditTheFileAndTheListenerAndNothingElse(MotoServer moto, AwsSession aws) throws Exception {
        TestCli cli = new TestCli(moto);
        Path config = upStack(cli, "rc1");
        String before = Files.readString(config);

        cli.calls.clear();
        Result add = cli.run("rules", "add", "--host", "www.example.com", "--target", "app", "--config", config.toString());
        assertEquals(0, add.exit(), add::toString);
        // The file: one line more, in the seed's style, after the last rule; the rest untouched.
        assertEquals(before.replace("priority: 101}\n",
                "priority: 101}\n    - {host: www.example.com, target: app, priority: 102}\n"), Files.readString(config));
        // The listener: the new rule at the next free priority; only that rule was created.
        assertEquals(Map.of("example.com", "app|100", "api.example.com", "api|101", "www.example.com", "app|102"),
                listener(aws, "rc1"));
        assertEquals(List.of("CreateRule"), ops(cli.calls.mutatingCalls()), cli.calls.summary());

        cli.calls.clear();
        Result remove = cli.run("rules", "remove", "--host", "api.example.com", "--config", config.toString());
        assertEquals(0, remove.exit(), remove::toString);
        assertEquals(before.replace("    - {host: api.example.com, target: api, priority: 101}\n", "")
                .replace("priority: 100}\n", "priority: 100}\n    - {host: www.example.com, target: app, priority: 102}\n"),
                Files.readString(config));
        assertEquals(Map.of("example.com", "app|100", "www.example.com", "app|102"), listener(aws, "rc1"));
        assertEquals(List.of("DeleteRule"), ops(cli.calls.mutatingCalls()), cli.calls.summary());

        // The file stays loadable, and a full plan agrees with what rules did.
        Result plan = cli.run("plan", "--config", config.toString());
        assertEquals(0, plan.exit(), plan::toString);
    }

    @Test
    void aPriorityChangeAndATargetChangeModifyTheRulesInPlace(MotoServer moto, AwsSession aws) throws Exception {
        TestCli cli = new TestCli(moto);
        Path config = upStack(cli, "rc2");
        Map<String, String> arns = ruleArns(aws, "rc2");

        // A priority change, made in the file by hand.
        Files.writeString(config, Files.readString(config).replace("target: app, priority: 100", "target: app, priority: 150"));
        cli.calls.clear();
        Result sync = cli.run("rules", "sync", "--config", config.toString());
        assertEquals(0, sync.exit(), sync::toString);
        assertEquals(Map.of("example.com", "app|150", "api.example.com", "api|101"), listener(aws, "rc2"));
        assertEquals(List.of("SetRulePriorities"), ops(cli.calls.mutatingCalls()), cli.calls.summary());
        assertEquals(arns, ruleArns(aws, "rc2"), "same rules, not deleted and made again");

        // A target change.
        Files.writeString(config, Files.readString(config).replace("{host: example.com, target: app", "{host: example.com, target: api"));
        cli.calls.clear();
        sync = cli.run("rules", "sync", "--config", config.toString());
        assertEquals(0, sync.exit(), sync::toString);
        assertEquals(Map.of("example.com", "api|150", "api.example.com", "api|101"), listener(aws, "rc2"));
        assertEquals(List.of("ModifyRule"), ops(cli.calls.mutatingCalls()), cli.calls.summary());
        assertEquals(arns, ruleArns(aws, "rc2"));

        // Both priorities swapped: still in place.
        Files.writeString(config, Files.readString(config)
                .replace("{host: api.example.com, target: api, priority: 101}", "{host: api.example.com, target: api, priority: 150}")
                .replace("{host: example.com, target: api, priority: 150}", "{host: example.com, target: api, priority: 101}"));
        assertTrue(Files.readString(config).contains("{host: example.com, target: api, priority: 101}"));
        cli.calls.clear();
        sync = cli.run("rules", "sync", "--config", config.toString());
        assertEquals(0, sync.exit(), sync::toString);
        assertEquals(Map.of("example.com", "api|101", "api.example.com", "api|150"), listener(aws, "rc2"));
        assertEquals(0, cli.calls.count("DeleteRule") + cli.calls.count("CreateRule"), cli.calls.summary());
        assertEquals(arns, ruleArns(aws, "rc2"));
    }

    @Test
    void listAsJsonIsOneDocumentAndMarksWhatDiffers(MotoServer moto, AwsSession aws) throws Exception {
        TestCli cli = new TestCli(moto);
        Path config = upStack(cli, "rc3");

        Result list = cli.run("rules", "list", "--output", "json", "--config", config.toString());
        assertEquals(0, list.exit(), list::toString);
        JsonNode doc = CliContractTest.oneJsonDocument(list.out());
        assertEquals("rc3", doc.get("stack").asText());
        assertEquals("listener/http", doc.get("listener").asText());
        assertTrue(doc.get("inSync").asBoolean());
        assertEquals(2, doc.get("rules").size());
        JsonNode first = doc.get("rules").get(0);
        assertEquals("example.com", first.get("host").asText());
        assertEquals("app", first.get("target").asText());
        assertEquals(100, first.get("priority").asInt());
        assertEquals("ok", first.get("state").asText());
        // The compute tier's instance is registered in each target group (moto: healthy at once).
        assertEquals("healthy", first.get("health").asText(), first::toString);

        // A rule changed by hand, and one added by hand (no stack tag): the first is drift (exit 3),
        // the second is listed as not the stack's, and `rules` alone lists too.
        ElasticLoadBalancingV2Client elb = aws.elb();
        Map<String, String> arns = ruleArns(aws, "rc3");
        elb.setRulePriorities(r -> r.rulePriorities(p -> p.ruleArn(arns.get("api.example.com")).priority(300)));
        Rule any = rules(aws, "rc3").get(0);
        String listenerArn = listenerArn(aws, "rc3");
        elb.createRule(r -> r.listenerArn(listenerArn).priority(400).conditions(c -> c.field("host-header")
                .hostHeaderConfig(h -> h.values("stray.example.com"))).actions(any.actions()));
        Result drift = cli.run("--output", "json", "--config", config.toString(), "rules");
        assertEquals(3, drift.exit(), drift::toString);
        JsonNode d = CliContractTest.oneJsonDocument(drift.out());
        assertFalse(d.get("inSync").asBoolean());
        Map<String, String> states = new LinkedHashMap<>();
        d.get("rules").forEach(r -> states.put(r.get("host").asText(), r.get("state").asText()));
        assertEquals(Map.of("example.com", "ok", "api.example.com", "differs", "stray.example.com", "not the stack's"),
                states);
        assertTrue(d.get("rules").get(1).get("differences").get(0).asText().contains("priority: 300 -> 101"),
                d::toString);

        Result text = cli.run("rules", "--config", config.toString());
        assertEquals(3, text.exit());
        assertTrue(text.out().contains("api.example.com") && text.out().contains("differs: priority: 300 -> 101"), text::toString);
        assertTrue(text.out().contains("stray.example.com") && text.out().contains("not the stack's"), text::toString);

        // sync puts ours back and leaves the hand-made rule where it is; up does too.
        Result sync = cli.run("rules", "sync", "--config", config.toString());
        assertEquals(0, sync.exit(), sync::toString);
        assertEquals(Map.of("example.com", "app|100", "api.example.com", "api|101", "stray.example.com", "app|400"),
                listener(aws, "rc3"));
        Result up = cli.run("up", "--config", config.toString());
        assertEquals(0, up.exit(), up::toString);
        assertEquals(Map.of("example.com", "app|100", "api.example.com", "api|101", "stray.example.com", "app|400"),
                listener(aws, "rc3"));
        // In sync (exit 0) with the foreign rule listed; status names it and is healthy.
        Result after = cli.run("rules", "list", "--output", "json", "--config", config.toString());
        assertEquals(0, after.exit(), after::toString);
        assertTrue(after.out().contains("not the stack's"), after::toString);
        Result status = cli.run("status", "--output", "json", "--config", config.toString());
        assertEquals(0, status.exit(), status::toString);
        assertTrue(status.out().contains("stray.example.com at priority 400") && status.out().contains("not the stack's"),
                status::toString);

        // A config rule wanting the foreign rule's priority: a clear error with the fix; nothing moved.
        Result add = cli.run("rules", "add", "--host", "www.example.com", "--target", "app", "--priority", "400",
                "--config", config.toString());
        assertEquals(1, add.exit(), add::toString);
        assertTrue(add.err().contains("priority 400 on the listener is held by a rule this stack does not own")
                && add.err().contains("give the config's rule a free priority"), add::toString);
        assertEquals("app|400", listener(aws, "rc3").get("stray.example.com"));
        Result listed = cli.run("rules", "list", "--config", config.toString());
        assertTrue(listed.out().contains("priority 400 is held by a rule not the stack's"), listed::toString);
    }

    @Test
    void badRulesAreReportedBeforeAnyAwsCallAndTheFileIsLeftAlone(MotoServer moto) throws Exception {
        TestCli cli = new TestCli(moto);
        Path config = TestCli.seedConfig(dir, "rc4");
        String before = Files.readString(config);

        Result dup = cli.run("rules", "add", "--host", "api.example.com", "--target", "app", "--config", config.toString());
        assertEquals(2, dup.exit(), dup::toString);
        assertTrue(dup.err().contains("api.example.com already has a rule"), dup::toString);

        Result unknown = cli.run("rules", "add", "--host", "www.example.com", "--target", "ap", "--config", config.toString());
        assertEquals(2, unknown.exit());
        assertTrue(unknown.err().contains("unknown target 'ap'") && unknown.err().contains("did you mean 'app'"),
                unknown::toString);

        Result taken = cli.run("rules", "add", "--host", "www.example.com", "--target", "app", "--priority", "101",
                "--config", config.toString());
        assertEquals(2, taken.exit());
        assertTrue(taken.err().contains("101 is taken by api.example.com; the next free one is 102"), taken::toString);

        Result badHost = cli.run("rules", "add", "--host", "WWW.example.com", "--target", "app", "--config", config.toString());
        assertEquals(2, badHost.exit());
        assertTrue(badHost.err().contains("lower case"), badHost::toString);

        Result missing = cli.run("rules", "remove", "--host", "nope.example.com", "--config", config.toString());
        assertEquals(2, missing.exit());
        assertTrue(missing.err().contains("no rule for nope.example.com"), missing::toString);

        // A rules section written as a one-line list: refused, not rewritten.
        String flow = before.replaceAll("(?s)  rules:\\n.*", "  rules: [{host: example.com, target: app, priority: 100}]\n");
        Files.writeString(config, flow);
        Result refused = cli.run("rules", "add", "--host", "www.example.com", "--target", "app", "--config", config.toString());
        assertEquals(2, refused.exit(), refused::toString);
        assertTrue(refused.err().contains("write one rule per line"), refused::toString);
        assertEquals(flow, Files.readString(config));

        assertEquals(0, cli.sessionsOpened.get(), "no AWS session was opened");
        assertEquals(List.of(), cli.calls.calls());
    }

    // ---- reading the listener back ----

    private static List<Rule> rules(AwsSession aws, String stack) {
        ElasticLoadBalancingV2Client elb = aws.elb();
        String lb = elb.describeLoadBalancers(r -> r.names(stack + "-alb-main")).loadBalancers().get(0).loadBalancerArn();
        String listener = elb.describeListeners(r -> r.loadBalancerArn(lb)).listeners().get(0).listenerArn();
        return elb.describeRules(r -> r.listenerArn(listener)).rules().stream().filter(r -> !r.isDefault())
                .sorted(Comparator.comparing(Rules::priority)).toList();
    }

    private static String listenerArn(AwsSession aws, String stack) {
        ElasticLoadBalancingV2Client elb = aws.elb();
        String lb = elb.describeLoadBalancers(r -> r.names(stack + "-alb-main")).loadBalancers().get(0).loadBalancerArn();
        return elb.describeListeners(r -> r.loadBalancerArn(lb)).listeners().get(0).listenerArn();
    }

    /** host → "target|priority". */
    private static Map<String, String> listener(AwsSession aws, String stack) {
        ElasticLoadBalancingV2Client elb = aws.elb();
        Map<String, String> names = new LinkedHashMap<>();
        elb.describeTargetGroups(r -> r.names(stack + "-tg-app", stack + "-tg-api")).targetGroups()
                .forEach(g -> names.put(g.targetGroupArn(), g.targetGroupName().substring((stack + "-tg-").length())));
        Map<String, String> out = new LinkedHashMap<>();
        for (Rule r : rules(aws, stack)) {
            out.put(Rules.hosts(r).get(0), names.get(Rules.forwardTarget(r)) + "|" + r.priority());
        }
        return out;
    }

    private static Map<String, String> ruleArns(AwsSession aws, String stack) {
        Map<String, String> out = new LinkedHashMap<>();
        rules(aws, stack).forEach(r -> out.put(Rules.hosts(r).get(0), r.ruleArn()));
        return out;
    }

    private static List<String> ops(List<RecordingInterceptor.Call> calls) {
        return calls.stream().map(RecordingInterceptor.Call::operation)
                .filter(op -> !op.equals("PutParameter") && !op.equals("DeleteParameter")).toList();
    }
}
