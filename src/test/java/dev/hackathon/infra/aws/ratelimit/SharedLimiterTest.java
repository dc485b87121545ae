package dev.hackathon.infra.aws.ratelimit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

import org.junit.jupiter.api.Test;

import dev.hackathon.infra.aws.ratelimit.FleetSimulation.Call;
import dev.hackathon.infra.aws.ratelimit.FleetSimulation.Sent;

/**
 * The shared limiter on a virtual clock: twenty teams' runs at once stay under every bucket
 * AWS documents, no team is starved, and one team under the rate is not slowed at all.
 * The oracle is AWS's documented figures, replayed as AWS's own token buckets over the times
 * the calls were sent; the limiter's own (lower) figures appear nowhere here.
 */
class SharedLimiterTest {

    static final int TEAMS = 20;
    /** The engine's parallel nodes per run (design.md §3: bounded, default 8). */
    static final int WORKERS = 8;
    static final long LATENCY_MILLIS = 100;

    /** One of AWS's token buckets, and which calls draw on it. */
    record AwsBucket(String name, Predicate<Call> draws, double capacity, double perSecond) {
    }

    /** A limit AWS states as N requests a second. */
    record PerSecond(String name, Predicate<Call> draws, int n) {
    }

    static final Set<String> ELB_MUTATING = Set.of("CreateTargetGroup", "ModifyTargetGroupAttributes",
            "ModifyLoadBalancerAttributes", "CreateListener", "CreateRule");

    /** From "Request throttling for the Amazon EC2 API", "... for the Elastic Load Balancing API", "... for the Amazon RDS API". */
    static final List<AwsBucket> DOCUMENTED = List.of(
            ec2("CreateNatGateway", 10, 1),
            ec2("RunInstances", 5, 2),
            ec2("CreateSubnet", 50, 5),
            ec2("AssociateRouteTable", 50, 5),
            ec2("CreateSecurityGroup", 50, 5),
            ec2("AuthorizeSecurityGroupIngress", 50, 5),
            ec2("DescribeNatGateways", 100, 20),
            ec2("DescribeSubnets", 100, 20),
            ec2("DescribeInstances", 50, 10),
            new AwsBucket("ELBv2 account", c -> c.service().equals(ApiLimits.ELB), 40, 10),
            elb("ELBv2 resource-intensive", Set.of("CreateLoadBalancer")::contains, 10, 0.2),
            elb("ELBv2 registration", Set.of("RegisterTargets", "DeregisterTargets")::contains, 20, 4),
            elb("ELBv2 non-mutating", op -> op.startsWith("Describe"), 40, 10),
            elb("ELBv2 mutating", ELB_MUTATING::contains, 20, 3),
            new AwsBucket("RDS account", c -> c.service().equals(ApiLimits.RDS), 300, 12));

    /** From Route 53's quotas and ACM's API rate quotas. */
    static final List<PerSecond> DOCUMENTED_PER_SECOND = List.of(
            new PerSecond("Route 53 account", c -> c.service().equals(ApiLimits.ROUTE53), 5),
            new PerSecond("ACM RequestCertificate", op(ApiLimits.ACM, "RequestCertificate"), 5),
            new PerSecond("ACM DescribeCertificate", op(ApiLimits.ACM, "DescribeCertificate"), 10),
            new PerSecond("ACM ListCertificates", op(ApiLimits.ACM, "ListCertificates"), 1));

    static AwsBucket ec2(String operation, double capacity, double perSecond) {
        return new AwsBucket("EC2 " + operation, op(ApiLimits.EC2, operation), capacity, perSecond);
    }

    static AwsBucket elb(String name, Predicate<String> operations, double capacity, double perSecond) {
        return new AwsBucket(name, c -> c.service().equals(ApiLimits.ELB) && operations.test(c.operation()), capacity,
                perSecond);
    }

    static Predicate<Call> op(String service, String operation) {
        return c -> c.service().equals(service) && c.operation().equals(operation);
    }

    static Map<String, List<List<Call>>> teams(int n) {
        Map<String, List<List<Call>>> scripts = new LinkedHashMap<>();
        for (int i = 1; i <= n; i++) {
            scripts.put("team-" + i, StackCalls.up());
        }
        return scripts;
    }

    /** Where AWS's bucket would have gone below zero (a throttled call), or null. */
    static String overdrawn(List<Sent> sent, AwsBucket bucket) {
        List<Long> times = sent.stream().filter(s -> bucket.draws().test(s.call())).map(Sent::sentAt).sorted().toList();
        double tokens = bucket.capacity();
        long last = 0;
        for (int i = 0; i < times.size(); i++) {
            long t = times.get(i);
            tokens = Math.min(bucket.capacity(), tokens + (t - last) * bucket.perSecond() / 1000);
            last = t;
            tokens -= 1;
            if (tokens < -1e-6) {
                return bucket.name() + ": call " + (i + 1) + " of " + times.size() + " at " + t + " ms finds the bucket empty";
            }
        }
        return null;
    }

