package dev.hackathon.infra.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * scripts/hackathon-infra, run for real against a stand-in JDK (a {@code bin/java} script that
 * logs its arguments, writes the class list and the archive it is asked for, and exits as
 * told): which runs train the start-up archive, that the archive is made after the run and
 * mapped by later ones, and what keeps a bad or half-made archive from being used.
 */
class LauncherTest {

    private static final Path LAUNCHER = Path.of("scripts/hackathon-infra");

    @TempDir
    Path tmp;

    private Path root;
    private Path jar;
    private Path log;

    @BeforeEach
    void installStandIns() throws IOException {
        root = tmp.resolve("install");
        Files.createDirectories(root.resolve("scripts"));
        Files.copy(LAUNCHER, root.resolve("scripts/hackathon-infra"));
        jar = Files.createDirectories(root.resolve("target")).resolve("hackathon-infra.jar");
        Files.writeString(jar, "jar");
        log = tmp.resolve("java.log");
        jdk("jdk25", "25.0.3", "25.0.3+9-LTS");
        jdk("jdk17", "17.0.15", "17.0.15+6-Debian-1deb12u1");
    }

    private void jdk(String name, String version, String runtime) throws IOException {
        Path home = tmp.resolve(name);
        Files.createDirectories(home.resolve("bin"));
        Files.writeString(home.resolve("release"),
                "JAVA_VERSION=\"" + version + "\"\nJAVA_RUNTIME_VERSION=\"" + runtime + "\"\n");
        Path java = home.resolve("bin/java");
        Files.writeString(java, String.join("\n",
                "#!/usr/bin/env bash",
                "echo \"$*\" >>\"$FAKE_JAVA_LOG\"",
                "dump=''",
                "for a in \"$@\"; do",
                "  case \"$a\" in",
                "    -XX:DumpLoadedClassList=*) for i in $(seq \"${FAKE_CLASSES:-1}\"); do echo \"c$i id: $i\"; done >\"${a#*=}\" ;;",
                "    -XX:SharedArchiveFile=*) archive=${a#*=} ;;",
                "    -Xshare:dump) dump=1 ;;",
                "  esac",
                "done",
                "if [ -n \"$dump\" ]; then",
                "  [ -n \"${FAKE_DUMP_FAILS:-}\" ] && exit 1",
                "  echo archive >\"$archive\"; exit 0",
                "fi",
                "case \"$*\" in *-Xshare:on*) exit \"${FAKE_ARCHIVE_UNUSABLE:-0}\" ;; esac",
                "exit \"${FAKE_EXIT:-0}\"",
                ""));
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private Path archive25() {
        return root.resolve("target/hackathon-infra-25.0.3_9-LTS.jsa");
    }

    @Test
    void theFirstStatusTrainsTheArchiveAfterItEndsAndLaterCommandsMapIt() throws Exception {
        assertEquals(0, run(Map.of(), "--endpoint-url", "http://127.0.0.1:1", "status"));
        List<String> first = javaRuns();
        assertTrue(first.get(0).contains("-XX:DumpLoadedClassList=") && first.get(0).endsWith("-jar " + jar
                + " --endpoint-url http://127.0.0.1:1 status"), first::toString);
        awaitArchive(archive25());
        String dump = javaRuns().get(1);
        assertTrue(dump.contains("-XX:+AOTClassLinking -Xshare:dump -XX:SharedClassListFile=") && dump.contains("-cp " + jar),
                dump);
        String check = javaRuns().get(2);
        assertTrue(check.contains("-Xshare:on -XX:SharedArchiveFile=") && check.endsWith(" --version"), check);
        assertEquals(List.of("hackathon-infra-25.0.3_9-LTS.jsa", "hackathon-infra.jar"), targetFiles(),
                "no class list, claim or half-written archive left behind; a status that ended 0 saw all: nothing to learn");

        for (String command : List.of("status", "up", "down", "connect")) {
            assertEquals(0, run(Map.of(), command));
            assertTrue(last().contains("-XX:SharedArchiveFile=" + archive25() + " -jar " + jar + " " + command), last());
            // Serial, a small machine's default, cannot load an archive with linked classes on a small heap.
            assertTrue(last().contains("-XX:+UseG1GC"), last());
        }
        assertEquals(7, javaRuns().size(), "nothing trained again");
    }

    @Test
    void untilAStatusOrPlanEndsZeroEachAddsWhatTheArchiveLacks() throws Exception {
        Path learned = root.resolve("target/hackathon-infra-25.0.3_9-LTS.jsa.classlist");
        // A plan of an empty account: changes pending (3), few classes.
        assertEquals(3, run(Map.of("FAKE_EXIT", "3", "FAKE_CLASSES", "100"), "plan"));
        awaitArchive(archive25());
        assertEquals(100, Files.readAllLines(learned).size());
        assertEquals("c1", Files.readAllLines(learned).get(0), "the ids dropped");

        // Still learning: the next status maps the archive and records what it loads.
        assertEquals(3, run(Map.of("FAKE_EXIT", "3", "FAKE_CLASSES", "102"), "status"));
        assertTrue(last().contains("-XX:SharedArchiveFile=" + archive25() + " -XX:DumpLoadedClassList="), last());
        awaitArchive(archive25());
        assertEquals(1, dumps(), "two classes more than the archive's 100: not worth a dump");
        assertEquals(100, Files.readAllLines(learned).size());

        assertEquals(3, run(Map.of("FAKE_EXIT", "3", "FAKE_CLASSES", "150"), "status"));
        awaitArchive(archive25());
        assertEquals(2, dumps(), "the stack up: half as many classes again, a new archive");
        assertEquals(150, Files.readAllLines(learned).size(), "the archive's list and the run's, once each");

        assertEquals(0, run(Map.of("FAKE_CLASSES", "150"), "status"));
        awaitArchive(archive25());
        assertFalse(Files.exists(learned), "ended 0: the whole stack seen, nothing more to learn");
        assertEquals(2, dumps());
        assertEquals(0, run(Map.of(), "status"));
        assertFalse(last().contains("DumpLoadedClassList"), last());
    }

    private long dumps() throws IOException {
        return javaRuns().stream().filter(l -> l.contains("-Xshare:dump")).count();
    }

    @Test
    void helpVersionAndCompletionStartWithoutTheArchive() throws Exception {
        Files.writeString(archive25(), "archive");
        for (List<String> args : List.of(List.of("--help"), List.of("status", "--help"), List.of("-h"), List.of("--version"),
                List.of("completion"), List.of("help", "status"), List.<String>of())) {
            assertEquals(0, run(Map.of(), args.toArray(String[]::new)));
            assertFalse(last().contains("SharedArchiveFile") || last().contains("DumpLoadedClassList"), args + ": " + last());
        }
    }

    @Test
    void onlyAStatusOrPlanThatFinishedTrains() throws Exception {
        assertEquals(4, run(Map.of("FAKE_EXIT", "4"), "status"), "the command's exit code, whatever the training");
        assertEquals(130, run(Map.of("FAKE_EXIT", "130"), "plan"));
        assertEquals(0, run(Map.of(), "up"));
        assertEquals(0, run(Map.of(), "--profile", "status", "--config", "plan", "down"));
        assertEquals(List.of("hackathon-infra.jar"), targetFiles(), "no archive, no class list left");
        assertFalse(last().contains("DumpLoadedClassList"), "up and down never train: " + last());

        assertEquals(3, run(Map.of("FAKE_EXIT", "3"), "--output", "json", "plan"), "changes pending: a finished plan");
        awaitArchive(archive25());
    }

    @Test
    void anArchiveOlderThanTheJarIsDroppedAndTrainedAgain() throws Exception {
        Files.writeString(archive25(), "archive");
        Files.setLastModifiedTime(archive25(), FileTime.from(Instant.now().minusSeconds(60)));
        assertEquals(0, run(Map.of(), "status"));
        assertTrue(last().contains("-XX:DumpLoadedClassList="), "rebuilt jar: trains again, without the old archive: " + last());
        awaitArchive(archive25());
        assertEquals("archive\n", Files.readString(archive25()), "the stand-in's new one");
    }

    @Test
    void aFailedDumpIsNotRetriedUntilTheJarChanges() throws Exception {
        assertEquals(0, run(Map.of("FAKE_DUMP_FAILS", "1"), "status"));
        Path failed = root.resolve("target/hackathon-infra-25.0.3_9-LTS.jsa.failed");
        awaitArchive(failed);
        assertEquals(0, run(Map.of(), "status"));
        assertFalse(last().contains("DumpLoadedClassList"), "the same jar and JVM: no second try: " + last());

        Files.setLastModifiedTime(failed, FileTime.from(Instant.now().minusSeconds(60)));
        assertEquals(0, run(Map.of(), "status"));
        assertTrue(last().contains("DumpLoadedClassList"), "a rebuilt jar is tried again: " + last());
        awaitArchive(archive25());
    }

    @Test
    void anArchiveNoJvmStartsWithIsNeverPutInPlace() throws Exception {
        assertEquals(0, run(Map.of("FAKE_ARCHIVE_UNUSABLE", "1"), "status"));
        awaitArchive(root.resolve("target/hackathon-infra-25.0.3_9-LTS.jsa.failed"));
        assertEquals(List.of("hackathon-infra-25.0.3_9-LTS.jsa.failed", "hackathon-infra.jar"), targetFiles());
        assertEquals(0, run(Map.of(), "status"));
        assertFalse(last().contains("SharedArchiveFile") || last().contains("DumpLoadedClassList"), last());
    }

    @Test
    void aLiveWritersClaimIsLeftAloneAndADeadOnesIsNot() throws Exception {
        Path pending = root.resolve("target/hackathon-infra-25.0.3_9-LTS.jsa.pending");
        Files.writeString(pending, ProcessHandle.current().pid() + "\n");
        assertEquals(0, run(Map.of(), "status"));
        assertFalse(last().contains("DumpLoadedClassList"), "another run is writing the archive: " + last());
        assertTrue(Files.exists(pending));

        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        Files.writeString(pending, gone.pid() + "\n");
        assertEquals(0, run(Map.of(), "status"));
        assertTrue(last().contains("DumpLoadedClassList"), "a dead writer's claim is stale: " + last());
        awaitArchive(archive25());
    }

    @Test
    void jdk17GetsAnArchiveWithoutAheadOfTimeLinkingMappedWhereItWasDumped() throws Exception {
        Map<String, String> env = Map.of("HACKATHON_INFRA_JAVA", tmp.resolve("jdk17/bin/java").toString());
        assertEquals(0, run(env, "status"));
        Path archive = root.resolve("target/hackathon-infra-17.0.15_6-Debian-1deb12u1.jsa");
        awaitArchive(archive);
        String dump = javaRuns().get(1);
        assertTrue(dump.contains("-Xshare:dump") && !dump.contains("AOTClassLinking"), dump);
        assertTrue(javaRuns().get(2).contains("-Xshare:on"), "checked on JDK 17 too");
        assertEquals(0, run(env, "status"));
        assertTrue(last().contains("-XX:ArchiveRelocationMode=0") && last().contains("-XX:SharedArchiveFile=" + archive), last());
        assertFalse(last().contains("-Xlog:aot"), "JDK 17 has no aot log tag: " + last());
    }

    @Test
    void passesShellcheckWhereItIsInstalled() throws Exception {
        Process p;
        try {
            p = new ProcessBuilder("shellcheck", LAUNCHER.toString()).redirectErrorStream(true).start();
        } catch (IOException e) {
            assumeTrue(false, "shellcheck not installed (apt-get install shellcheck)");
            return;
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), out);
    }

