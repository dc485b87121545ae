package dev.hackathon.infra.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import java.net.URI;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import dev.hackathon.infra.aws.AwsSession;
import dev.hackathon.infra.config.DerivedNames;
import dev.hackathon.infra.config.StackConfig;
import dev.hackathon.infra.engine.Graph;
import dev.hackathon.infra.engine.VirtualClock;
import dev.hackathon.infra.resources.AwsNameRules;
import dev.hackathon.infra.testing.TestConfigs;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;

/**
 * The names validation checks are the names the stack makes: every resource of a named kind
 * in the seed graph is in {@link DerivedNames}, and nothing else; the lock's name is the
 * lock's. And AWS's rules refuse what AWS refuses.
 */
class DerivedNamesTest {

    private static final AwsSession AWS = new AwsSession(Region.AP_NORTHEAST_1, URI.create("http://127.0.0.1:9"),
            StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")), List.of());

    @AfterAll
    static void close() {
        AWS.close();
    }

    private static final Set<String> NAMED_KINDS = Set.of("db", "db-subnet-group", "cache", "cache-subnet-group", "sg",
            "alb", "tg");

    @Test
    void theValidatedNamesAreTheGraphsNamedResources() {
        StackConfig config = TestConfigs.seed("names");
        Graph graph = StackGraph.build(config, new StackKinds(AWS, StackKinds.Settings.of(new dev.hackathon.infra.resources.Ownership("names"))));
        Set<String> named = new TreeSet<>();
        graph.nodes().stream().filter(n -> NAMED_KINDS.contains(n.kind().name())).forEach(n -> named.add(n.key()));
        Set<String> validated = new TreeSet<>();
        DerivedNames.of("names", "ap-northeast-1", config.loadBalancer().targets().keySet()).stream()
                .filter(n -> n.key() != null).forEach(n -> validated.add(n.key()));
        assertEquals(named, validated);
        assertTrue(DerivedNames.of("names", "ap-northeast-1", List.of()).stream().anyMatch(n ->
                n.name().equals(new RunLock(null, "names", new VirtualClock(0)).parameterName())));
        assertEquals(List.of(), DerivedNames.problems("hackathon", "ap-northeast-1", List.of("app", "api")));
        assertEquals(List.of(), DerivedNames.problems("a23456789012345678901", "ap-southeast-7", List.of("app")),
                "the longest stack name in the longest Region fits every limit");
    }

    @Test
    void awsRulesRefuseWhatAwsRefuses() {
        assertEquals(List.of("must not contain '--'"), AwsNameRules.RDS_DB_INSTANCE.problems("a--b"));
        assertEquals(List.of("must not end with '-'"), AwsNameRules.ELASTICACHE_REPLICATION_GROUP.problems("ab-"));
        assertEquals(List.of("must start with a letter"), AwsNameRules.RDS_DB_INSTANCE.problems("1ab"));
        assertEquals(List.of("is 41 characters, at most 40 allowed"),
                AwsNameRules.ELASTICACHE_REPLICATION_GROUP.problems("a".repeat(41)));
        assertEquals(List.of("must not start with 'sg-'"), AwsNameRules.EC2_SECURITY_GROUP.problems("SG-x"));
        assertEquals(List.of("must not start with 'internal-'"), AwsNameRules.ELB_LOAD_BALANCER.problems("internal-x"));
        assertEquals(List.of("is 33 characters, at most 32 allowed"), AwsNameRules.ELB_TARGET_GROUP.problems("a".repeat(33)));
        assertEquals(List.of("must not start with 'aws' or 'ssm'"), AwsNameRules.SSM_PARAMETER.problems("/aws/x"));
        assertEquals(List.of(), AwsNameRules.RDS_DB_SUBNET_GROUP.problems("team--a-db-subnet-group-main"));
    }
}
