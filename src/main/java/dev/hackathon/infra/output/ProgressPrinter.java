package dev.hackathon.infra.output;

import java.io.PrintStream;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

import dev.hackathon.infra.engine.Event;
import dev.hackathon.infra.engine.RunListener;

/**
 * Progress on stderr, one timestamped line per event ({@code 12:03:41 + nat/a creating},
 * {@code 12:05:02 ✓ nat/a available 1m21s}): readable in CI logs, no control characters unless
 * colour is on. A resource that becomes ready says the state AWS gave it ("available",
 * "running"). {@code quiet} keeps only failures.
 */
public final class ProgressPrinter implements RunListener {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneId.systemDefault());

    private final PrintStream err;
    private final Style style;
    private final boolean quiet;

    public ProgressPrinter(PrintStream err, Style style, boolean quiet) {
        this.err = err;
        this.style = style;
        this.quiet = quiet;
    }

    @Override
    public synchronized void on(Event e) {
        if (quiet && e.type() != Event.Type.FAILED) {
            return;
        }
        String words = ProgressWords.of(e);
        String line = switch (e.type()) {
            case STARTED -> mark(e) + " " + e.key() + " " + words;
            case WAITING -> "… " + e.key() + " " + words;
            case DONE -> style.green("✓") + " " + e.key() + " " + words + " " + Durations.format(e.elapsedMillis());
            case RETRYING -> style.yellow("↻") + " " + e.key() + " retrying: " + words;
            case FAILED -> style.red("✗") + " " + words;
            case SKIPPED -> style.dim("- " + e.key() + " " + words);
            case DUPLICATE_DELETED -> style.yellow("!") + " " + words; // names what it is about
        };
        // A failure's "fix:" line goes under the message, not under the time, so the log stays
        // one event per timestamped line.
        err.println(TIME.format(Instant.ofEpochMilli(e.atMillis())) + " " + line.replace("\n", "\n         "));
        err.flush();
    }

    private String mark(Event e) {
        if (e.phase() == null) {
            return "*";
        }
        return switch (e.phase()) {
            case CREATE -> style.green("+");
            case UPDATE -> style.yellow("~");
            case DELETE -> style.red("-");
            default -> "*";
        };
    }
}
