package dev.hackathon.infra.engine;

import static dev.hackathon.infra.engine.Harness.S;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hackathon.infra.engine.FakeKind.Call;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Waiting: one bulk read per kind per tick, a tenth of the time waited apart (0.5 s to 10 s). */
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
        assertEquals(FORTY_SECOND_WAIT, natPolls);
        assertEquals(40_681, r.elapsedMillis(), "ready at 40 s, seen 0.7 s later (a 1-2-4-8-10 s back-off: at 45 s)");
    }

    /** Reads of a wait that started at 0 and ends at 40 s: every 0.5 s, then 10 % of the time waited. */
    private static final List<Long> FORTY_SECOND_WAIT = List.of(500L, 1000L, 1500L, 2000L, 2500L, 3000L, 3500L, 4000L,
            4500L, 5000L, 5500L, 6050L, 6655L, 7320L, 8052L, 8857L, 9742L, 10716L, 11787L, 12965L, 14261L, 15687L,
            17255L, 18980L, 20878L, 22965L, 25261L, 27787L, 30565L, 33621L, 36983L, 40681L);

    @Test
    void pollsATenthOfTheTimeWaitedApartBetweenHalfASecondAndTenSeconds() {
        nat.readyAfter(Duration.ofMinutes(7));
        RunResult r = h.up(Harness.graph(Node.of("nat/a", nat, "a"), Node.of("nat/b", nat, "b")));
        List<Long> t = pollTimes("nat");
        List<Long> intervals = new ArrayList<>();
        for (int i = 1; i < t.size(); i++) {
            intervals.add(t.get(i) - t.get(i - 1));
        }
        assertEquals(500L, t.get(0), "first read half a second after the create");
        assertEquals(List.of(500L, 500L, 500L), intervals.subList(0, 3), "the floor while the wait is young");
        assertEquals(List.of(550L, 605L, 665L), intervals.subList(10, 13), "then a tenth of the time waited");
        for (int i = 0; i < intervals.size(); i++) {
            long waited = t.get(i);
            assertEquals(Math.max(500, Math.min(10_000, waited / 10)), intervals.get(i), "interval after " + waited);
        }
        assertEquals(10_000L, intervals.get(intervals.size() - 1), "a long wait is read every 10 s, as before");
        assertEquals(74, t.size(), "a 7-minute wait: 74 reads (a 1-2-4-8-10 s back-off made 45)");
        assertTrue(r.elapsedMillis() - 7 * 60 * S <= 10 * S, "seen within 10 s of ready: " + r.elapsedMillis());
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
        assertEquals(30_565, joined, "vpc ready at 30 s, seen at 30.565 s");
        // nat/slow's polls are about 3 s apart by now; nat/quick, ready 2 s after its create,
        // is read on its own schedule from when it started waiting (every 0.5 s), not at
        // nat/slow's next tick, and each read serves both.
        List<Long> polls = pollTimes("nat");
        assertEquals(List.of(30_565L, 31_065L, 31_565L, 32_065L, 32_565L, 33_621L), polls.subList(28, 34),
                "nat/slow's tick at 30.565 s, then nat/quick's every 0.5 s until it is ready, then nat/slow's");
        assertEquals(joined + 2 * S, doneAt("nat/quick"), "ready 2 s after its create, seen on the dot");
        assertEquals(FORTY_SECOND_WAIT.get(FORTY_SECOND_WAIT.size() - 1), doneAt("nat/slow"));
        assertEquals(polls.stream().distinct().count(), polls.size(), "one read per tick: " + polls);
    }

    private long doneAt(String key) {
        return h.events.stream().filter(e -> e.type() == Event.Type.DONE && e.key().equals(key)).mapToLong(Event::atMillis)
                .findFirst().orElseThrow();
    }

    private List<Long> pollTimes(String kind) {
        return h.cloud.calls("discover").stream().filter(c -> c.kind().equals(kind)).map(Call::at)
                .toList();
    }
}
