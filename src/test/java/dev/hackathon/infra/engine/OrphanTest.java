package dev.hackathon.infra.engine;

import static dev.hackathon.infra.engine.Harness.S;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Resources the stack owns but the config no longer has, and copies of one key. */
class OrphanTest {

    private final Harness h = new Harness();
    private final FakeKind vpc = h.kind("vpc", "VPC").readyAfter(Duration.ofSeconds(5)).goneAfter(Duration.ofSeconds(5));
    private final FakeKind subnet = h.kind("subnet", "subnet").dependsOnKinds("vpc").goneAfter(Duration.ofSeconds(10));
    private final Graph graph = Harness.graph(
            Node.of("vpc/main", vpc, "v"), Node.of("subnet/a", subnet, "a", "vpc/main"));

    @Test
    void upDeletesOrphansDependentKindsFirst() {
        vpc.seed("vpc/old", "v");
        subnet.seed("subnet/old", "o");

        RunResult r = h.up(graph);

        assertTrue(r.succeeded(), r.failures().toString());
        assertEquals(List.of("subnet/old", "vpc/old"), h.cloud.keys("delete"));
        assertTrue(h.cloud.timeOf("delete", "vpc/old") >= h.cloud.timeOf("delete", "subnet/old") + 10 * S,
                "the old VPC goes once the old subnet is gone");
        assertEquals(List.of(), h.cloud.live("vpc/old"));
        assertEquals(1, h.cloud.live("vpc/main").size());
        assertEquals(2, r.deleted());
    }

    @Test
    void downDeletesOrphansWithTheRestInKindOrder() {
        h.up(graph);
        subnet.seed("subnet/old", "o");

        RunResult r = h.down(graph);

        assertTrue(r.succeeded(), r.failures().toString());
        assertEquals(0, h.cloud.liveCount());
        assertTrue(h.cloud.timeOf("delete", "vpc/main") >= h.cloud.timeOf("delete", "subnet/old") + 10 * S);
        assertEquals(3, r.deleted());
    }

    @Test
    void deletesAnOrphanOfAKindTheConfigNoLongerUses() {
        FakeKind cache = h.kind("cache", "cache cluster").dependsOnKinds("subnet").goneAfter(Duration.ofSeconds(60));
        cache.seed("cache/main", "valkey");
        subnet.seed("subnet/data", "d");
        assertEquals(List.of("- cache/main cache cluster", "- subnet/data subnet"), h.plan(graph).changes().stream()
                .filter(c -> c.action() == PlannedChange.Action.DELETE)
                .map(c -> c.action().mark() + " " + c.key() + " " + c.label()).sorted().toList());

        RunResult up = h.up(graph);

        assertTrue(up.succeeded(), up.failures().toString());
        assertEquals(List.of("cache/main", "subnet/data"), h.cloud.keys("delete"));
        assertTrue(h.cloud.timeOf("delete", "subnet/data") >= 60 * S);
        assertEquals(0, h.cloud.live("cache/main").size());

        cache.seed("cache/main", "valkey");
        RunResult down = h.down(graph);
        assertTrue(down.succeeded(), down.failures().toString());
        assertEquals(0, h.cloud.liveCount());
    }

    @Test
    void upKeepsOneCopyOfAKeyAndDeletesTheRest() {
        vpc.seed("vpc/main", "v");
        subnet.seed("subnet/a", "a").seed("subnet/a", "a").seed("subnet/a", "a");
        String kept = h.cloud.live("subnet/a").get(0).id();

        RunResult r = h.up(graph);

        assertTrue(r.succeeded(), r.failures().toString());
        assertEquals(List.of(), h.cloud.keys("create"));
        assertEquals(List.of("subnet/a", "subnet/a"), h.cloud.keys("delete"));
        assertEquals(List.of(kept), h.cloud.live("subnet/a").stream().map(FakeKind.Resource::id).toList());
        assertEquals(2, r.deleted());
    }

    @Test
    void extrasOfAKindThatDependsOnItselfDoNotStallTheRun() {
        // Security groups refer to each other: an orphan group, or a copy left by a lost create,
        // cannot be ordered against the others by its key, and ordering both ways stalled the run.
        FakeKind sg = h.kind("sg", "security group").dependsOnKinds("vpc", "sg").goneAfter(Duration.ofSeconds(3));
        Graph groups = Harness.graph(Node.of("vpc/main", vpc, "v"), Node.of("sg/alb", sg, "alb", "vpc/main"),
                Node.of("sg/app", sg, "app", "vpc/main", "sg/alb"));
        h.up(groups);
        sg.seed("sg/old", "o").seed("sg/older", "o").seed("sg/app", "app");

        RunResult up = h.up(groups);
        assertTrue(up.succeeded(), up.failures().toString());
        assertEquals(3, up.deleted());
        assertEquals(List.of("sg/app", "sg/old", "sg/older"), h.cloud.keys("delete").stream().sorted().toList());

        sg.seed("sg/old", "o").seed("sg/app", "app");
        RunResult down = h.down(groups);
        assertTrue(down.succeeded(), down.failures().toString());
        assertEquals(0, h.cloud.liveCount());
        // The graph's own order still holds, and the VPC still waits for every group.
        assertTrue(h.cloud.timeOf("delete", "sg/alb") >= h.cloud.timeOf("delete", "sg/app") + 3 * S);
        assertTrue(h.cloud.timeOf("delete", "vpc/main") >= h.cloud.timeOf("delete", "sg/old") + 3 * S);
    }

    @Test
    void planShowsOrphansAndCopiesAsDeletions() {
        vpc.seed("vpc/main", "v").seed("vpc/old", "v");
        subnet.seed("subnet/a", "a").seed("subnet/a", "a");
        Plan plan = h.plan(graph);
        assertEquals(List.of("vpc/old", "subnet/a"),
                plan.changes().stream().filter(c -> c.action() == PlannedChange.Action.DELETE).map(PlannedChange::key)
                        .toList());
        assertEquals("Plan: 0 to add, 0 to change, 0 to replace, 2 to destroy.", plan.summary());
    }
}
