package dev.hackathon.infra.output.html;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * Debian's Chromium, headless, for the page tests: a screenshot of a page, or its DOM as the
 * browser has it after loading and laying it out. Each run gets a fresh profile and nothing
 * that reaches out: no background networking, component updates, sync or QUIC, and the pages
 * themselves load nothing (their Content-Security-Policy says so).
 */
final class HeadlessChromium {

    static final Path BINARY = Path.of("/usr/bin/chromium");
    static final long TIMEOUT_SECONDS = 90;

    private final Path work;

    private HeadlessChromium(Path work) {
        this.work = work;
    }

    /**
     * The browser, or the test skipped with the way to get it; under CI (the CI variable set)
     * a missing browser fails the test instead, since {@code .ci/run} installs it.
     */
    static HeadlessChromium require(Path work, Map<String, String> env) {
        if (!Files.isExecutable(BINARY)) {
            String why = "headless Chromium is not installed at " + BINARY + " (apt-get install -y chromium; "
                    + ".ci/run installs it when missing)";
            if (env.get("CI") != null && !env.get("CI").isBlank()) {
                Assertions.fail(why + "; CI is set, so the page tests must run");
            }
            Assumptions.abort(why);
        }
        return new HeadlessChromium(work);
    }

    /** A PNG of the page in a window of this size. */
    Path screenshot(Path page, Path png, int width, int height) throws IOException, InterruptedException {
        run(List.of("--screenshot=" + png, "--window-size=" + width + "," + height, page.toUri().toString()));
        return png;
    }

    /** The page's DOM after load, serialized by the browser. */
    String dumpDom(Path page, int width, int height) throws IOException, InterruptedException {
        return dumpDom(page.toUri().toString(), width, height);
    }

    /** The same for a URL (a file with a query, say), with extra flags. */
    String dumpDom(String url, int width, int height, String... flags) throws IOException, InterruptedException {
        List<String> args = new ArrayList<>(List.of(flags));
        args.add("--window-size=" + width + "," + height);
        args.add("--dump-dom");
        args.add(url);
        return run(args);
    }

    private String run(List<String> args) throws IOException, InterruptedException {
        Path profile = Files.createTempDirectory(work, "chromium-profile");
        List<String> command = new ArrayList<>(List.of(BINARY.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--hide-scrollbars", "--force-device-scale-factor=1",
                "--user-data-dir=" + profile));
        command.addAll(args);
        Path out = work.resolve("chromium-" + System.nanoTime() + ".out");
        Path err = work.resolve("chromium-" + System.nanoTime() + ".err");
        Process p = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor();
            Assertions.fail("Chromium did not finish in " + TIMEOUT_SECONDS + " s: " + String.join(" ", command));
        }
        if (p.exitValue() != 0) {
            Assertions.fail("Chromium exited " + p.exitValue() + ": " + Files.readString(err, StandardCharsets.UTF_8));
        }
        return Files.readString(out, StandardCharsets.UTF_8);
    }
}
