package dev.hackathon.infra.output.html;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import dev.hackathon.infra.engine.Clock;
import dev.hackathon.infra.output.AtomicFiles;

/**
 * Writes a page, and for {@code --watch} rewrites it on an interval. Each write replaces the
 * file in one step ({@link AtomicFiles}), so a browser reloading it (the page asks to, every
 * interval) never reads half a page.
 */
public final class PageWriter {

    private PageWriter() {
    }

    public static void write(Path file, String html) throws IOException {
        AtomicFiles.replace(file, html);
    }

    /**
     * Renders and writes the page, then again every {@code interval} on {@code clock}, for as
     * long as {@code keepGoing} says (the command stops it on SIGINT). The page is rendered anew
     * each time: {@code render} reads the stacks.
     */
    public static void watch(Path file, Supplier<String> render, Duration interval, Clock clock,
                             BooleanSupplier keepGoing) throws IOException, InterruptedException {
        while (true) {
            write(file, render.get());
            if (!keepGoing.getAsBoolean()) {
                return;
            }
            clock.sleep(interval.toMillis());
        }
    }
}
