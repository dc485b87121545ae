package dev.hackathon.infra.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.hackathon.infra.aws.AwsSession;
import dev.hackathon.infra.config.StackConfig;
import dev.hackathon.infra.engine.Event;
import dev.hackathon.infra.engine.Node;
import dev.hackathon.infra.engine.RunListener;
import dev.hackathon.infra.engine.RunResult;
import dev.hackathon.infra.engine.VirtualClock;
import dev.hackathon.infra.testing.AwsTeardownBehaviour;
import dev.hackathon.infra.testing.EventLog;
import dev.hackathon.infra.testing.FaultInjector;
import dev.hackathon.infra.testing.MotoServer;
import dev.hackathon.infra.testing.RecordingInterceptor;
import dev.hackathon.infra.testing.TestConfigs;
import dev.hackathon.infra.testing.WithMoto;

/**
 * Issue 6 through StackService on the whole stack: {@code down} against moto made to behave
 * like AWS during a teardown ({@link AwsTeardownBehaviour}: deleting NAT gateway, database,
 * cache and load balancer holding what they use for minutes, dependencies moto does not
 * enforce), finishing in one run, in the order of the reverse graph, independent branches
 * together.
 */
@WithMoto
class TeardownTest {

    private static StackService service(AwsSession aws, StackConfig config, VirtualClock clock, RunListener listener) {
        return new StackService(config, aws, clock, StackService.defaultSettings(config), listener, false);
    }

    @Test
    void downFinishesThroughEveryDependencyErrorOfARealTeardownInReverseGraphOrder(AwsSession aws, MotoServer moto,
                                                                                  FaultInjector faults,
                                                                                  RecordingInterceptor calls) {
        StackConfig config = TestConfigs.seed("td1");
        VirtualClock clock = new VirtualClock(System.currentTimeMillis());
        StackService up = service(aws, config, clock, RunListener.NONE);
        assertTrue(up.up(up.discover()).succeeded());
        EventLog events = new EventLog();
        StackService s = service(aws, config, clock, events);

        try (AwsTeardownBehaviour ignored = AwsTeardownBehaviour.install(faults, clock, moto)) {
            RunResult down = s.down(s.discover());

            assertTrue(down.succeeded(), () -> down.failures() + "\n" + events);
            assertEquals(List.of(), down.remaining());
        }
        assertEquals(List.of(), List.copyOf(s.discover().all()), "nothing of the stack is left");
        assertEquals(Map.of(), NetworkTierTest.taggedKeys(aws.ec2(), "td1"));

        // Every code AWS answers during a teardown was met, by the call that raises it, and waited out.
        for (String[] codeOnCall : new String[][] {
                {"ec2:DeleteSubnet", "DependencyViolation"}, {"ec2:DeleteSecurityGroup", "DependencyViolation"},
                {"ec2:DetachInternetGateway", "DependencyViolation"}, {"ec2:ReleaseAddress", "InvalidIPAddress.InUse"},
                {"ec2:ReleaseAddress", "AuthFailure"}, {"rds:DeleteDBSubnetGroup", "InvalidDBSubnetGroupStateFault"},
                {"elasticache:DeleteCacheSubnetGroup", "CacheSubnetGroupInUse"}}) {
            assertTrue(faults.injected(codeOnCall[0]).stream().anyMatch(i -> i.errorCode().equals(codeOnCall[1])),
                    codeOnCall[0] + " " + codeOnCall[1] + " in " + faults.injected());
            List<RecordingInterceptor.Call> c = calls.calls(codeOnCall[0]);
            assertTrue(c.get(c.size() - 1).succeeded(), codeOnCall[0] + " finally succeeds: " + c);
        }
        assertTrue(events.events().stream().anyMatch(e -> e.type() == Event.Type.RETRYING
                && e.detail().contains("mapped public address")), "the IGW detach waits out the mapped addresses");
        // The longest hold (the deleting cache) sets the pace, not the sum of the holds.
        long took = events.events().get(events.events().size() - 1).atMillis() - events.events().get(0).atMillis();
        assertTrue(took >= AwsTeardownBehaviour.CACHE.toMillis() && took < AwsTeardownBehaviour.CACHE.toMillis() + 5 * 60_000,
                "took " + took / 1000 + " s");

        // Reverse graph: every resource is gone before anything it depends on is touched.
        for (Node n : s.graph().nodes()) {
            for (String dependency : n.dependsOn()) {
                events.assertDoneBeforeStarted(n.key(), dependency);
            }
        }
        // Spelled out: host rules and listeners, then the load balancer; the instance, the
        // database and the cache; their subnet groups once they are gone; the NAT gateway
        // before its address; the VPC last.
        for (String rule : List.of("rule/example.com", "rule/api.example.com")) {
            events.assertDoneBeforeStarted(rule, EdgeTier.HTTP);
        }
        events.assertDoneBeforeStarted(EdgeTier.HTTP, EdgeTier.ALB);
        events.assertDoneBeforeStarted(EdgeTier.ALB, NetworkTier.SG_ALB);
        events.assertDoneBeforeStarted(EdgeTier.ALB, "subnet/public-b");
        events.assertDoneBeforeStarted(DataTier.DB, DataTier.DB_SUBNET_GROUP);
        events.assertDoneBeforeStarted(DataTier.CACHE, DataTier.CACHE_SUBNET_GROUP);
        events.assertDoneBeforeStarted(NetworkTier.NAT, NetworkTier.EIP);
        events.assertDoneBeforeStarted(NetworkTier.NAT, NetworkTier.IGW);
        events.assertDoneBeforeStarted(ComputeTier.INSTANCE, NetworkTier.SG_APP);
        for (String key : List.of(NetworkTier.IGW, NetworkTier.SG_ALB, "rt/public", "subnet/public-a", "subnet/data-b")) {
            events.assertDoneBeforeStarted(key, NetworkTier.VPC);
        }
        // Independent branches together: the slow deletions all start before any of them is gone.
        List<String> slow = List.of(EdgeTier.ALB, ComputeTier.INSTANCE, DataTier.DB, DataTier.CACHE);
        int firstGone = slow.stream().mapToInt(k -> events.first(Event.Type.DONE, k)).min().getAsInt();
        for (String key : slow) {
            int started = events.first(Event.Type.STARTED, key);
            assertTrue(started >= 0 && started < firstGone, key + " started before the first of them was gone\n" + events);
        }
    }
}
