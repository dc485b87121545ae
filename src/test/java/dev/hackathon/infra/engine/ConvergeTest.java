package dev.hackathon.infra.engine;

import static dev.hackathon.infra.engine.Harness.S;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code up} over what exists: in sync does nothing, drift updates or replaces. */
class ConvergeTest {

    private final Harness h = new Harness();
    private final FakeKind vpc = h.kind("vpc", "VPC").readyAfter(Duration.ofSeconds(5));
    private final FakeKind sg = h.kind("sg", "security group").readyAfter(Duration.ofSeconds(2));
    private final FakeKind subnet = h.kind("subnet", "subnet").readyAfter(Duration.ofSeconds(3))
            .goneAfter(Duration.ofSeconds(4)).replaceOnChange();

    private Graph graph(String sgSpec, String subnetSpec) {
        return Harness.graph(
                Node.of("vpc/main", vpc, "10.0.0.0/16"),
                Node.of("sg/web", sg, sgSpec, "vpc/main"),
                Node.of("subnet/a", subnet, subnetSpec, "vpc/main"));
    }

    @Test
    void aSecondUpOverAnInSyncStackChangesNothing() {
        assertTrue(h.up(graph("80", "10.0.1.0/24")).succeeded());

        RunResult again = h.up(graph("80", "10.0.1.0/24"));

        assertTrue(again.succeeded());
        assertEquals(List.of(), h.cloud.changes());
        assertEquals(List.of(0, 0, 0), List.of(again.created(), again.updated(), again.deleted()));
        assertEquals(0, again.elapsedMillis());
    }

    @Test
    void updatesADriftedResourceInPlace() {
        h.up(graph("80", "10.0.1.0/24"));

        RunResult r = h.up(graph("443", "10.0.1.0/24"));

        assertEquals(List.of("sg/web"), h.cloud.keys("update"));
        assertEquals(List.of(), h.cloud.keys("create"));
        assertEquals(List.of(), h.cloud.keys("delete"));
        assertEquals(1, r.updated());
        assertEquals("443", h.cloud.live("sg/web").get(0).spec());
    }

    @Test
    void replacesByDeletingThenCreatingOnceTheOldIsGone() {
        h.up(graph("80", "10.0.1.0/24"));
        String oldId = h.cloud.live("subnet/a").get(0).id();

        RunResult r = h.up(graph("80", "10.0.2.0/24"));

        assertTrue(r.succeeded(), r.failures().toString());
        assertEquals(List.of("subnet/a"), h.cloud.keys("delete"));
        assertEquals(List.of("subnet/a"), h.cloud.keys("create"));
        assertTrue(h.cloud.timeOf("create", "subnet/a") >= h.cloud.timeOf("delete", "subnet/a") + 4 * S);
        List<FakeKind.Resource> live = h.cloud.live("subnet/a");
        assertEquals(1, live.size());
        assertTrue(!live.get(0).id().equals(oldId) && live.get(0).spec().equals("10.0.2.0/24"));
        assertEquals(1, r.created());
    }

    @Test
    void waitsForAnExistingResourceThatIsNotReadyYet() {
        // A run stopped while the VPC was still pending: the rerun must wait for it.
        vpc.seedPending("vpc/main", "10.0.0.0/16", Duration.ofSeconds(20));

        RunResult r = h.up(graph("80", "10.0.1.0/24"));

        assertTrue(r.succeeded(), r.failures().toString());
        assertEquals(List.of("sg/web", "subnet/a"), h.cloud.keys("create").stream().sorted().toList());
        assertTrue(h.cloud.timeOf("create", "sg/web") >= 20 * S, "created at " + h.cloud.timeOf("create", "sg/web"));
    }
}
