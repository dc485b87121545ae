package dev.hackathon.infra.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hackathon.infra.deploy.InstanceRoot.Result;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The lines SendCommand will run, run here with sh as AWS-RunShellScript runs them: the bundle comes from
 * the bucket (the aws stand-in copies it out of FAKE/s3), the script comes out of the bundle.
 */
class DeployCommandsTest extends OnAnInstance {

    private String upload(Packager.Release r) throws Exception {
        Path key = dir.resolve("fake/s3/bucket/releases/api/" + r.id() + ".tar.gz");
        Files.createDirectories(key.getParent());
        Files.copy(r.archive(), key);
        return "s3://bucket/releases/api/" + r.id() + ".tar.gz";
    }

    private Result sh(List<String> lines) throws Exception {
        return instance.exec(List.of("sh", "-c", String.join("\n", lines)));
    }

    @Test
    void theDeployLinesFetchTheBundleAndRunTheScriptItCarries() throws Exception {
        Packager.Release v1 = laravel("v1");
        String uri = upload(v1);
        String message = "it's \"done\" $HOME `x`";

        Result r = sh(DeployCommands.deploy(uri, "ap-northeast-1", v1.id(), true, message, "arn:aws:sts::1:assumed-role/dev/alice"));

        assertEquals(0, r.exit(), r.output());
        assertEquals("releases/" + v1.shortId(), Files.readSymbolicLink(instance.app("api").resolve("current")).toString());
        String download = "aws s3 cp --only-show-errors --region ap-northeast-1 " + uri + " " + dir.resolve("fake/tmp");
        assertTrue(instance.calls().stream().anyMatch(c -> c.startsWith(download)), instance.calls().toString());
        assertTrue(r.output().contains("## api migrate: skipped (--no-migrate)"), r.output());
        String log = Files.readString(instance.app("api").resolve(".hackathon-infra/log.jsonl"));
        assertTrue(log.contains("\"by\": \"arn:aws:sts::1:assumed-role/dev/alice\", \"message\": \"it's \\\"done\\\" $HOME `x`\""), log);
        assertEquals(List.of(), leftovers(), "the download is removed");
    }

    @Test
    void aBundleThatIsNotTheReleaseAskedForIsRefusedAndRemoved() throws Exception {
        Packager.Release v1 = laravel("v1");
        String uri = upload(v1);

        Result r = sh(DeployCommands.deploy(uri, "ap-northeast-1", "f".repeat(64), false, null, null));

        assertEquals(2, r.exit(), r.output());
        assertTrue(r.last().startsWith("## api FAILED verify: the bundle's SHA-256 is " + v1.id()), r.last());
        assertEquals(List.of(), leftovers());
    }

    @Test
    void theRollbackLinesRunTheInstalledScript() throws Exception {
        Packager.Release v1 = laravel("v1");
        Packager.Release v2 = laravel("v2");
        assertEquals(0, instance.deploy(v1).exit());
        assertEquals(0, instance.deploy(v2).exit());
        List<String> lines = DeployCommands.rollback("api", "health did not come in 5 min");
        assertEquals(List.of("/usr/local/sbin/hackathon-deploy rollback 'api' --reason 'health did not come in 5 min'"), lines);

        Result r = sh(List.of(lines.get(0).replace(DeployCommands.INSTALLED,
                instance.root.resolve("usr/local/sbin/hackathon-deploy").toString())));

        assertEquals(0, r.exit(), r.output());
        assertEquals("releases/" + v1.shortId(), Files.readSymbolicLink(instance.app("api").resolve("current")).toString());
    }

    @Test
    void theLogsLinesAskForABoundedPageSinceATimeOrAfterACursor() {
        assertEquals(List.of("/usr/local/sbin/hackathon-deploy logs 'api' --since '15m' --max-bytes 20000"),
                DeployCommands.logs("api", "15m", null, 20000));
        assertEquals(List.of("/usr/local/sbin/hackathon-deploy logs 'api' --after 's=1;i=2' --max-bytes 20000"),
                DeployCommands.logs("api", "15m", "s=1;i=2", 20000));
    }

    private List<Path> leftovers() throws Exception {
        try (Stream<Path> s = Files.list(dir.resolve("fake/tmp"))) {
            return s.toList();
        }
    }
}
