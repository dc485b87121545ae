package dev.hackathon.infra.bench;

import static java.util.Map.entry;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

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
 * {@code up} with nothing to do call on the full seed stack, kind by kind, stays within the
 * bounds below, with 2 listener rules and with 50, and grows with neither the rules nor a
 * second run: an {@code up} with nothing to do reads what {@code status} reads and only asks
 * whether the lock is held. The bounds are ceilings, not the implementation's own numbers: a
 * kind may read less.
 */
@WithMoto
class ApiEconomyTest {

    /**
     * At most this many discovery calls per kind on the full stack: one listing per kind, plus
     * what AWS gives no bulk or tagged form of (docs/benchmarks.md, "API economy", says why for
     * each).
     */
    static final Map<String, Integer> STATUS_CALLS_PER_KIND = new TreeMap<>(Map.ofEntries(
            entry("subnet", 1), entry("igw", 1), entry("eip", 1), entry("nat", 1), entry("rt", 1),
            // sg: one DescribeSecurityGroups for both kinds; default-sg takes its default groups from it
            entry("sg", 1), entry("db", 1), entry("iam-managed-policy", 1), entry("instance", 1),
            // DescribeVpcs + DescribeVpcAttribute twice (DNS support and host names are part of the diff)
            entry("vpc", 3),
            // listing + ListTagsForResource (the listing carries no tags)
            entry("db-subnet-group", 2), entry("cache-subnet-group", 2),
            // listing + ListTagsForResource + DescribeCacheClusters (security groups sit on the members)
            entry("cache", 3),
            // GetRole / GetInstanceProfile by the name the stack derives (the answer carries the tags)
            entry("iam-role", 1), entry("instance-profile", 1),
            // ListRolePolicies + GetRolePolicy per policy (the document): bedrock and db-secret
            entry("iam-inline-policy", 3),
            // DescribeTargetHealth per target group (no bulk form)
            entry("target", 2)));

    /**
     * The ELBv2 kinds are read together (threads named {@code discover elb}): DescribeLoadBalancers,
     * DescribeTargetGroups, DescribeLoadBalancerAttributes, DescribeListeners, DescribeRules, and the
     * tags of the load balancer, 2 target groups, the listener and every rule, 20 ARNs a DescribeTags.
     */
    static Map<String, Integer> statusCallsPerKind(int rules) {
        Map<String, Integer> out = new TreeMap<>(STATUS_CALLS_PER_KIND);
        out.put("elb", 5 + (1 + 2 + 1 + rules + 19) / 20);
        return out;
    }

    private static final int[] RULES = {2, 50};

    /**
     * What doctor reads (issue 17, every check but the local tools, which call nothing): one
     * call each, whatever the stack's size; Service Quotas' four GetServiceQuota requests are
     * signed by hand, outside the SDK, so no recorder sees them. Up and plan run only the
     * checks that guard what the plan makes: none for a stack with nothing to do.
     */
    static final Map<String, Integer> DOCTOR_CALLS = new TreeMap<>(Map.ofEntries(
            entry("sts:GetCallerIdentity", 1), entry("ec2:DescribeAvailabilityZones", 1), entry("ec2:DescribeVpcs", 1),
            entry("ec2:DescribeInternetGateways", 1), entry("ec2:DescribeAddresses", 1),
            entry("ec2:DescribeAccountAttributes", 1), entry("ec2:DescribeSubnets", 1),
            entry("ec2:DescribeNatGateways", 1), entry("ec2:DescribeInstanceTypeOfferings", 1),
            entry("rds:DescribeOrderableDBInstanceOptions", 1), entry("bedrock:GetFoundationModel", 1),
            entry("bedrock:GetFoundationModelAvailability", 1)));

    /**
     * What an up with nothing to do asks of the run lock: only whether someone holds it. It
     * takes no lock (that is a write) when there is nothing to change and nobody changing it.
     */
    static final Map<String, Integer> LOCK_CALLS = Map.of("GetParameter", 1);

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
    void statusStaysWithinTheBoundsPerKindWithTwoRulesAndWithFifty() {
        for (int i = 0; i < runs.size(); i++) {
            Lifecycle l = runs.get(i);
            Measured status = l.status();
            Map<String, Integer> bounds = statusCallsPerKind(RULES[i]);
            Map<String, Integer> made = perKind(status);
            Set<String> unbounded = new TreeSet<>(made.keySet());
            unbounded.removeAll(bounds.keySet());
            assertEquals(Set.of(), unbounded, l.variant() + ": a kind that reads needs a bound here, and its why in"
                    + " docs/benchmarks.md: " + status.byKind());
            made.forEach((kind, n) -> assertTrue(n <= bounds.get(kind), l.variant() + ": " + kind + " made " + n
                    + " calls, at most " + bounds.get(kind) + ": " + status.byKind().get(kind)));
            assertTrue(status.total() <= bounds.values().stream().mapToInt(Integer::intValue).sum(), status::toString);
            assertTrue(status.calls().stream().noneMatch(Call::mutating), l.variant() + ": " + status.byOperation());
        }
        assertEquals(withoutTags(runs.get(0).status().byOperation()), withoutTags(runs.get(1).status().byOperation()));
    }

