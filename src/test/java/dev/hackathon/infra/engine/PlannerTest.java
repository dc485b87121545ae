package dev.hackathon.infra.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class PlannerTest {

    private final Harness h = new Harness();
    private final FakeKind vpc = h.kind("vpc", "VPC");
    private final FakeKind sg = h.kind("sg", "security group").dependsOnKinds("vpc");
    private final FakeKind subnet = h.kind("subnet", "subnet").dependsOnKinds("vpc").replaceOnChange();
    private final FakeKind instance = h.kind("instance", "EC2 instance").dependsOnKinds("subnet", "sg")
            .replaceOnChange();

    /** A network made earlier and its graph now: vpc/main in sync, sg/web drifted, subnet/a to replace, subnet/b missing. */
    private Graph driftedNetworkAnd(Node more) {
        vpc.seed("vpc/main", "10.0.0.0/16");
        sg.seed("sg/web", "port 80");
        subnet.seed("subnet/a", "10.0.1.0/24");
        return Harness.graph(
                Node.of("vpc/main", vpc, "10.0.0.0/16"),
                Node.of("sg/web", sg, "port 443", "vpc/main"),
                Node.of("subnet/a", subnet, "10.0.2.0/24", "vpc/main"),
                Node.of("subnet/b", subnet, "10.0.3.0/24", "vpc/main"),
                more);
    }

    @Test
    void marksCreateUpdateReplaceAndDeleteAndSumsThemUp() {
        instance.seed("instance/web", "t3.small");
        subnet.seed("subnet/old", "10.0.9.0/24");
        Graph g = driftedNetworkAnd(Node.of("instance/web", instance, "t3.small", "subnet/a", "sg/web"));

        Plan plan = h.plan(g);

        assertEquals(List.of(
                "  vpc/main", "~ sg/web", "-/+ subnet/a", "+ subnet/b", "-/+ instance/web", "- subnet/old"),
                plan.entries().stream().map(c -> c.action().mark() + " " + c.key()).toList());
        assertEquals("[spec: port 80 -> port 443]", plan.entries().get(1).changes().toString());
        assertEquals("[(dependencies): old -> recreated]", plan.entries().get(4).changes().toString(),
                "an in-sync instance is replaced with the subnet it stands in");
        assertEquals("Plan: 1 to add, 1 to change, 2 to replace, 1 to destroy.", plan.summary());
        assertTrue(plan.hasChanges());
        assertEquals(List.of(), h.cloud.changes(), "planning changes nothing");
    }

    @Test
    void eachDecisionHasItsStepsAndPlanAndUpShareThem() {
        FakeKind cache = h.kind("cache", "cache").dependsOnKinds("subnet").goneAfter(java.time.Duration.ofSeconds(9));
        cache.seedDeleting("cache/main", "valkey", java.time.Duration.ofSeconds(60));
        cache.seed("cache/old", "valkey");
        Graph g = driftedNetworkAnd(Node.of("cache/main", cache, "valkey", "subnet/b"));

        Plan plan = h.plan(g);

        List<Phase> created = List.of(Phase.CREATE, Phase.WAIT_READY, Phase.UPDATE, Phase.WAIT_READY);
        assertEquals(List.of(Phase.WAIT_READY), plan.steps("vpc/main"), "in sync: it may still be on its way");
        assertEquals(List.of(Phase.UPDATE, Phase.WAIT_READY), plan.steps("sg/web"));
        assertEquals(created, plan.steps("subnet/b"));
        List<Phase> replaced = new java.util.ArrayList<>(List.of(Phase.DELETE));
        replaced.addAll(created);
        assertEquals(replaced, plan.steps("subnet/a"), "deleted, then made as a create is (no wait: its kind does not)");
        List<Phase> afterTheOldOne = new java.util.ArrayList<>(List.of(Phase.WAIT_GONE));
        afterTheOldOne.addAll(created);
        assertEquals(afterTheOldOne, plan.steps("cache/main"), "another run deletes the old one: wait, then make it");
        assertEquals(List.of(Phase.DELETE, Phase.WAIT_GONE), plan.steps("cache/old"), "an orphan of a kind that waits");
    }

    @Test
    void anInSyncStackHasNoChanges() {
        vpc.seed("vpc/main", "10.0.0.0/16");
        Plan plan = h.plan(Harness.graph(Node.of("vpc/main", vpc, "10.0.0.0/16")));
        assertEquals(false, plan.hasChanges());
        assertEquals("Plan: 0 to add, 0 to change, 0 to replace, 0 to destroy.", plan.summary());
    }
}