    /** The most calls in any one-second window (both ends included). */
    static int busiestSecond(List<Sent> sent, Predicate<Call> draws) {
        List<Long> times = sent.stream().filter(s -> draws.test(s.call())).map(Sent::sentAt).sorted().toList();
        int most = 0;
        for (int i = 0, j = 0; j < times.size(); j++) {
            while (times.get(j) - times.get(i) > 1000) {
                i++;
            }
            most = Math.max(most, j - i + 1);
        }
        return most;
    }

    static long count(List<Sent> sent, Predicate<Call> draws) {
        return sent.stream().filter(s -> draws.test(s.call())).count();
    }

    @Test
    void twentyTeamsAtOnceStayUnderEveryBucketAwsDocuments() {
        List<Sent> sent = new FleetSimulation(true, WORKERS, LATENCY_MILLIS).run(teams(TEAMS));

        assertEquals(TEAMS * StackCalls.size(), sent.size());
        for (AwsBucket b : DOCUMENTED) {
            assertTrue(count(sent, b.draws()) >= TEAMS, b.name() + " saw too few calls to say anything");
            assertNull(overdrawn(sent, b));
        }
        for (PerSecond p : DOCUMENTED_PER_SECOND) {
            assertTrue(count(sent, p.draws()) >= TEAMS, p.name() + " saw too few calls to say anything");
            int busiest = busiestSecond(sent, p.draws());
            assertTrue(busiest <= p.n(), p.name() + ": " + busiest + " calls in one second, AWS allows " + p.n());
        }
    }

    @Test
    void withoutTheLimiterTheSameTeamsWouldBeThrottled() {
        // The oracle has teeth: unlimited, twenty teams overrun the scarce buckets at once.
        List<Sent> sent = new FleetSimulation(false, WORKERS, LATENCY_MILLIS).run(teams(TEAMS));

        List<String> overrun = new ArrayList<>();
        for (AwsBucket b : DOCUMENTED) {
            if (overdrawn(sent, b) != null) {
                overrun.add(b.name());
            }
        }
        for (PerSecond p : DOCUMENTED_PER_SECOND) {
            if (busiestSecond(sent, p.draws()) > p.n()) {
                overrun.add(p.name());
            }
        }
        assertTrue(overrun.containsAll(List.of("EC2 CreateNatGateway", "EC2 RunInstances", "ELBv2 account",
                "ELBv2 resource-intensive", "Route 53 account", "ACM RequestCertificate")), overrun.toString());
    }

    @Test
    void noTeamIsServedTwiceInOneLineWhileAnotherTeamWaitsItsTurn() {
        List<Sent> sent = new FleetSimulation(true, WORKERS, LATENCY_MILLIS).run(teams(TEAMS));

        assertTrue(sent.stream().anyMatch(s -> s.waited() > 0), "the teams must contend for this test to mean anything");
        assertEquals(List.of(), overtaken(sent));
    }

    /**
     * Calls that waited while another team was served twice in the same line (same account,
     * Region and operation): a call that was its team's oldest waiting one in that line when the
     * other team's first call went, and still waited when its second went.
     */
    static List<String> overtaken(List<Sent> sent) {
        Map<String, List<Sent>> lines = new LinkedHashMap<>();
        for (Sent s : sent) {
            Call c = s.call();
            lines.computeIfAbsent(c.account() + c.region() + c.service() + c.operation(), k -> new ArrayList<>()).add(s);
        }
        List<String> out = new ArrayList<>();
        for (List<Sent> line : lines.values()) {
            for (Sent a : line) {
                for (Sent b1 : line) {
                    if (b1.team().equals(a.team()) || a.madeAt() >= b1.sentAt() || a.sentAt() <= b1.sentAt()
                            || !oldestWaiting(line, a, b1.sentAt())) {
                        continue;
                    }
                    line.stream().filter(b2 -> b2.team().equals(b1.team()) && b2.sentAt() > b1.sentAt()
                            && b2.sentAt() < a.sentAt()).findFirst().ifPresent(b2 -> out.add(a.team() + "'s "
                            + a.call().operation() + " made at " + a.madeAt() + " waited while " + b1.team()
                            + " was served at " + b1.sentAt() + " and " + b2.sentAt()));
                }
            }
        }
        return out;
    }

