package dev.hackathon.infra.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code up} with a failing resource: its dependents are skipped, the rest completes. */
class UpFailureTest {

    private final Harness h = new Harness();
    private final FakeKind vpc = h.kind("vpc", "VPC").readyAfter(Duration.ofSeconds(5));
    private final FakeKind subnet = h.kind("subnet", "subnet").readyAfter(Duration.ofSeconds(3));
    private final FakeKind instance = h.kind("instance", "EC2 instance").readyAfter(Duration.ofSeconds(30));
    private final FakeKind registration = h.kind("registration", "target registration");

    private final Graph graph = Harness.graph(
            Node.of("vpc/main", vpc, "v"),
            Node.of("subnet/a", subnet, "a", "vpc/main"),
            Node.of("subnet/b", subnet, "b", "vpc/main"),
            Node.of("instance/web", instance, "web", "subnet/a"),
            Node.of("registration/web", registration, "web", "instance/web"),
            Node.of("instance/worker", instance, "worker", "subnet/b"));

    @Test
    void skipsTransitiveDependentsAndCompletesIndependentBranches() {
        subnet.failAlways("subnet/a", Phase.CREATE, "InvalidSubnet.Conflict: 10.0.1.0/24 overlaps");

        RunResult r = h.up(graph);

        assertFalse(r.succeeded());
        assertEquals(1, r.failures().size(), "root causes only");
        assertEquals("creating subnet (subnet/a): InvalidSubnet.Conflict: 10.0.1.0/24 overlaps",
                r.failures().get(0).toString());
        assertEquals(List.of("instance/web", "registration/web"), r.skipped().stream().sorted().toList());
        assertEquals(List.of("vpc/main", "subnet/b", "instance/worker"), h.cloud.keys("create").stream()
                .filter(k -> !k.equals("subnet/a")).toList());
        assertEquals(1, h.cloud.live("instance/worker").size());
        assertEquals(3, r.created());
        assertTrue(h.events.stream().anyMatch(e -> e.type() == Event.Type.SKIPPED && e.key().equals("registration/web")));
    }

    @Test
    void namesTheUpdateWhenAnUpdateFails() {
        vpc.seed("vpc/main", "old");
        vpc.failAlways("vpc/main", Phase.UPDATE, "InvalidParameterValue: no");

        RunResult r = h.up(graph);

        assertEquals("updating VPC (vpc/main): InvalidParameterValue: no", r.failures().get(0).toString());
        assertEquals(Phase.UPDATE, r.failures().get(0).phase());
        assertEquals(5, r.skipped().size());
    }

    @Test
    void aFailedResourceIsReplacedWhenItsPolicySaysSoElseWaitingForItFailsSayingWhy() {
        FakeKind nat = h.kind("nat", "NAT gateway").goneAfter(Duration.ofSeconds(30)).replaceWhenFailed();
        FakeKind route = h.kind("route", "route table");
        nat.seedFailed("nat/a", "a");
        String failed = h.cloud.live("nat/a").get(0).id();
        Graph g = Harness.graph(Node.of("nat/a", nat, "a"), Node.of("route/app", route, "r", "nat/a"));

        PlannedChange planned = h.plan(g).changes().stream().filter(c -> c.key().equals("nat/a")).findFirst().orElseThrow();
        assertEquals(PlannedChange.Action.REPLACE, planned.action());
        assertEquals(List.of(new Change("state", "failed", "made anew")), planned.changes());
        RunResult r = h.up(g);

        assertTrue(r.succeeded(), r.failures().toString());
        assertEquals(List.of("nat/a"), h.cloud.keys("delete"));
        assertTrue(h.cloud.timeOf("create", "nat/a") >= h.cloud.timeOf("delete", "nat/a") + 30 * 1000,
                "made anew once the failed one is gone");
        assertEquals(1, h.cloud.live("nat/a").size());
        assertTrue(!h.cloud.live("nat/a").get(0).id().equals(failed));

        FakeKind db = h.kind("db", "database");
        db.seedFailed("db/main", "m");
        RunResult waited = h.up(Harness.graph(Node.of("db/main", db, "m")));
        assertEquals("waiting for database (db/main): state failed", waited.failures().get(0).toString());
        assertFalse(h.cloud.keys("delete").contains("db/main"), "a failed database is reported, not replaced");
    }

    @Test
    void aResourceThatEndsFailedFailsItsNode() {
        FakeKind broken = h.kind("nat", "NAT gateway").readyAfter(Duration.ofSeconds(20));
        broken.failWhenReady("nat/a");
        RunResult r = h.up(Harness.graph(Node.of("nat/a", broken, "a"), Node.of("subnet/x", subnet, "x", "nat/a")));
        assertEquals("waiting for NAT gateway (nat/a): state failed", r.failures().get(0).toString());
        assertEquals(List.of("subnet/x"), r.skipped());
    }
}
