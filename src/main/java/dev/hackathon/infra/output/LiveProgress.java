package dev.hackathon.infra.output;

import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

import dev.hackathon.infra.engine.Event;
import dev.hackathon.infra.engine.RunListener;
import dev.hackathon.infra.engine.RunResult;

/**
 * Progress for a person at a terminal: one live line per resource in flight, with a spinner
 * and its elapsed time, redrawn in place; a resource that finishes leaves the live block and
 * is printed once above it, so the screen ends as a compact log plus a summary.
 */
public final class LiveProgress implements RunListener, AutoCloseable {

    private static final String[] SPINNER = {"⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"};

    private final PrintStream err;
    private final Style style;
    private final LongSupplier now;
    private final Map<String, Event> inFlight = new LinkedHashMap<>();
    private final ScheduledExecutorService ticker;
    private int drawnLines;
    private int frame;
    private int finished;

    public LiveProgress(PrintStream err, Style style, LongSupplier now) {
        this.err = err;
        this.style = style;
        this.now = now;
        this.ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "progress");
            t.setDaemon(true);
            return t;
        });
        ticker.scheduleAtFixedRate(this::redraw, 100, 100, TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void on(Event e) {
        clear();
        switch (e.type()) {
            case STARTED, WAITING, RETRYING -> inFlight.merge(e.key(), e, (old, neu) -> withStart(neu, old));
            case DONE -> {
                Event started = inFlight.remove(e.key());
                finished++;
                err.println(style.green("✓") + " " + e.key() + " " + ProgressWords.of(e) + " "
                        + style.dim(Durations.format(started == null ? e.elapsedMillis() : now.getAsLong() - started.atMillis())));
            }
            case FAILED -> {
                inFlight.remove(e.key());
                err.println(style.red("✗ " + ProgressWords.of(e).replace("\n", "\n  ")));
            }
            case SKIPPED -> err.println(style.dim("- " + e.key() + " " + ProgressWords.of(e)));
            case DUPLICATE_DELETED -> err.println(style.yellow("!") + " " + ProgressWords.of(e)); // names what it is about
        }
        draw();
    }

    /** Keeps the time the resource first started, with the newest message. */
    private static Event withStart(Event neu, Event old) {
        return new Event(old.atMillis(), neu.type(), neu.key(), neu.label(), neu.action(), neu.phase(), neu.id(),
                neu.state(), neu.detail(), 0);
    }

    private synchronized void redraw() {
        frame++;
        clear();
        draw();
    }

    private void draw() {
        String spin = SPINNER[frame % SPINNER.length];
        for (Event e : inFlight.values()) {
            err.println(style.yellow(spin) + " " + e.key() + " " + ProgressWords.of(e) + " "
                    + style.dim(Durations.format(now.getAsLong() - e.atMillis())));
        }
        drawnLines = inFlight.size();
        err.flush();
    }

    /** Moves the cursor up over the live block and erases it. */
    private void clear() {
        for (int i = 0; i < drawnLines; i++) {
            err.print("\u001b[1A\u001b[2K");
        }
        drawnLines = 0;
    }

    /**
     * The last line of the live view: how many resources and how long, e.g.
     * {@code ✓ 35 resources in 9m41s (12 created, 0 updated)}.
     */
    public synchronized void finished(String command, RunResult r) {
        clear();
        String counts = "(" + r.created() + " created, " + r.updated() + " updated"
                + (r.deleted() > 0 || command.equals("down") ? ", " + r.deleted() + " deleted" : "") + ")";
        String took = Durations.format(r.elapsedMillis());
        if (r.succeeded()) {
            int resources = command.equals("down") ? r.deleted() : r.state().size();
            err.println(style.green("✓") + " " + resources + " resource" + (resources == 1 ? "" : "s") + " in " + took
                    + " " + counts);
        } else {
            err.println(style.red("✗") + " " + command + " failed after " + took + ": " + r.failures().size()
                    + " failed, " + r.skipped().size() + " skipped " + counts);
        }
        draw();
    }

    @Override
    public synchronized void close() {
        ticker.shutdownNow();
        clear();
        err.flush();
    }

    public synchronized int finished() {
        return finished;
    }
}
