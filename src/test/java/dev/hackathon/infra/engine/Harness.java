package dev.hackathon.infra.engine;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * A fake cloud on a virtual clock and the engine to run against it. Each run first reads
 * the whole cloud (every kind made on it, as the real stack discovers every kind), then
 * clears the call log, so a test sees only the calls of the run itself.
 */
final class Harness {

    static final long S = 1_000;

    final VirtualClock clock = new VirtualClock();
    final FakeKind.Cloud cloud = new FakeKind.Cloud(clock);
    final List<Event> events = Collections.synchronizedList(new ArrayList<>());
    RunSettings settings = RunSettings.defaults(key -> Map.of("hackathon-infra:key", key))
            .withClassifier(FakeKind.CLASSIFIER);

    FakeKind kind(String name, String label) {
        return cloud.kind(name, label);
    }

    Harness parallelism(int p) {
        settings = settings.withParallelism(p);
        return this;
    }

    Harness readyTimeout(Duration d) {
        settings = settings.withReadyTimeout(d);
        return this;
    }

    Harness deleteTimeout(Duration d) {
        settings = settings.withDeleteTimeout(d);
        return this;
    }

    static Graph graph(Node... nodes) {
        return new Graph(List.of(nodes));
    }

    Snapshot snapshot() {
        return new Discoverer(ErrorDescriber.PLAIN).discover(cloud.kinds());
    }

    RunResult up(Graph graph) {
        Snapshot snapshot = snapshot();
        cloud.clearCalls();
        return executor().up(graph, snapshot);
    }

    RunResult down(Graph graph) {
        Snapshot snapshot = snapshot();
        cloud.clearCalls();
        return executor().down(graph, snapshot);
    }

    Plan plan(Graph graph) {
        Snapshot snapshot = snapshot();
        cloud.clearCalls();
        return new Planner(settings.tagsForKey()).plan(graph, snapshot);
    }

    /** What the run's RunControl is (a test stops the run or refuses its changes through it). */
    RunControl control = RunControl.unguarded();

    private Executor executor() {
        return new Executor(clock, settings, events::add, control);
    }

    /** Virtual seconds since the start of the clock, for readable assertions. */
    static long sec(long millis) {
        return millis / S;
    }
}
