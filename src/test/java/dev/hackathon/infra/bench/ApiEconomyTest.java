package dev.hackathon.infra.bench;

import static java.util.Map.entry;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.hackathon.infra.bench.ApiEconomy.Lifecycle;
import dev.hackathon.infra.bench.ApiEconomy.Measured;
import dev.hackathon.infra.testing.MotoServer;
import dev.hackathon.infra.testing.RecordingInterceptor.Call;
import dev.hackathon.infra.testing.WithMoto;

/**
 * Keeps the API economy of issue 10, as counts (never times): what {@code status} and an
 * {@code up} with nothing to do call on the full seed stack, kind by kind, is exactly the
 * table below, with 2 listener rules and with 50.
 */
@WithMoto
class ApiEconomyTest {

    /**
     * Discovery calls per kind on the full stack. One listing per kind, plus what AWS gives
     * no bulk or tagged form of (docs/benchmarks.md, "API economy", says why for each).
     */
    static final Map<String, Integer> STATUS_CALLS_PER_KIND = new TreeMap<>(Map.ofEntries(
            entry("subnet", 1), entry("igw", 1), entry("eip", 1), entry("nat", 1), entry("rt", 1),
            entry("sg", 1), entry("default-sg", 1), entry("db", 1), entry("iam-managed-policy", 1),
            entry("rule", 1),
            // DescribeVpcs + DescribeVpcAttribute twice (DNS support and host names are part of the diff)
            entry("vpc", 3),
            // listing + ListTagsForResource (the listing carries no tags)
            entry("db-subnet-group", 2), entry("cache-subnet-group", 2),
            // listing + ListTagsForResource + DescribeCacheClusters (security groups sit on the members)
            entry("cache", 3),
            // ListRoles / ListInstanceProfiles + GetRole / GetInstanceProfile (listings carry no tags)
            entry("iam-role", 2), entry("instance-profile", 2),
            // ListRolePolicies + GetRolePolicy per policy (the document): bedrock and db-secret
            entry("iam-inline-policy", 3),
            // DescribeInstances + DescribeImages (the newest image the instance is compared with)
            entry("instance", 2),
            // ELBv2 listings carry no tags: + DescribeTags; the load balancer + its attributes
            entry("alb", 3), entry("listener", 2), entry("tg", 2),
            // DescribeTargetHealth per target group (no bulk form)
            entry("target", 2)));

    private static List<Lifecycle> runs;

    @BeforeAll
    static void run(MotoServer moto, @TempDir Path dir) {
        runs = ApiEconomy.run(moto.endpoint(), dir);
    }

    private static Map<String, Integer> perKind(Measured m) {
        Map<String, Integer> out = new TreeMap<>();
        m.byKind().forEach((kind, ops) -> out.put(kind, ops.values().stream().mapToInt(Integer::intValue).sum()));
        return out;
    }

    @Test
    void statusMakesTheTabledCallsPerKindWithTwoRulesAndWithFifty() {
        for (Lifecycle l : runs) {
            Measured status = l.status();
            assertEquals(STATUS_CALLS_PER_KIND, perKind(status), l.variant() + ": " + status.byKind());
            assertTrue(status.calls().stream().noneMatch(Call::mutating), l.variant() + ": " + status.byOperation());
        }
        assertEquals(runs.get(0).status().byOperation(), runs.get(1).status().byOperation());
    }

    @Test
    void anUpWithNothingToDoReadsWhatStatusReadsPlusTheLock() {
        for (Lifecycle l : runs) {
            Map<String, Map<String, Integer>> byKind = l.noOpUp().byKind();
            Map<String, Integer> lock = byKind.remove("(other)");
            assertEquals(l.status().byKind(), byKind, l.variant());
            assertEquals(Map.of("PutParameter", 1, "GetParameter", 1, "DeleteParameter", 1), lock, l.variant());
        }
        assertEquals(runs.get(0).noOpUp().byOperation(), runs.get(1).noOpUp().byOperation());
    }

    @Test
    void planReadsExactlyWhatStatusReads() {
        for (Lifecycle l : runs) {
            assertEquals(l.status().byOperation(), l.plan().byOperation(), l.variant());
        }
    }

    @Test
    void moreRulesMeanMoreCreatesAndDeletesButNoMoreReads() {
        Lifecycle two = runs.get(0);
        Lifecycle fifty = runs.get(1);
        assertEquals(48, fifty.fullUp().byOperation().get("elasticloadbalancingv2:CreateRule")
                - two.fullUp().byOperation().get("elasticloadbalancingv2:CreateRule"));
        assertEquals(48, fifty.down().byOperation().get("elasticloadbalancingv2:DeleteRule")
                - two.down().byOperation().get("elasticloadbalancingv2:DeleteRule"));
        assertEquals(reads(two.fullUp()), reads(fifty.fullUp()));
        assertEquals(reads(two.down()), reads(fifty.down()));
    }

    @Test
    void downDiffsNothingSoItLooksUpNoImage() {
        for (Lifecycle l : runs) {
            assertEquals(null, l.down().byOperation().get("ec2:DescribeImages"), l.variant());
        }
    }

    private static long reads(Measured m) {
        return m.calls().stream().filter(c -> !c.mutating()).count();
    }
}
