package dev.hackathon.infra.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import dev.hackathon.infra.aws.AwsSession;
import dev.hackathon.infra.config.StackConfig;
import dev.hackathon.infra.engine.Graph;
import dev.hackathon.infra.engine.Node;
import dev.hackathon.infra.resources.Ownership;
import dev.hackathon.infra.resources.compute.Instances;
import dev.hackathon.infra.resources.compute.ManagedPolicyAttachments;
import dev.hackathon.infra.testing.TestConfigs;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.regions.Region;

/** The compute tier's nodes, keys and order, without AWS (the session is never called). */
class ComputeTierGraphTest {

    private static final AwsSession AWS = new AwsSession(Region.AP_NORTHEAST_1, URI.create("http://127.0.0.1:9"),
            AnonymousCredentialsProvider.create(), List.of());

    @AfterAll
    static void close() {
        AWS.close();
    }

    private static Map<String, Node> nodes(StackConfig config) {
        return ComputeTier.nodes(config, new StackKinds(AWS, StackKinds.Settings.of(new Ownership(config.stack()))))
                .stream().collect(Collectors.toMap(Node::key, n -> n));
    }

    @Test
    void fixedKeysAndTheirDependencies() {
        Map<String, Node> n = nodes(TestConfigs.seed("g"));
        assertEquals(Set.of("iam-role/app", "iam-inline-policy/bedrock", "iam-managed-policy/ssm", "instance-profile/app",
                "instance/app", "iam-inline-policy/db-secret"), n.keySet());
        // The secret's ARN exists once the database does: the policy waits for it, the instance does not.
        assertEquals(Set.of("iam-role/app", "db/main"), n.get("iam-inline-policy/db-secret").dependsOn());
        assertFalse(n.get("instance/app").dependsOn().contains("iam-inline-policy/db-secret"));
        assertEquals(Set.of("iam-role/app"), n.get("iam-managed-policy/ssm").dependsOn());
        assertEquals(Set.of("iam-role/app"), n.get("iam-inline-policy/bedrock").dependsOn());
        assertEquals(Set.of("iam-role/app"), n.get("instance-profile/app").dependsOn());
        assertTrue(n.get("instance/app").dependsOn().containsAll(Set.of("subnet/app-a", "sg/app", "instance-profile/app",
                "iam-managed-policy/ssm", "iam-inline-policy/bedrock", "rt/app")), n.get("instance/app").dependsOn().toString());
        assertEquals("iam-managed-policy/ssm", ManagedPolicyAttachments.keyFor(ManagedPolicyAttachments.SSM_CORE));
        Instances.Spec spec = (Instances.Spec) n.get("instance/app").desired();
        assertEquals(List.of("sg/app"), spec.securityGroupKeys());
        assertEquals("subnet/app-a", spec.subnetKey());
    }

    @Test
    void wiredIntoTheStackGraphAfterTheNetwork() {
        StackConfig config = TestConfigs.seed("g");
        Graph g = StackGraph.build(config, new StackKinds(AWS, StackKinds.Settings.of(new Ownership("g"))));
        List<String> order = g.topologicalOrder();
        assertTrue(order.indexOf("instance/app") > order.indexOf("nat/a"));
        assertTrue(order.indexOf("instance/app") > order.indexOf("instance-profile/app"));
        // Acyclic (topologicalOrder has every node), the secret policy after the database, and
        // nothing the instance waits for, however indirectly, waits for the database.
        assertEquals(g.nodes().size(), order.size());
        assertTrue(order.indexOf("iam-inline-policy/db-secret") > order.indexOf("db/main"));
        java.util.Deque<String> todo = new java.util.ArrayDeque<>(List.of("instance/app"));
        Set<String> upstream = new java.util.HashSet<>();
        while (!todo.isEmpty()) {
            for (String d : g.node(todo.pop()).dependsOn()) {
                if (upstream.add(d)) {
                    todo.push(d);
                }
            }
        }
        assertFalse(upstream.contains("db/main"), upstream::toString);
        assertFalse(upstream.contains("iam-inline-policy/db-secret"), upstream::toString);
    }

    @Test
    void theBedrockPolicyAllowsExactlyInvokeOnEachModel() {
        StackConfig seed = TestConfigs.seed("g");
        StackConfig two = new StackConfig(seed.stack(), seed.region(), null, seed.tags(), null, seed.network(),
                seed.database(), seed.cache(), seed.instance(), new StackConfig.Bedrock("us-west-2", List.of("m1", "m2")),
                seed.loadBalancer(), seed.source());
        assertEquals("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"InvokeConfiguredModels\",\"Effect\":\"Allow\","
                + "\"Action\":[\"bedrock:InvokeModel\",\"bedrock:InvokeModelWithResponseStream\"],"
                + "\"Resource\":[\"arn:aws:bedrock:us-west-2::foundation-model/m1\",\"arn:aws:bedrock:us-west-2::foundation-model/m2\"]}]}",
                ComputeTier.bedrockPolicy(two).toString());
    }

    @Test
    void noModelsMeansNoBedrockPolicy() {
        StackConfig seed = TestConfigs.seed("g");
        StackConfig none = new StackConfig(seed.stack(), seed.region(), null, seed.tags(), null, seed.network(),
                seed.database(), seed.cache(), seed.instance(), new StackConfig.Bedrock("us-east-1", List.of()),
                seed.loadBalancer(), seed.source());
        Map<String, Node> n = nodes(none);
        assertFalse(n.containsKey("iam-inline-policy/bedrock"));
        assertFalse(n.get("instance/app").dependsOn().contains("iam-inline-policy/bedrock"));
    }

    @Test
    void userDataResolvesAgainstTheConfigFolder() {
        StackConfig seed = TestConfigs.seed("g");
        StackConfig c = new StackConfig(seed.stack(), seed.region(), null, seed.tags(), null, seed.network(),
                seed.database(), seed.cache(), new StackConfig.Instance("t3.small", "al2023", 20, "scripts/boot.sh"),
                seed.bedrock(), seed.loadBalancer(), Path.of("/etc/team/hackathon.yaml"));
        assertEquals(Path.of("/etc/team/scripts/boot.sh"), ComputeTier.userData(c));
        assertEquals(null, ComputeTier.userData(seed));
    }
}
