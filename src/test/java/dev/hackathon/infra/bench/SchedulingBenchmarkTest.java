package dev.hackathon.infra.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Keeps the scheduling benchmark's goal: makespan within 5 % of the critical path. */
class SchedulingBenchmarkTest {

    @Test
    void upAndDownFinishWithinFivePercentOfTheCriticalPath() {
        List<SchedulingBenchmark.Result> results = SchedulingBenchmark.run(8);
        for (SchedulingBenchmark.Result r : results) {
            assertEquals(431, r.criticalPathS(), r.command() + ": VPC 5 + SGs 2+2+2 + DB instance 420");
            assertTrue(r.makespanS() >= r.criticalPathS(), r.command() + " beat its lower bound: " + r);
            assertTrue(r.ratio() <= 1.05, r.command() + " too slow: " + r);
        }
    }
}
