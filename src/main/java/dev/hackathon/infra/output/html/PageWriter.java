package dev.hackathon.infra.output.html;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import dev.hackathon.infra.engine.Clock;

/**
 * Writes a page, and for {@code --watch} rewrites it on an interval. Each write goes to a
 * temporary file beside the page and is then moved over it, so a browser reloading it (the page
 * asks to, every interval) never reads half a page.
 */
public final class PageWriter {

    private PageWriter() {
    }

    public static void write(Path file, String html) throws IOException {
        Path target = file.toAbsolutePath();
        Path tmp = Files.createTempFile(target.getParent(), "." + target.getFileName(), ".tmp");
        try {
            // A temporary file is private; the page holds no secret and is read by a browser or a web server.
            if (Files.getFileStore(tmp).supportsFileAttributeView("posix")) {
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-r--r--"));
            }
            Files.writeString(tmp, html, StandardCharsets.UTF_8);
            try {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
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