    private int run(Map<String, String> extra, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("bash", root.resolve("scripts/hackathon-infra").toString()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(tmp.resolve("launcher.out").toFile());
        Map<String, String> env = pb.environment();
        env.put("FAKE_JAVA_LOG", log.toString());
        env.put("HACKATHON_INFRA_JAVA", tmp.resolve("jdk25/bin/java").toString());
        env.putAll(new HashMap<>(extra));
        int before = javaRuns().size();
        Process p = pb.start();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "the launcher returned");
        foreground = javaRuns().get(before);
        return p.exitValue();
    }

    private List<String> javaRuns() throws IOException {
        return Files.exists(log) ? Files.readAllLines(log) : List.of();
    }

    /**
     * The JVM the last {@link #run} started in the foreground: its first line in the log (a
     * background dump it left starts after it ended, and logs after it).
     */
    private String last() {
        return foreground;
    }

    private String foreground;

    private List<String> targetFiles() throws IOException {
        try (var files = Files.list(root.resolve("target"))) {
            return files.map(f -> f.getFileName().toString()).sorted().toList();
        }
    }

    /** The archive is made by a background process the launcher leaves running: wait until it is done. */
    private void awaitArchive(Path file) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
        while (!Files.exists(file) || targetFiles().stream().anyMatch(f -> f.endsWith(".pending") || f.endsWith(".tmp")
                || f.endsWith(".merged") || f.endsWith(".loaded"))) {
            assertTrue(Instant.now().isBefore(deadline), "no " + file.getFileName() + " in 20 s: " + targetFiles());
            Thread.sleep(20);
        }
    }
}
