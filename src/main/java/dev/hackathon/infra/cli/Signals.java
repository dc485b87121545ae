package dev.hackathon.infra.cli;

import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntConsumer;

import dev.hackathon.infra.engine.RunControl;

/**
 * Ctrl-C and SIGTERM (a cancelled CI job). The first signal asks the current run to stop
 * ({@link RunControl#stop}): no new work starts, calls in flight finish, the command returns
 * through its normal path, which releases the run lock and says what was done; the exit code
 * is then 130 (SIGINT) or 143 (SIGTERM). A second signal exits at once. When nothing is
 * changing (status, discovery, the plan, the confirmation prompt) there is nothing to wait
 * for: the first signal releases the lock, if the command holds one, and exits at once.
 * {@code sun.misc.Signal} (jdk.unsupported) is used rather than a shutdown hook because a hook
 * runs while the JVM is already exiting and cannot let the calls in flight finish, nor tell
 * INT from TERM.
 */
final class Signals {

    private static final AtomicReference<RunControl> CURRENT = new AtomicReference<>();
    private static final AtomicReference<String> RECEIVED = new AtomicReference<>();
    /** What releases the current command's lock when it exits at once. */
    private static final AtomicReference<Runnable> RELEASE = new AtomicReference<>();
    /** How the process ends at once; a test's seam. */
    private static volatile IntConsumer exit = System::exit;

    private Signals() {
    }

    /** Installs the handlers, once, for the real process (not for in-process tests). */
    static void install() {
        for (String name : new String[] {"INT", "TERM"}) {
            try {
                sun.misc.Signal.handle(new sun.misc.Signal(name), s -> received("SIG" + s.getName()));
            } catch (IllegalArgumentException e) {
                // Not available on this platform (or already taken by the JVM): the default applies.
            }
        }
    }

    static void received(String signal) {
        if (!RECEIVED.compareAndSet(null, signal)) {
            Runtime.getRuntime().halt(exitCode(RECEIVED.get())); // the second signal: at once
        }
        System.err.println();
        RunControl run = CURRENT.get();
        if (run == null || run.stopIfIdle(signal)) {
            Runnable release = RELEASE.getAndSet(null);
            if (release != null) {
                try {
                    release.run();
                } catch (RuntimeException e) {
                    // The next run takes a dead process's lock over; exiting matters more here.
                }
            }
            System.err.println("stopped (" + signal + ") before any change was made"
                    + (release == null ? "" : "; the lock is released"));
            exit.accept(exitCode(signal));
            return;
        }
        System.err.println("stopping (" + signal + "): no new changes start, waiting for the calls in flight;"
                + " press Ctrl-C again to exit at once");
    }

    /**
     * The run a signal stops from now on, and what releases its lock should the signal come
     * while nothing is in flight; a signal that came before it stops it at once.
     */
    static void attach(RunControl control, Runnable releaseLock) {
        RELEASE.set(releaseLock);
        CURRENT.set(control);
        String early = RECEIVED.get();
        if (early != null) {
            control.stop(early);
        }
    }

    static void detach(RunControl control) {
        if (CURRENT.compareAndSet(control, null)) {
            RELEASE.set(null);
        }
    }

    /** For tests: how the process would end, and a clean slate of received signals. */
    static void exitWith(IntConsumer exiter) {
        exit = exiter;
        RECEIVED.set(null);
    }

    static int exitCode(String signal) {
        return "SIGTERM".equals(signal) ? ExitCodes.TERMINATED : ExitCodes.INTERRUPTED;
    }
}
