package dev.hackathon.infra.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

import dev.hackathon.infra.testing.MotoServer;
import dev.hackathon.infra.testing.TestCli;
import dev.hackathon.infra.testing.WithMoto;

/**
 * Re-records the answers {@link Warmup} is served ({@link RecordedAws#RESOURCE}): builds
 * {@link Warmup#CONFIG}'s stack in moto with {@code up}, checks it is complete and healthy
 * ({@code status} exits 0), then runs the warm-up's commands through {@link RecordedAws}
 * forwarding to moto and writes every exchange to src/main/resources. On demand only
 * ({@link #COMMAND}):
 * <pre>mvn -B -o test -Dtest=WarmupRecordingTest -Dwarmup.record=true</pre>
 * Run it when {@code WarmupTest} says the recording is stale (a command now asks for
 * something else), then commit the resource.
 */
@WithMoto
@EnabledIfSystemProperty(named = "warmup.record", matches = "true")
class WarmupRecordingTest {

    static final String COMMAND = "mvn -B -o test -Dtest=WarmupRecordingTest -Dwarmup.record=true";
    private static final Path RESOURCE = Path.of("src/main/resources/dev/hackathon/infra/cli", RecordedAws.RESOURCE);

    @Test
    void recordsTheWarmUpsExchangesWithACompleteStack(MotoServer moto, @TempDir Path dir) throws Exception {
        TestCli cli = new TestCli(moto);
        String config = Files.writeString(dir.resolve("warmup.yaml"), Warmup.CONFIG).toString();
        TestCli.Result up = cli.run("up", "--config", config);
        assertEquals(ExitCodes.OK, up.exit(), up.toString());
        TestCli.Result status = cli.run("status", "--config", config);
        assertEquals(ExitCodes.OK, status.exit(), "the stack is not complete and healthy:\n" + status);
        try (RecordedAws aws = RecordedAws.recording(moto.endpoint())) {
            Warmup.warmUp(aws);
            assertEquals(List.of(), aws.refused());
            try (Writer out = Files.newBufferedWriter(RESOURCE, StandardCharsets.UTF_8)) {
                aws.write(out);
            }
        }
        TestCli.Result down = cli.run("down", "--yes", "--config", config);
        assertEquals(ExitCodes.OK, down.exit(), down.toString());
    }
}
