package dev.hackathon.infra.engine;

import static dev.hackathon.infra.engine.Harness.S;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Waits that never end fail after their timeout, in virtual time; a stuck run says so. */
class TimeoutTest {

    private static final Duration REAL_LIMIT = Duration.ofSeconds(5);

    private final Harness h = new Harness().readyTimeout(Duration.ofMinutes(10)).deleteTimeout(Duration.ofMinutes(5));
    private final FakeKind nat = h.kind("nat", "NAT gateway");
    private final FakeKind route = h.kind("route", "route table");

    @Test
    void aResourceNeverReadyFailsAfterTheReadyTimeout() {
        nat.neverReady();
        Graph g = Harness.graph(Node.of("nat/a", nat, "a"), Node.of("route/app", route, "r", "nat/a"));

        RunResult r = assertTimeoutPreemptively(REAL_LIMIT, () -> h.up(g));

        assertEquals("waiting for NAT gateway (nat/a): still not ready after 10 min", r.failures().get(0).toString());
        assertEquals(List.of("route/app"), r.skipped());
        // Read every 10 s by then: the first read at or past 600 s ends it.
        assertTrue(r.elapsedMillis() >= 600 * S && r.elapsedMillis() <= 610 * S, "after " + r.elapsedMillis());
    }

    @Test
    void aDeletionNeverDoneFailsAfterTheDeleteTimeoutAndKeepsDependencies() {
        nat.neverGone().seed("nat/a", "a");
        FakeKind subnet = h.kind("subnet", "subnet").seed("subnet/a", "s");
        Graph g = Harness.graph(Node.of("subnet/a", subnet, "s"), Node.of("nat/a", nat, "a", "subnet/a"));

        RunResult r = assertTimeoutPreemptively(REAL_LIMIT, () -> h.down(g));

        assertEquals("waiting for deletion of NAT gateway (nat/a): still not gone after 5 min",
                r.failures().get(0).toString());
        assertEquals(List.of("nat/a", "subnet/a"), r.remaining().stream().sorted().toList());
        assertEquals(List.of("nat/a"), h.cloud.keys("delete"));
        assertTrue(r.elapsedMillis() >= 300 * S && r.elapsedMillis() <= 310 * S, "after " + r.elapsedMillis());
    }

    @Test
    void kindsThatDependOnEachOtherFailBeforeTheWalkStartsNamingTheCycle() {
        FakeKind a = h.kind("a", "thing A").dependsOnKinds("b");
        FakeKind b = h.kind("b", "thing B").dependsOnKinds("a");
        a.seed("a/old", "x");
        b.seed("b/old", "y");

        IllegalStateException e = assertTimeoutPreemptively(REAL_LIMIT,
                () -> assertThrows(IllegalStateException.class, () -> h.down(Harness.graph())));

        // Checked before the walk, as terraform's dag validates before walking: not "stalled".
        assertEquals("dependency cycle among [orphan:a/old, orphan:b/old] (the kinds' declared dependencies order"
                + " them both ways); nothing was changed", e.getMessage());
        assertEquals(List.of(), h.cloud.keys("delete"));
        assertThrows(IllegalStateException.class, () -> h.up(Harness.graph()), "up builds the same checked graph");
        assertEquals(List.of(), h.cloud.changes());
    }
}
