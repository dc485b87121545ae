package dev.hackathon.infra.bench;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Keeps the scheduling benchmark's goals: within 5 % of the critical path, 10 % at a tenth of the
 * timings, and well under the serial sum (independent branches overlap). The critical path is
 * the benchmark's own arithmetic over its fixture: it is the yardstick, not what is tested.
 */
class SchedulingBenchmarkTest {

    @Test
    void upAndDownFinishWithinFivePercentOfTheCriticalPath() {
        for (SchedulingBenchmark.Result r : SchedulingBenchmark.run(8, 1)) {
            assertTrue(r.makespanMillis() >= r.criticalPathMillis(), r.command() + " beat its lower bound: " + r);
            assertTrue(r.makespanMillis() < r.serialMillis() / 2, r.command() + " ran branches one after another: " + r);
            assertTrue(r.ratio() <= SchedulingBenchmark.GOAL_AT_AWS_TIMINGS, r.command() + " too slow: " + r);
        }
    }

    @Test
    void atATenthOfTheTimingsWaitingStillCostsAtMostTenPercent() {
        List<SchedulingBenchmark.Result> results = SchedulingBenchmark.run(8, 10);
        for (SchedulingBenchmark.Result r : results) {
            assertTrue(r.makespanMillis() >= r.criticalPathMillis(), r.command() + " beat its lower bound: " + r);
            assertTrue(r.makespanMillis() < r.serialMillis() / 2, r.command() + " ran branches one after another: " + r);
            assertTrue(r.ratio() <= SchedulingBenchmark.GOAL_AT_A_TENTH, r.command() + " too slow: " + r);
            assertTrue(r.polls() > 0, "the waiters polled: " + r);
        }
    }
}