    private static boolean oldestWaiting(List<Sent> line, Sent a, long at) {
        return line.stream().noneMatch(x -> x != a && x.team().equals(a.team()) && x.madeAt() <= a.madeAt()
                && x.sentAt() >= at);
    }

    @Test
    void aTeamFloodingOneApiDelaysAnotherTeamsCallByOneTurn() {
        FleetSimulation sim = new FleetSimulation(true, WORKERS, LATENCY_MILLIS);
        RateLimiter limiter = sim.limiter();
        List<ApiLimits.BucketUse> describe = ApiLimits.of(ApiLimits.EC2, "DescribeVpcs", null);
        List<Ticket> flood = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            flood.add(limiter.enqueue("greedy", "111111111111", "ap-northeast-1", describe));
        }
        limiter.dispatch();
        long floodAlreadyGone = flood.stream().filter(Ticket::granted).count();
        Ticket other = limiter.enqueue("other", "111111111111", "ap-northeast-1", describe);

        while (!other.granted()) {
            sim.clock().advance(limiter.nextDispatchAt() - sim.clock().nowMillis());
            limiter.dispatch();
        }

        long floodBeforeOther = flood.stream().filter(t -> t.granted() && t.grantedAt() <= other.grantedAt()).count();
        assertTrue(floodAlreadyGone < 500, "the flood must outrun the bucket for this test to mean anything");
        assertTrue(floodBeforeOther - floodAlreadyGone <= 1, (floodBeforeOther - floodAlreadyGone)
                + " of the flood's calls went after the other team's call was made and before it");
    }

    @Test
    void oneTeamUnderTheRateIsNotSlowedAtAll() {
        Map<String, List<List<Call>>> one = teams(1);

        List<Sent> limited = new FleetSimulation(true, WORKERS, LATENCY_MILLIS).run(one);
        List<Sent> unlimited = new FleetSimulation(false, WORKERS, LATENCY_MILLIS).run(one);

        assertEquals(List.of(), limited.stream().filter(s -> s.waited() > 0).toList());
        assertEquals(FleetSimulation.finish(unlimited, "team-1"), FleetSimulation.finish(limited, "team-1"));
    }

    @Test
    void bucketsAreKeptPerAccountAndRegionAndGlobalServicesPerAccount() {
        Call nat = Call.of(ApiLimits.EC2, "CreateNatGateway");
        Call dns = Call.of(ApiLimits.ROUTE53, "GetChange");
        Map<String, List<List<Call>>> runs = new LinkedHashMap<>();
        // Each team makes its NAT gateways in its own account or its own Region: nobody waits for anybody.
        runs.put("a", burst(nat.in("111111111111", "ap-northeast-1"), 12));
        runs.put("b", burst(nat.in("222222222222", "ap-northeast-1"), 12));
        runs.put("c", burst(nat.in("111111111111", "us-east-1"), 12));
        // Route 53 is global: two Regions of one account share its five a second.
        runs.put("d", burst(dns.in("333333333333", "ap-northeast-1"), 10));
        runs.put("e", burst(dns.in("333333333333", "us-east-1"), 10));

        List<Sent> sent = new FleetSimulation(true, 1, LATENCY_MILLIS).run(runs);

        long aloneA = FleetSimulation.finish(new FleetSimulation(true, 1, LATENCY_MILLIS).run(Map.of("a", runs.get("a"))), "a");
        assertTrue(aloneA > 12 * LATENCY_MILLIS, "twelve NAT gateways at once must outrun one bucket");
        assertEquals(aloneA, FleetSimulation.finish(sent, "a"));
        assertEquals(aloneA, FleetSimulation.finish(sent, "b"));
        assertEquals(aloneA, FleetSimulation.finish(sent, "c"));
        assertTrue(busiestSecond(sent, c -> c.service().equals(ApiLimits.ROUTE53)) <= 5);
        long aloneD = FleetSimulation.finish(new FleetSimulation(true, 1, LATENCY_MILLIS).run(Map.of("d", runs.get("d"))), "d");
        assertTrue(Math.max(FleetSimulation.finish(sent, "d"), FleetSimulation.finish(sent, "e")) > aloneD,
                "two Regions of one account must share Route 53's bucket");
    }

    /** {@code n} calls at once, each its own chain. */
    static List<List<Call>> burst(Call call, int n) {
        return Collections.nCopies(n, List.of(call));
    }

    @Test
    void servicesWithoutAPublishedOrChosenLimitAreNotHeldBack() {
        assertEquals(List.of(), ApiLimits.of("STS", "AssumeRole", null));
        assertEquals(List.of(), ApiLimits.of("S3", "PutObject", null));
        assertNotNull(ApiLimits.of(ApiLimits.EC2, "DescribeVpcs", null).get(0));
    }
}
