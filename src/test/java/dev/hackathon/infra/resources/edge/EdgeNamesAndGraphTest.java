package dev.hackathon.infra.resources.edge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import dev.hackathon.infra.aws.AwsSession;
import dev.hackathon.infra.config.StackConfig;
import dev.hackathon.infra.config.StackConfig.LoadBalancer;
import dev.hackathon.infra.config.StackConfig.Rule;
import dev.hackathon.infra.engine.Graph;
import dev.hackathon.infra.engine.Node;
import dev.hackathon.infra.engine.Observed;
import dev.hackathon.infra.engine.Status;
import dev.hackathon.infra.resources.Ownership;
import dev.hackathon.infra.stack.EdgeTier;
import dev.hackathon.infra.stack.NetworkTier;
import dev.hackathon.infra.stack.StackKinds;
import dev.hackathon.infra.testing.TestConfigs;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.regions.Region;

/** Names, the edge's nodes and their order, readiness: no AWS involved. */
class EdgeNamesAndGraphTest {

    @Test
    void namesFitIn32CharactersAreStableAndStartWithTheStack() {
        Ownership shortStack = new Ownership("hackathon");
        assertEquals("hackathon-tg-app", EdgeNames.of(shortStack, "tg/app"));
        assertEquals("hackathon-alb-main", EdgeNames.of(shortStack, "alb/main"));

        Ownership longStack = new Ownership("a-very-long-stack-nam"); // 21 characters, the maximum
        String name = EdgeNames.of(longStack, "tg/frontend-service-x");
        assertTrue(name.length() <= EdgeNames.MAX, name);
        assertTrue(name.startsWith(EdgeNames.prefix(longStack)), name);
        assertTrue(name.matches("[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?"), name);
        assertEquals(name, EdgeNames.of(longStack, "tg/frontend-service-x"), "deterministic");
        assertNotEquals(name, EdgeNames.of(longStack, "tg/frontend-service-y"), "distinct keys, distinct names");
        assertTrue(name.matches("a-very-long-stack-nam-tg-[0-9a-f]{6}"), name); // cut at 25, hyphen trimmed, hash
    }

    @Test
    void theEdgeDependsOnTheNetworkAndRulesConvergeOneAfterAnother() {
        StackConfig config = TestConfigs.seed("g1");
        try (AwsSession aws = offline()) {
            StackKinds k = new StackKinds(aws, StackKinds.Settings.of(new Ownership("g1")));
            List<Node> nodes = new ArrayList<>(NetworkTier.nodes(config, k));
            List<Node> edge = EdgeTier.nodes(config, k, nodes);
            nodes.addAll(edge);
            Graph g = new Graph(nodes);

            assertEquals(Set.of("tg/app", "tg/api", "alb/main", "listener/http", "rule/example.com",
                    "rule/api.example.com"), keys(edge), "no registrations without the instance");
            assertEquals(Set.of("vpc/main", "subnet/public-a", "subnet/public-b", "sg/alb", "igw/main", "tg/app",
                    "tg/api"), g.node("alb/main").dependsOn());
            assertEquals(Set.of("listener/http", "tg/app"), g.node("rule/example.com").dependsOn());
            assertEquals(Set.of("listener/http", "tg/api", "rule/example.com"), g.node("rule/api.example.com").dependsOn());
            List<String> order = g.topologicalOrder();
            assertTrue(order.indexOf("alb/main") > order.indexOf("tg/api") && order.indexOf("listener/http") > order.indexOf("alb/main"));
        }
    }

    @Test
    void aCertificatePutsTheRulesOnHttpsAndTheInstanceAddsRegistrations() {
        StackConfig seed = TestConfigs.seed("g2");
        StackConfig config = seed.withLoadBalancer(new LoadBalancer("arn:aws:acm:ap-northeast-1:123456789012:certificate/x",
                seed.loadBalancer().targets(), List.of(new Rule("example.com", "app", 100))));
        try (AwsSession aws = offline()) {
            StackKinds k = new StackKinds(aws, StackKinds.Settings.of(new Ownership("g2")));
            List<Node> existing = new ArrayList<>(NetworkTier.nodes(config, k));
            existing.add(Node.of(EdgeTier.INSTANCE, k.vpcs, null));
            List<Node> edge = EdgeTier.nodes(config, k, existing);
            Map<String, Node> byKey = new java.util.HashMap<>();
            edge.forEach(n -> byKey.put(n.key(), n));
            assertTrue(byKey.containsKey(EdgeTier.HTTPS) && byKey.containsKey(EdgeTier.HTTP));
            assertEquals(Listeners.Spec.httpRedirect(EdgeTier.ALB), byKey.get(EdgeTier.HTTP).desired());
            assertEquals(Set.of(EdgeTier.HTTPS, "tg/app"), byKey.get("rule/example.com").dependsOn());
            assertEquals(new Targets.Spec("tg/app", EdgeTier.INSTANCE, 3000), byKey.get("target/app").desired());
            assertEquals(Set.of("tg/api", EdgeTier.INSTANCE), byKey.get("target/api").dependsOn());
        }
    }

    @Test
    void loadBalancerStatesMapToReadiness() {
        try (AwsSession aws = offline()) {
            LoadBalancers lbs = new StackKinds(aws, StackKinds.Settings.of(new Ownership("g3"))).loadBalancers;
            assertEquals(Status.READY, lbs.state(state("active")));
            assertEquals(Status.PENDING, lbs.state(state("provisioning")));
            assertTrue(lbs.state(state("failed")).isFailed());
            assertTrue(lbs.policy().waitsUntilGone());
            Targets targets = new StackKinds(aws, StackKinds.Settings.of(new Ownership("g3"))).targets;
            assertTrue(targets.state(state("draining")).isGone());
            assertFalse(targets.state(state("unhealthy")).isGone());
        }
    }

    private static Observed state(String s) {
        return new Observed("x/y", "id", s, Map.of(), null);
    }

    private static Set<String> keys(List<Node> nodes) {
        Set<String> out = new java.util.HashSet<>();
        nodes.forEach(n -> out.add(n.key()));
        return out;
    }

    /** Clients are built but never called. */
    private static AwsSession offline() {
        return new AwsSession(Region.AP_NORTHEAST_1, java.net.URI.create("http://127.0.0.1:9"),
                AnonymousCredentialsProvider.create(), List.of());
    }
}
