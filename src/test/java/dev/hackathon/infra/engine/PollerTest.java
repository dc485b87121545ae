package dev.hackathon.infra.engine;

import static dev.hackathon.infra.engine.Harness.S;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Waiting: one bulk read per kind per tick, backing off from 1 s to a 10 s cap. */
class PollerTest {

    private final Harness h = new Harness();
    private final FakeKind nat = h.kind("nat", "NAT gateway").readyAfter(Duration.ofSeconds(40));
    private final FakeKind db = h.kind("db", "DB instance").readyAfter(Duration.ofSeconds(40));

    @Test
    void readsEachKindOncePerTickWhileManyOfItWait() {
        RunResult r = h.up(Harness.graph(
                Node.of("nat/a", nat, "a"), Node.of("nat/b", nat, "b"), Node.of("nat/c", nat, "c"),
                Node.of("db/main", db, "m"), Node.of("db/replica", db, "r")));

        assertTrue(r.succeeded());
        List<Long> natPolls = pollTimes("nat");
        assertEquals(natPolls, pollTimes("db"), "each kind has its own poller on the same schedule");
        assertEquals(natPolls.stream().distinct().count(), natPolls.size(), "one read per tick: " + natPolls);
        assertEquals(List.of(1L, 3L, 7L, 15L, 25L, 35L, 45L), natPolls);
        assertEquals(45 * S, r.elapsedMillis());
    }

    @Test
    void backsOffOneTwoFourEightThenTenSeconds() {
        h.up(Harness.graph(Node.of("nat/a", nat, "a"), Node.of("nat/b", nat, "b")));
        List<Long> t = pollTimes("nat");
        List<Long> intervals = new ArrayList<>();
        for (int i = 1; i < t.size(); i++) {
            intervals.add(t.get(i) - t.get(i - 1));
        }
        assertEquals(List.of(2L, 4L, 8L, 10L, 10L, 10L), intervals);
        assertEquals(1L, t.get(0));
    }

    @Test
    void aLateWaiterIsPolledOnItsOwnScheduleNotAtTheCappedInterval() {
        FakeKind vpc = h.kind("vpc", "VPC").readyAfter(Duration.ofSeconds(30));
        nat.readyAfter("nat/quick", Duration.ofSeconds(2));
        Graph g = Harness.graph(
                Node.of("nat/slow", nat, "s"),
                Node.of("vpc/main", vpc, "v"),
                Node.of("nat/quick", nat, "q", "vpc/main"));

        RunResult r = h.up(g);

        assertTrue(r.succeeded());
        long joined = h.cloud.timeOf("create", "nat/quick");
        assertEquals(35 * S, joined, "vpc ready at 30 s, seen at 35 s");
        // nat/slow's polls are 10 s apart by now; nat/quick, ready 2 s after its create,
        // is read at +1 s and +3 s from when it started waiting, not at the next 10 s tick.
        assertEquals(List.of(1L, 3L, 7L, 15L, 25L, 35L, 36L, 38L, 45L), pollTimes("nat"));
        assertEquals(joined + 3 * S, doneAt("nat/quick"));
        assertEquals(45 * S, doneAt("nat/slow"));
    }

    private long doneAt(String key) {
        return h.events.stream().filter(e -> e.type() == Event.Type.DONE && e.key().equals(key)).mapToLong(Event::atMillis)
                .findFirst().orElseThrow();
    }

    private List<Long> pollTimes(String kind) {
        return h.cloud.calls("discover").stream().filter(c -> c.kind().equals(kind)).map(c -> Harness.sec(c.at()))
                .toList();
    }
}
