package dev.hackathon.infra.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Keeps the scheduling benchmark's goals: within 5 % of the critical path, 10 % at a tenth of the timings. */
class SchedulingBenchmarkTest {

    @Test
    void upAndDownFinishWithinFivePercentOfTheCriticalPath() {
        for (SchedulingBenchmark.Result r : SchedulingBenchmark.run(8, 1)) {
            assertEquals(431_000, r.criticalPathMillis(), r.command() + ": VPC 5 + SGs 2+2+2 + DB instance 420");
            assertTrue(r.makespanMillis() >= r.criticalPathMillis(), r.command() + " beat its lower bound: " + r);
            assertTrue(r.ratio() <= SchedulingBenchmark.GOAL_AT_AWS_TIMINGS, r.command() + " too slow: " + r);
        }
    }

    @Test
    void atATenthOfTheTimingsWaitingStillCostsAtMostTenPercent() {
        List<SchedulingBenchmark.Result> results = SchedulingBenchmark.run(8, 10);
        for (SchedulingBenchmark.Result r : results) {
            assertEquals(43_100, r.criticalPathMillis(), r.command() + ": the same chain, a tenth as long");
            assertTrue(r.makespanMillis() >= r.criticalPathMillis(), r.command() + " beat its lower bound: " + r);
            assertTrue(r.ratio() <= SchedulingBenchmark.GOAL_AT_A_TENTH, r.command() + " too slow: " + r);
            assertTrue(r.polls() > 0, "the waiters polled: " + r);
        }
    }
}
