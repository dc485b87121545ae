package dev.hackathon.infra.engine;

import static dev.hackathon.infra.engine.Harness.S;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code up}: dependency order, parallel branches, and what the parallelism bound limits. */
class UpSchedulingTest {

    private final Harness h = new Harness();
    private final FakeKind vpc = h.kind("vpc", "VPC").readyAfter(Duration.ofSeconds(5));
    private final FakeKind subnet = h.kind("subnet", "subnet").readyAfter(Duration.ofSeconds(3));
    private final FakeKind instance = h.kind("instance", "EC2 instance").readyAfter(Duration.ofSeconds(30));

    @Test
    void createsEachNodeOnlyOnceItsDependenciesAreReady() {
        Graph g = Harness.graph(
                Node.of("instance/web", instance, "t3", "subnet/a", "subnet/b"),
                Node.of("subnet/b", subnet, "b", "vpc/main"),
                Node.of("subnet/a", subnet, "a", "vpc/main"),
                Node.of("vpc/main", vpc, "10.0.0.0/16"));

        RunResult r = h.up(g);

        assertTrue(r.succeeded(), r.failures().toString());
        assertEquals(4, r.created());
        assertEquals("vpc/main", h.cloud.keys("create").get(0));
        assertEquals("instance/web", h.cloud.keys("create").get(3));
        for (Node n : g.nodes()) {
            for (String d : n.dependsOn()) {
                assertTrue(h.cloud.timeOf("create", n.key()) >= h.cloud.readyAt(d),
                        n.key() + " created before " + d + " was ready");
            }
        }
        assertEquals(4, h.cloud.liveCount());
        assertEquals(List.of(), h.cloud.keys("delete"));
    }

    @Test
    void runsIndependentNodesInParallel() {
        FakeKind slow = h.kind("nat", "NAT gateway").readyAfter(Duration.ofSeconds(60));
        Graph g = Harness.graph(
                Node.of("vpc/main", vpc, "v"),
                Node.of("nat/a", slow, "a", "vpc/main"),
                Node.of("nat/b", slow, "b", "vpc/main"));

        RunResult r = h.up(g);

        assertTrue(r.succeeded());
        long rootReady = h.cloud.timeOf("create", "nat/a");
        assertEquals(rootReady, h.cloud.timeOf("create", "nat/b"), "both started together");
        // ~root + 60 s (plus at most one capped poll interval), far from root + 120 s.
        assertTrue(r.finishedAtMillis() >= rootReady + 60 * S);
        assertTrue(r.finishedAtMillis() <= rootReady + 70 * S, "finished at " + r.finishedAtMillis());
    }

    @Test
    void parallelismOneMakesOneCallAtATime() {
        h.parallelism(1).cloud.holdCallsUntilConcurrent(2, 100);
        RunResult r = h.up(Harness.graph(Node.of("subnet/a", subnet, "a"), Node.of("subnet/b", subnet, "b")));
        assertTrue(r.succeeded());
        assertEquals(1, h.cloud.maxConcurrentCalls());
    }

    @Test
    void parallelismBoundsConcurrentCalls() {
        // The same probe reaches the bound, so the test above would see an overlap.
        h.parallelism(2).cloud.holdCallsUntilConcurrent(3, 150);
        RunResult r = h.up(Harness.graph(
                Node.of("subnet/a", subnet, "a"), Node.of("subnet/b", subnet, "b"), Node.of("subnet/c", subnet, "c")));
        assertTrue(r.succeeded());
        assertEquals(2, h.cloud.maxConcurrentCalls());
    }

    @Test
    void waitingHoldsNoWorkerSoParallelismOneStillOverlapsWaits() {
        FakeKind slow = h.kind("nat", "NAT gateway").readyAfter(Duration.ofSeconds(60));
        RunResult r = h.parallelism(1).up(Harness.graph(Node.of("nat/a", slow, "a"), Node.of("nat/b", slow, "b")));
        assertTrue(r.succeeded());
        assertTrue(r.elapsedMillis() < 120 * S, "took " + r.elapsedMillis());
    }
}
