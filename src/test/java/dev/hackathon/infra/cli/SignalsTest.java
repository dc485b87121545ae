package dev.hackathon.infra.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.hackathon.infra.engine.RunControl;

/**
 * The first signal when nothing is changing (status, discovery, the plan, the confirmation
 * prompt) ends the process at once, releasing the lock the command holds; while a walk is in
 * flight it only asks the run to stop (SignalTest shows that path in a real process).
 */
class SignalsTest {

    private final List<Integer> exits = new ArrayList<>();
    private final List<String> released = new ArrayList<>();

    @AfterEach
    void reset() {
        Signals.exitWith(System::exit);
    }

    @Test
    void withNoCommandAttachedTheFirstSignalExitsAtOnce() {
        Signals.exitWith(exits::add);
        Signals.received("SIGTERM");
        assertEquals(List.of(143), exits);
    }

    @Test
    void atThePromptTheFirstSignalReleasesTheLockAndExitsAtOnce() {
        Signals.exitWith(exits::add);
        RunControl control = RunControl.unguarded();
        Signals.attach(control, () -> released.add("lock"));
        try {
            Signals.received("SIGINT");
        } finally {
            Signals.detach(control);
        }
        assertEquals(List.of(130), exits);
        assertEquals(List.of("lock"), released);
        assertTrue(control.stopped(), "and no walk may start after it");
    }

    @Test
    void aDetachedCommandsLockIsNotReleasedByALaterSignal() {
        Signals.exitWith(exits::add);
        RunControl control = RunControl.unguarded();
        Signals.attach(control, () -> released.add("lock"));
        Signals.detach(control);
        Signals.received("SIGINT");
        assertEquals(List.of(130), exits);
        assertEquals(List.of(), released);
        assertFalse(control.stopped());
    }
}
