package dev.hackathon.infra.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import dev.hackathon.infra.aws.AwsSession;
import dev.hackathon.infra.config.StackConfig;
import dev.hackathon.infra.config.StackConfig.LoadBalancer;
import dev.hackathon.infra.engine.Graph;
import dev.hackathon.infra.resources.Ownership;
import dev.hackathon.infra.resources.data.DbInstances;
import dev.hackathon.infra.resources.edge.Listeners;
import dev.hackathon.infra.resources.edge.Rules;
import dev.hackathon.infra.testing.TestConfigs;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.regions.Region;

/**
 * The edge's shape for certificateArn: auto, before and after the certificate is issued, with
 * and without a zone; and none of it (no node, no call) for the seed config.
 */
class EdgeStateGraphTest {

    /** Nothing listens there: a call would fail the test. */
    private static final AwsSession AWS = new AwsSession(Region.AP_NORTHEAST_1, URI.create("http://127.0.0.1:9"),
            AnonymousCredentialsProvider.create(), List.of());

    @AfterAll
    static void close() {
        AWS.close();
    }

    private static StackConfig auto(String zone) {
        StackConfig seed = TestConfigs.seed("e");
        return seed.withLoadBalancer(new LoadBalancer("auto", seed.loadBalancer().targets(), seed.loadBalancer().rules()))
                .withDns(new StackConfig.Dns(zone));
    }

    private static Graph graph(StackConfig c, EdgeState state) {
        StackKinds k = new StackKinds(AWS, new StackKinds.Settings(new Ownership(c.stack()), DbInstances.DeletePolicy.DEFAULT,
                null, c.loadBalancer(), c.dns()));
        return StackGraph.build(c, k, state);
    }

    @Test
    void pendingHttpForwardsTheHostsAndTheRecordsWaitForWhatTheyPointAt() {
        StackConfig c = auto("example.com");
        Graph g = graph(c, new EdgeState(null, Set.of("example.com", "api.example.com")));
        assertTrue(g.contains("cert/main"));
        assertFalse(g.contains("listener/https"), "nothing waits for the certificate");
        assertEquals(Listeners.DefaultAction.NOT_FOUND, ((Listeners.Spec) g.node("listener/http").desired()).defaultAction());
        assertEquals("listener/http", ((Rules.Spec) g.node("rule/example.com").desired()).listenerKey());
        assertEquals(Set.of("cert/main"), g.node("dns-validation/example.com").dependsOn());
        assertEquals(Set.of("alb/main"), g.node("dns-alias/api.example.com").dependsOn());
        assertEquals(g.nodes().size(), g.topologicalOrder().size(), "acyclic");
    }

    @Test
    void issuedHttpsCarriesTheRulesAndEightyRedirects() {
        StackConfig c = auto("auto");
        Graph g = graph(c, new EdgeState("arn:aws:acm:ap-northeast-1:123456789012:certificate/c", Set.of("example.com")));
        Listeners.Spec https = (Listeners.Spec) g.node("listener/https").desired();
        assertEquals("arn:aws:acm:ap-northeast-1:123456789012:certificate/c", https.certificateArn());
        assertTrue(g.node("listener/https").dependsOn().contains("cert/main"), "down deletes the listener first");
        assertEquals(Listeners.DefaultAction.REDIRECT_TO_HTTPS, ((Listeners.Spec) g.node("listener/http").desired()).defaultAction());
        assertEquals("listener/https", ((Rules.Spec) g.node("rule/api.example.com").desired()).listenerKey());
        assertEquals("listener/https", EdgeTier.rulesListener(g));
        // Only the host a zone holds gets records; the other's are printed.
        assertTrue(g.contains("dns-alias/example.com"));
        assertFalse(g.contains("dns-alias/api.example.com"));
    }

    @Test
    void theSeedHasNoCertificateNorRecordAndBuildsNoClientForThem() {
        StackConfig seed = TestConfigs.seed("e");
        StackKinds k = new StackKinds(AWS, new StackKinds.Settings(new Ownership("e"), DbInstances.DeletePolicy.DEFAULT,
                null, seed.loadBalancer(), seed.dns()));
        Graph g = StackGraph.build(seed, k);
        assertTrue(g.nodes().stream().noneMatch(n -> n.key().startsWith("cert/") || n.key().startsWith("dns-")));
        assertNull(k.hostedZones);
        // Discovery of the three kinds answers without a call (the endpoint above would refuse one).
        assertEquals(List.of(), k.certificates.discover(kind -> List.of()));
        assertEquals(List.of(), k.validationRecords.discover(kind -> List.of()));
        assertEquals(List.of(), k.aliasRecords.discover(kind -> List.of()));
    }
}
