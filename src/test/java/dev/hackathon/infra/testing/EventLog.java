package dev.hackathon.infra.testing;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import dev.hackathon.infra.engine.Event;
import dev.hackathon.infra.engine.RunListener;

/** Keeps a run's events in the order they happened, to check the order of its steps. */
public final class EventLog implements RunListener {

    private final List<Event> events = new ArrayList<>();

    @Override
    public synchronized void on(Event e) {
        events.add(e);
    }

    public synchronized List<Event> events() {
        return List.copyOf(events);
    }

    /** Position of the first event of this type for this key, or -1. */
    public synchronized int first(Event.Type type, String key) {
        for (int i = 0; i < events.size(); i++) {
            if (events.get(i).type() == type && events.get(i).key().equals(key)) {
                return i;
            }
        }
        return -1;
    }

    /** {@code key} was done (deleted, ready) before anything started on {@code next}. */
    public void assertDoneBeforeStarted(String key, String next) {
        int done = first(Event.Type.DONE, key);
        int started = first(Event.Type.STARTED, next);
        assertTrue(done >= 0 && started >= 0 && done < started,
                key + " done (#" + done + ") before " + next + " started (#" + started + ") in\n" + this);
    }

    @Override
    public synchronized String toString() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < events.size(); i++) {
            Event e = events.get(i);
            sb.append('#').append(i).append(' ').append(e.type()).append(' ').append(e.key()).append(' ')
                    .append(dev.hackathon.infra.output.ProgressWords.of(e)).append('\n');
        }
        return sb.toString();
    }
}