    @Test
    void statusMakesNoImageLookupAndOneSecurityGroupListing() {
        for (Lifecycle l : runs) {
            Map<String, Integer> ops = l.status().byOperation();
            assertEquals(null, ops.get("ec2:DescribeImages"), l.variant() + ": nothing in status uses an image");
            assertEquals(1, ops.get("ec2:DescribeSecurityGroups"), l.variant() + ": " + ops);
        }
    }

    @Test
    void anUpWithNothingToDoReadsWhatStatusReadsAndWhetherTheLockIsHeldAndNoPreflight() {
        for (Lifecycle l : runs) {
            Map<String, Map<String, Integer>> byKind = l.noOpUp().byKind();
            Map<String, Integer> lock = byKind.remove("(other)");
            assertEquals(l.status().byKind(), byKind, l.variant());
            assertEquals(LOCK_CALLS, lock, l.variant() + ": the plan makes nothing, so no check runs");
            assertEquals(l.status().total() + 1, l.noOpUp().total(), l.variant());
            assertTrue(l.noOpUp().calls().stream().noneMatch(Call::mutating), l.variant() + ": no write at all");
        }
        assertEquals(withoutTags(runs.get(0).noOpUp().byOperation()), withoutTags(runs.get(1).noOpUp().byOperation()));
    }

    /** A fresh stack's up makes everything, so it runs every check up has (doctor's but identity and the tools). */
    @Test
    void aFreshUpRunsTheChecksForWhatItMakes() {
        for (Lifecycle l : runs) {
            Map<String, Integer> ops = l.fullUp().byOperation();
            for (String op : List.of("ec2:DescribeAvailabilityZones", "ec2:DescribeInstanceTypeOfferings",
                    "rds:DescribeOrderableDBInstanceOptions", "bedrock:GetFoundationModel",
                    "bedrock:GetFoundationModelAvailability", "ec2:DescribeAccountAttributes")) {
                assertEquals(1, ops.get(op), l.variant() + ": " + op + " in " + ops);
            }
            assertEquals(null, ops.get("sts:GetCallerIdentity"), l.variant() + ": discovery reached the account already");
        }
    }

    /** Only the ELBv2 DescribeTags grow with the rules (one per 20 ARNs, for the rules' ownership). */
    private static Map<String, Integer> withoutTags(Map<String, Integer> byOperation) {
        Map<String, Integer> out = new TreeMap<>(byOperation);
        out.remove("elasticloadbalancingv2:DescribeTags");
        return out;
    }

    @Test
    void planOfAStackWithNothingToDoReadsExactlyWhatStatusReads() {
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
        assertSameReadsButRetries(two.fullUp(), fifty.fullUp());
        assertSameReadsButRetries(two.down(), fifty.down());
        // DescribeTags: at most 2 more per discovery for 48 more rules (20 ARNs a call).
        for (Measured[] m : List.of(new Measured[] {two.fullUp(), fifty.fullUp()}, new Measured[] {two.down(), fifty.down()})) {
            int a = m[0].byOperation().getOrDefault("elasticloadbalancingv2:DescribeTags", 0);
            int b = m[1].byOperation().getOrDefault("elasticloadbalancingv2:DescribeTags", 0);
            assertTrue(b - a <= 2 * Math.max(1, a), a + " -> " + b);
        }
    }

    /**
     * The reads of two runs agree, operation by operation (ELBv2's DescribeTags aside), but for
     * the re-reads of retries: a step that failed reads its resource again before it is tried
     * again, and how many of the behaviour layer's refusals (new ids not yet known) a run meets
     * varies with the order its calls happen in, whatever the rules. So per operation the two
     * may differ by as many failed writes of its service as a run made, no more: one read per
     * rule would be 48.
     */
    private static void assertSameReadsButRetries(Measured a, Measured b) {
        Map<String, Integer> ra = withoutTags(readsByOperation(a));
        Map<String, Integer> rb = withoutTags(readsByOperation(b));
        Set<String> ops = new TreeSet<>(ra.keySet());
        ops.addAll(rb.keySet());
        for (String op : ops) {
            String service = op.substring(0, op.indexOf(':'));
            int retries = Math.max(failedWrites(a, service), failedWrites(b, service));
            int apart = Math.abs(ra.getOrDefault(op, 0) - rb.getOrDefault(op, 0));
            assertTrue(apart <= retries, op + ": " + ra.get(op) + " vs " + rb.get(op) + " reads, " + retries
                    + " failed writes of " + service);
        }
    }

    private static int failedWrites(Measured m, String service) {
        return (int) m.calls().stream().filter(c -> c.mutating() && !c.succeeded() && c.name().startsWith(service + ":"))
                .count();
    }

    private static Map<String, Integer> readsByOperation(Measured m) {
        Map<String, Integer> out = new TreeMap<>();
        m.calls().stream().filter(c -> !c.mutating()).forEach(c -> out.merge(c.name(), 1, Integer::sum));
        return out;
    }

    @Test
    void downDiffsNothingSoItLooksUpNoImage() {
        for (Lifecycle l : runs) {
            assertEquals(null, l.down().byOperation().get("ec2:DescribeImages"), l.variant());
        }
    }

}
