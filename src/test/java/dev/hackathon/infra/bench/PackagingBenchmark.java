package dev.hackathon.infra.bench;

import dev.hackathon.infra.config.StackConfig.App.Runtime;
import dev.hackathon.infra.deploy.Packager;
import dev.hackathon.infra.deploy.PackagingException;
import dev.hackathon.infra.deploy.ReleaseControl;
import dev.hackathon.infra.deploy.ReleaseManifest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Packaging time for an app of 2,000 files (docs/benchmarks.md, "deploy"): a generated app, code-like text
 * files with a few incompressible assets, packed as {@code deploy} packs it, as a plain folder (walked) and
 * as a git work tree with uncommitted edits ({@code git ls-files}). Reports the first pack in a fresh JVM
 * (what one {@code deploy} pays) and the median of the next runs, the archive's size, and whether packing
 * the unchanged app again gives the same release id (then the upload is skipped: 0 bytes).
 *
 * <p>Run: {@code scripts/bench-deploy [FILES]}, which gives each mode a JVM of its own, so that both first
 * packs are a fresh JVM's.
 */
public final class PackagingBenchmark {

    static final int RUNS = 7;

    /**
     * Wall and CPU times (the JVM's, every thread: JIT and GC included) of the first pack and the median of
     * the next ones. On a machine shared with other builds the wall times stretch with the load; the CPU
     * times much less, so they say what a pack costs on an idle laptop.
     */
    public record Result(String mode, int files, long contentBytes, long archiveBytes, double firstMillis,
                         double medianMillis, double firstCpuMillis, double medianCpuMillis, boolean sameIdAgain) {
    }

    private PackagingBenchmark() {
    }

    /** {@code [FILES [folder|git]]}: both modes by default, in this JVM. */
    public static void main(String[] args) throws Exception {
        int files = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        String only = args.length > 1 ? args[1] : null;
        Path dir = Files.createTempDirectory("packaging-bench");
        try {
            for (Result r : run(dir, files, RUNS, only)) {
                System.out.printf(Locale.ROOT, "%-9s %5d files, %5.1f MiB of content -> %4.1f MiB archive: "
                                + "first pack %4.0f ms (CPU %4.0f ms), median of %d more %4.0f ms (CPU %4.0f ms); "
                                + "unchanged app packed again: %s%n",
                        r.mode(), r.files(), r.contentBytes() / 1048576.0, r.archiveBytes() / 1048576.0,
                        r.firstMillis(), r.firstCpuMillis(), RUNS, r.medianMillis(), r.medianCpuMillis(),
                        r.sameIdAgain() ? "same release id, 0 bytes to upload" : "A NEW ID (not deterministic)");
            }
        } finally {
            delete(dir);
        }
    }

    /**
     * Packs a generated app of {@code files} files, walked and then as a git work tree ({@code only}: just
     * "folder" or "git"), {@code runs} + 1 times each.
     */
    public static List<Result> run(Path dir, int files, int runs, String only) throws IOException, PackagingException {
        Path app = generate(dir.resolve("app"), files);
        List<Result> results = new ArrayList<>();
        if (!"git".equals(only)) {
            results.add(measure("folder", app, dir, runs));
        }
        if ("folder".equals(only)) {
            return results;
        }
        git(app, "init", "-q");
        git(app, "add", "-A");
        git(app, "-c", "user.name=bench", "-c", "user.email=bench@example.com", "commit", "-qm", "bench");
        Files.writeString(app.resolve("app/Models/Model0.php"), "<?php // edited, not committed\n");
        results.add(measure("git tree", app, dir, runs));
        return results;
    }

    private static Result measure(String mode, Path app, Path dir, int runs) throws PackagingException {
        ReleaseManifest manifest = new ReleaseManifest("api", Runtime.laravel, 80, "/up", "ap-northeast-1",
                List.of("/hackathon-infra/bench/ap-northeast-1/secrets/api/"), Map.of("DB_HOST", "db.example"), null, null);
        Packager packager = new Packager();
        long start = System.nanoTime();
        long cpu = cpuNanos();
        Packager.Release first = packager.pack(app, ReleaseControl.entries(manifest), dir.resolve(mode + "-0.tar.gz"));
        double firstMillis = (System.nanoTime() - start) / 1e6;
        double firstCpu = (cpuNanos() - cpu) / 1e6;
        List<Double> times = new ArrayList<>();
        List<Double> cpuTimes = new ArrayList<>();
        boolean same = true;
        for (int i = 1; i <= runs; i++) {
            long t = System.nanoTime();
            long c = cpuNanos();
            Packager.Release again = packager.pack(app, ReleaseControl.entries(manifest),
                    dir.resolve(mode + "-" + i + ".tar.gz"));
            times.add((System.nanoTime() - t) / 1e6);
            cpuTimes.add((cpuNanos() - c) / 1e6);
            same &= again.id().equals(first.id());
        }
        return new Result(mode, first.files(), first.contentBytes(), first.archiveBytes(), firstMillis,
                median(times), firstCpu, median(cpuTimes), same);
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(Comparator.naturalOrder());
        return sorted.get(sorted.size() / 2);
    }

    /** The JVM's CPU time, every thread (JIT and GC too); git's, a child process, is not in it. */
    private static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime();
    }

    /**
     * A Laravel-shaped app: PHP classes, Blade views, migrations, tests, translations, each a few KiB of
     * code-like text, and one file in fifty an incompressible asset of 40 KiB (images, fonts).
     */
    static Path generate(Path app, int files) throws IOException {
        Random random = new Random(24);
        String[] folders = {"app/Models", "app/Http/Controllers", "app/Services", "resources/views/pages",
            "database/migrations", "tests/Feature", "lang/en", "routes", "config", "public/assets"};
        for (int i = 0; i < files; i++) {
            String folder = folders[i % folders.length];
            Path file;
            byte[] content;
            if (i % 50 == 49) {
                file = app.resolve("public/assets/image" + i + ".png");
                content = new byte[40 * 1024];
                random.nextBytes(content);
            } else {
                String name = folder.substring(folder.lastIndexOf('/') + 1);
                file = app.resolve(folder + "/" + Character.toUpperCase(name.charAt(0)) + name.substring(1, name.length() - 1)
                        + (i / folders.length) + (folder.startsWith("resources") ? ".blade.php" : ".php"));
                content = code(random, 1500 + random.nextInt(5000)).getBytes(StandardCharsets.UTF_8);
            }
            Files.createDirectories(file.getParent());
            Files.write(file, content);
        }
        return app;
    }

    private static String code(Random random, int length) {
        String[] words = {"public", "function", "return", "$this->", "array", "string", "use", "namespace",
            "App\\Models", "=>", "if", "foreach", "new", "static", "protected", "Request", "$request", "->where(",
            "'id'", "null", ");", "{", "}", "\n    ", "\n"};
        StringBuilder sb = new StringBuilder("<?php\n\n");
        while (sb.length() < length) {
            sb.append(words[random.nextInt(words.length)]).append(' ');
        }
        return sb.append('\n').toString();
    }

    private static void git(Path dir, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("git"));
        cmd.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(cmd).directory(dir.toFile()).inheritIO().start();
            if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IOException("git " + String.join(" ", args) + " failed in " + dir);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    private static void delete(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }
}
