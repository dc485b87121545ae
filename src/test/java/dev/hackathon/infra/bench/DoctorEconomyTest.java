package dev.hackathon.infra.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.hackathon.infra.testing.MotoServer;
import dev.hackathon.infra.testing.RecordingInterceptor.Call;
import dev.hackathon.infra.testing.TestCli;
import dev.hackathon.infra.testing.WithMoto;

/**
 * Issue 17, cheap: doctor makes one call per question (the preflight's calls, docs/benchmarks.md
 * "doctor"), none of them mutating, and its checks, side by side, take about as long as the
 * slowest of them. Prints the figures docs/benchmarks.md reports: each run's elapsedMillis.
 */
@WithMoto
class DoctorEconomyTest {

    @Test
    void doctorMakesOneCallPerQuestionAndTakesAboutAsLongAsItsSlowestCall(MotoServer moto, @TempDir Path dir)
            throws Exception {
        TestCli cli = new TestCli(moto);
        String config = TestCli.seedConfig(dir, "de").toString();
        List<Long> millis = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            cli.calls.clear();
            TestCli.Result r = cli.run("--config", config, "doctor", "--output", "json");
            assertEquals(0, r.exit(), r::toString);
            JsonNode doc = new ObjectMapper().readTree(r.out());
            millis.add(doc.get("elapsedMillis").asLong());
            Map<String, Integer> byOperation = new TreeMap<>();
            for (Call c : cli.calls.calls()) {
                byOperation.merge(c.name(), 1, Integer::sum);
            }
            assertEquals(ApiEconomyTest.DOCTOR_CALLS, byOperation, "doctor's calls");
            assertTrue(cli.calls.mutatingCalls().isEmpty());
        }
        List<Long> warm = new ArrayList<>(millis.subList(1, millis.size()));
        warm.sort(null);
        long median = warm.get(warm.size() / 2);
        System.out.println("doctor elapsedMillis, first run then warm: " + millis + "; warm median " + median + " ms; load "
                + String.format("%.1f", java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                        .getSystemLoadAverage()));
        // A guard against a check turning serial or chatty, loose enough for a loaded 2-core machine.
        assertTrue(median < 3000, () -> "warm doctor took " + median + " ms: " + millis);
    }
}
