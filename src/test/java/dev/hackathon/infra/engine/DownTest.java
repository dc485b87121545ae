package dev.hackathon.infra.engine;

import static dev.hackathon.infra.engine.Harness.S;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code down}: reverse order, waiting until gone, partial stacks, failures. */
class DownTest {

    private final Harness h = new Harness();
    private final FakeKind vpc = h.kind("vpc", "VPC").goneAfter(Duration.ofSeconds(5));
    private final FakeKind subnet = h.kind("subnet", "subnet").goneAfter(Duration.ofSeconds(20));
    private final FakeKind instance = h.kind("instance", "EC2 instance").goneAfter(Duration.ofSeconds(30));
    private final FakeKind role = h.kind("role", "IAM role");
    private final FakeKind policy = h.kind("policy", "IAM policy");

    private final Graph graph = Harness.graph(
            Node.of("vpc/main", vpc, "v"),
            Node.of("subnet/a", subnet, "a", "vpc/main"),
            Node.of("subnet/b", subnet, "b", "vpc/main"),
            Node.of("instance/web", instance, "web", "subnet/a", "subnet/b"),
            Node.of("role/app", role, "r"),
            Node.of("policy/app", policy, "p", "role/app"));

    @Test
    void deletesDependentsFirstAndWaitsUntilTheyAreGone() {
        h.up(graph);

        RunResult r = h.down(graph);

        assertTrue(r.succeeded(), r.failures().toString());
        assertEquals(6, r.deleted());
        assertEquals(0, h.cloud.liveCount());
        assertEquals(0L, h.cloud.timeOf("delete", "instance/web") - r.startedAtMillis());
        long instanceGone = r.startedAtMillis() + 30 * S;
        long subnetA = h.cloud.timeOf("delete", "subnet/a");
        assertTrue(subnetA >= instanceGone, "subnet deleted while the instance still stood");
        assertEquals(subnetA, h.cloud.timeOf("delete", "subnet/b"), "independent deletions run together");
        assertTrue(h.cloud.timeOf("delete", "vpc/main") >= subnetA + 20 * S);
        // Without waitsUntilGone a dependency goes right after its dependent's delete call.
        assertEquals(h.cloud.timeOf("delete", "policy/app"), h.cloud.timeOf("delete", "role/app"));
        assertTrue(h.cloud.keys("delete").indexOf("policy/app") < h.cloud.keys("delete").indexOf("role/app"));
        assertTrue(r.elapsedMillis() < (30 + 20 + 20 + 5) * S, "parallel, not serial: " + r.elapsedMillis());
    }

    @Test
    void deletesWhatExistsOfAPartialStack() {
        vpc.seed("vpc/main", "v");
        subnet.seed("subnet/b", "b");
        role.seed("role/app", "r");

        RunResult r = h.down(graph);

        assertTrue(r.succeeded(), r.failures().toString());
        assertEquals(List.of("role/app", "subnet/b", "vpc/main"), h.cloud.keys("delete").stream().sorted().toList());
        assertEquals(3, r.deleted());
        assertEquals(List.of(), r.remaining());
    }

    @Test
    void deletesEachResourceOnceWhateverOrderTheGraphListsThem() {
        // A dependent listed before its dependency, and absent: it settles at once and frees
        // the VPC, which the initial scan must not start a second time.
        vpc.seed("vpc/main", "v");
        Graph listed = Harness.graph(Node.of("subnet/a", subnet, "a", "vpc/main"), Node.of("vpc/main", vpc, "v"));

        RunResult r = h.down(listed);

        assertTrue(r.succeeded(), r.failures().toString());
        assertEquals(List.of("vpc/main"), h.cloud.keys("delete"));
        assertEquals(1, r.deleted());
    }

    @Test
    void remainingListsOnlyWhatStillExists() {
        vpc.seed("vpc/main", "v");
        instance.seed("instance/web", "web");
        instance.failAlways("instance/web", Phase.DELETE, "OperationNotPermitted: no");

        RunResult r = h.down(graph);

        assertEquals(List.of("instance/web", "vpc/main"), r.remaining().stream().sorted().toList());
        assertEquals(List.of("subnet/a", "subnet/b", "vpc/main"), r.skipped().stream().sorted().toList());
    }

    @Test
    void aSecondDownDoesNothing() {
        h.up(graph);
        h.down(graph);

        RunResult again = h.down(graph);

        assertTrue(again.succeeded());
        assertEquals(List.of(), h.cloud.changes());
        assertEquals(0, again.deleted());
        assertEquals(0, again.elapsedMillis());
    }

    @Test
    void aFailedDeletionKeepsItsDependenciesAndOtherBranchesGo() {
        h.up(graph);
        instance.failAlways("instance/web", Phase.DELETE, "OperationNotPermitted: termination protection");

        RunResult r = h.down(graph);

        assertFalse(r.succeeded());
        assertEquals("deleting EC2 instance (instance/web): OperationNotPermitted: termination protection",
                r.failures().get(0).toString());
        assertEquals(List.of("subnet/a", "subnet/b", "vpc/main"), r.skipped().stream().sorted().toList());
        assertEquals(List.of("instance/web", "subnet/a", "subnet/b", "vpc/main"),
                r.remaining().stream().sorted().toList());
        assertEquals(List.of("instance/web", "policy/app", "role/app"), h.cloud.keys("delete").stream().sorted().toList());
        assertEquals(4, h.cloud.liveCount());
    }
}
