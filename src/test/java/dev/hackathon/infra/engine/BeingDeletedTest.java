package dev.hackathon.infra.engine;

import static dev.hackathon.infra.engine.Harness.S;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.hackathon.infra.output.ProgressWords;

/**
 * A run that starts while another run's delete is still under way (a cancelled {@code down}:
 * the cache or database "deleting", the instance "shutting-down"): {@code up} waits for the old
 * one to go and then creates the key anew, {@code plan} shows that as a create, not a
 * replacement; {@code down} deletes nothing twice and waits; a copy on its way out never beats
 * a live one. All on the virtual clock.
 */
class BeingDeletedTest {

    private final Harness h = new Harness();
    private final FakeKind net = h.kind("subnet", "subnet");
    private final FakeKind cache = h.kind("cache", "cache").readyAfter(Duration.ofSeconds(30)).goneAfter(Duration.ofSeconds(20));
    private final FakeKind app = h.kind("app", "app").readyAfter(Duration.ofSeconds(1));

    private Graph graph() {
        return Harness.graph(
                Node.of("subnet/a", net, "10.0.1.0/24"),
                Node.of("cache/main", cache, "valkey", "subnet/a"),
                Node.of("app/main", app, "v1", "cache/main"));
    }

    @Test
    void upWaitsUntilTheOldOneIsGoneThenCreatesItAndWhatStandsOnIt() {
        net.seed("subnet/a", "10.0.1.0/24");
        cache.seedDeleting("cache/main", "valkey", Duration.ofSeconds(90));
        String old = h.cloud.live("cache/main").get(0).id();

        RunResult r = h.up(graph());

        assertTrue(r.succeeded(), r.failures().toString());
        assertEquals(List.of(), h.cloud.keys("delete"), "a delete under way is not asked for again");
        assertTrue(h.cloud.timeOf("create", "cache/main") >= 90 * S,
                "created only once the old one was gone, at " + h.cloud.timeOf("create", "cache/main"));
        assertTrue(h.cloud.timeOf("create", "app/main") >= h.cloud.timeOf("create", "cache/main") + 30 * S,
                "its dependent waits for the new one to be ready");
        assertEquals(1, h.cloud.live("cache/main").size());
        assertFalse(h.cloud.live("cache/main").get(0).id().equals(old));
        assertEquals(2, r.created());
        assertEquals(PlannedChange.Action.CREATE, r.decisions().get("cache/main"));
        assertTrue(h.events.stream().anyMatch(e -> e.type() == Event.Type.WAITING && e.key().equals("cache/main")
                && ProgressWords.of(e).contains("old one is gone") && ProgressWords.of(e).contains(old)), h.events::toString);
    }

    @Test
    void planShowsACreateThatWaitsNotAReplacement() {
        net.seed("subnet/a", "10.0.1.0/24");
        cache.seedDeleting("cache/main", "valkey", Duration.ofSeconds(90));
        String old = h.cloud.live("cache/main").get(0).id();

        Plan plan = h.plan(graph());

        PlannedChange c = plan.changes().stream().filter(x -> x.key().equals("cache/main")).findFirst().orElseThrow();
        assertEquals(PlannedChange.Action.CREATE, c.action());
        assertEquals(old, c.id(), "the old one named: it is what the create waits for");
        assertEquals(List.of(new Change("state", "deleting", "gone, then created anew")), c.changes());
        assertEquals(0, plan.counts().get(PlannedChange.Action.REPLACE));
        assertEquals(0, plan.counts().get(PlannedChange.Action.DELETE));
        Decision d = Decider.decide(graph().node("cache/main"), h.snapshot().find("cache/main").orElseThrow(),
                new SnapshotContext(k -> java.util.Optional.empty(), k -> java.util.Map.of()), k -> false);
        assertTrue(d.waitsForOldOne());
        assertFalse(d.destructive(), "nothing is lost that was not already going: no confirmation");
    }

    @Test
    void anOldOneThatNeverGoesFailsAfterTheDeleteTimeoutAndSkipsWhatStandsOnIt() {
        h.deleteTimeout(Duration.ofMinutes(5));
        net.seed("subnet/a", "10.0.1.0/24");
        cache.seedDeleting("cache/main", "valkey", Duration.ofHours(10));

        RunResult r = h.up(graph());

        assertFalse(r.succeeded());
        assertEquals(List.of("cache/main"), r.failures().stream().map(Failure::key).toList());
        assertTrue(r.failures().get(0).message().contains("still not gone after 5 min"), r.failures().toString());
        assertEquals(List.of("app/main"), r.skipped());
        assertEquals(List.of(), h.cloud.keys("create"));
    }

    @Test
    void downDeletesNothingTwiceAndWaitsForItBeforeItsDependencies() {
        net.seed("subnet/a", "10.0.1.0/24");
        cache.seedDeleting("cache/main", "valkey", Duration.ofSeconds(40));
        app.seed("app/main", "v1");

        RunResult r = h.down(graph());

        assertTrue(r.succeeded(), r.failures().toString());
        assertEquals(List.of("app/main", "subnet/a"), h.cloud.keys("delete"), "the cache's delete is not repeated");
        assertTrue(h.cloud.timeOf("delete", "subnet/a") >= 40 * S, "the subnet goes after the deleting cache is gone");
        assertEquals(0, h.cloud.liveCount());
    }

    @Test
    void aCopyOnItsWayOutNeverBeatsTheLiveOneAndIsNeitherDeletedNorReported() {
        net.seed("subnet/a", "10.0.1.0/24");
        cache.seedDeleting("cache/main", "valkey", Duration.ofSeconds(60)); // older, yet leaving
        cache.seed("cache/main", "valkey");
        String live = h.cloud.live("cache/main").get(1).id();

        Snapshot s = h.snapshot();

        assertEquals(live, s.find("cache/main").orElseThrow().id());
        assertEquals(List.of(), s.duplicates());
        assertEquals(List.of(), s.keptDuplicates());
        app.seed("app/main", "v1");
        RunResult r = h.up(graph());
        assertTrue(r.succeeded(), r.failures().toString());
        assertEquals(List.of(), h.cloud.changes(), "nothing to do: the live one is in sync");
        assertEquals(PlannedChange.Action.NONE, r.decisions().get("cache/main"));
    }
}
