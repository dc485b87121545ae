package dev.hackathon.infra.engine;

import static dev.hackathon.infra.engine.Harness.S;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

/**
 * Safe to start and safe to stop: plan and up decide alike, a stop request ends the run after
 * the calls in flight, a refused mutation stops it, waiting says why it is not moving, and a
 * replacement under live dependents is refused.
 */
class SafeRunTest {

    private final Harness h = new Harness();
    private final FakeKind vpc = h.kind("vpc", "VPC").readyAfter(Duration.ofSeconds(5));
    private final FakeKind sg = h.kind("sg", "security group").dependsOnKinds("vpc");
    private final FakeKind subnet = h.kind("subnet", "subnet").dependsOnKinds("vpc").replaceOnChange()
            .goneAfter(Duration.ofSeconds(3)).deletableUnderDependents();
    private final FakeKind instance = h.kind("instance", "EC2 instance").dependsOnKinds("subnet", "sg")
            .replaceOnChange().readyAfter(Duration.ofSeconds(20));

    private Graph graph(String sgSpec, String subnetA, String instanceSpec) {
        return Harness.graph(
                Node.of("vpc/main", vpc, "10.0.0.0/16"),
                Node.of("sg/web", sg, sgSpec, "vpc/main"),
                Node.of("subnet/a", subnet, subnetA, "vpc/main"),
                Node.of("subnet/b", subnet, "10.0.3.0/24", "vpc/main"),
                Node.of("instance/web", instance, instanceSpec, "subnet/a", "sg/web"));
    }

    private static Map<String, PlannedChange.Action> actions(Plan plan) {
        Map<String, PlannedChange.Action> out = new LinkedHashMap<>();
        plan.entries().forEach(c -> out.put(c.key(), c.action()));
        return out;
    }

    @Test
    void planAndUpShareOneDecisionPerResourceOverDriftedStacks() {
        // Stack 1: an update, a replacement carrying its dependent along, a create, an orphan.
        vpc.seed("vpc/main", "10.0.0.0/16");
        sg.seed("sg/web", "port 80");
        subnet.seed("subnet/a", "10.0.1.0/24");
        instance.seed("instance/web", "t3.small");
        subnet.seed("subnet/old", "10.0.9.0/24");
        Graph drifted = graph("port 443", "10.0.2.0/24", "t3.small");

        Map<String, PlannedChange.Action> planned = actions(h.plan(drifted));
        RunResult up = h.up(drifted);

        assertTrue(up.succeeded(), up.failures().toString());
        assertEquals(Map.of("vpc/main", PlannedChange.Action.NONE, "sg/web", PlannedChange.Action.UPDATE,
                "subnet/a", PlannedChange.Action.REPLACE, "subnet/b", PlannedChange.Action.CREATE,
                "instance/web", PlannedChange.Action.REPLACE, "subnet/old", PlannedChange.Action.DELETE), planned);
        assertEquals(planned, up.decisions(), "up acted on exactly what plan showed");

        // Stack 2, the same resources after that run, drifted another way: only the instance.
        Graph resized = graph("port 443", "10.0.2.0/24", "t4g.small");
        Map<String, PlannedChange.Action> planned2 = actions(h.plan(resized));
        RunResult up2 = h.up(resized);
        assertEquals(PlannedChange.Action.REPLACE, planned2.get("instance/web"));
        assertEquals(planned2, up2.decisions());

        // And in sync: nothing, in both.
        Map<String, PlannedChange.Action> planned3 = actions(h.plan(resized));
        assertTrue(planned3.values().stream().allMatch(a -> a == PlannedChange.Action.NONE), planned3.toString());
        assertEquals(planned3, h.up(resized).decisions());
    }

    @Test
    void aStopWhileWaitingEndsTheRunAfterTheCallsInFlightAndStartsNothingNew() {
        Graph g = graph("port 80", "10.0.1.0/24", "t3.small");
        h.events.clear();
        RunListener stopOnVpcWait = e -> {
            if (e.type() == Event.Type.WAITING && e.key().equals("vpc/main")) {
                h.control.stop("SIGINT");
            }
        };
        h.control = RunControl.unguarded();
        RunResult r = new Executor(h.clock, h.settings, e -> { h.events.add(e); stopOnVpcWait.on(e); }, h.control)
                .up(g, h.snapshot());

        assertTrue(r.stopped());
        assertEquals("SIGINT", r.stoppedBecause());
        assertFalse(r.succeeded());
        assertEquals(List.of("vpc/main"), h.cloud.keys("create"), "nothing started after the stop");
        assertEquals(List.of("instance/web", "sg/web", "subnet/a", "subnet/b", "vpc/main"),
                r.unfinished().stream().sorted().toList());
        assertTrue(r.elapsedMillis() < S, "returned at once, not after the 5 s wait: " + r.elapsedMillis());
        assertEquals(List.of(), r.failures());
    }

    @Test
    void aStopIsIdleOnlyWhileNoWalkRunsAndAnIdleStopKeepsTheNextWalkFromStarting() {
        Graph g = graph("port 80", "10.0.1.0/24", "t3.small");
        boolean[] idleDuringTheWalk = new boolean[1];
        h.control = RunControl.unguarded();
        RunControl during = h.control;
        RunResult r = new Executor(h.clock, h.settings, e -> {
            if (e.type() == Event.Type.WAITING && e.key().equals("vpc/main")) {
                idleDuringTheWalk[0] = during.stopIfIdle("SIGINT");
            }
        }, during).up(g, h.snapshot());
        assertFalse(idleDuringTheWalk[0], "a walk was in flight: the stop must wait for it");
        assertTrue(r.stopped());

        RunControl before = RunControl.unguarded();
        assertTrue(before.stopIfIdle("SIGTERM"), "no walk yet: nothing to wait for");
        h.cloud.clearCalls();
        RunResult after = new Executor(h.clock, h.settings, e -> { }, before).up(g, h.snapshot());
        assertEquals("SIGTERM", after.stoppedBecause());
        assertEquals(List.of(), h.cloud.changes(), "the process is exiting: no walk may start changes");
        assertTrue(before.stopIfIdle("SIGTERM"), "the walk is over: idle again");
    }

    @Test
    void aStopBeforeTheWalkStartsNothing() {
        h.control.stop("SIGTERM");
        RunResult r = h.up(graph("port 80", "10.0.1.0/24", "t3.small"));
        assertEquals("SIGTERM", r.stoppedBecause());
        assertEquals(List.of(), h.cloud.changes());
    }

    @Test
    void aRefusedMutationStopsTheRunBeforeTheCallAndSaysWhy() {
        AtomicInteger allowed = new AtomicInteger(1);
        h.control = new RunControl(() -> {
            if (allowed.getAndDecrement() <= 0) {
                throw new RunControl.MutationRefused("the run lock's lease may have lapsed");
            }
        });
        RunResult r = h.up(graph("port 80", "10.0.1.0/24", "t3.small"));

        assertEquals(List.of("vpc/main"), h.cloud.keys("create"), "only the change made before the lease lapsed");
        // The three items freed together by the VPC were each refused before their call.
        assertEquals(List.of("sg/web", "subnet/a", "subnet/b"), r.failures().stream().map(Failure::key).sorted().toList());
        assertTrue(r.failures().stream().allMatch(f -> f.message().contains("lease may have lapsed")), r.failures().toString());
        assertEquals(List.of(), r.skipped().stream().filter(k -> !k.equals("instance/web")).toList());
        // Polls half a second apart while the wait is short: the VPC is seen ready at 5 s, when it is.
        assertTrue(r.elapsedMillis() == 5 * S, "the VPC seen ready at the poll at 5 s, then no retrying of a refused change: " + r.elapsedMillis());
    }

    @Test
    void aFailingPollIsAVisibleRetryAndACredentialsErrorEndsTheRunAtOnce() {
        RuntimeException expired = new IllegalStateException("ExpiredToken: the security token included in the request is expired");
        h.settings = h.settings.withClassifier(new ErrorClassifier() {
            @Override
            public ErrorClass classify(Throwable error, Phase step, Policy policy) {
                return error.getMessage().startsWith("ExpiredToken") ? ErrorClass.CREDENTIALS : ErrorClass.PERMANENT;
            }

            @Override
            public String code(Throwable error) {
                return null;
            }
        });
        RuntimeException flaky = new IllegalStateException("InternalError: try again");
        AtomicInteger polls = new AtomicInteger();
        RunListener listener = e -> {
            h.events.add(e);
            if (e.type() == Event.Type.WAITING && e.key().equals("vpc/main")) {
                vpc.failDiscovery(flaky);
            }
            if (e.type() == Event.Type.RETRYING && e.key().equals("vpc/main") && polls.incrementAndGet() == 2) {
                vpc.failDiscovery(expired);
            }
        };
        Graph g = graph("port 80", "10.0.1.0/24", "t3.small");
        RunResult r = new Executor(h.clock, h.settings, listener, h.control).up(g, h.snapshot());

        assertTrue(h.events.stream().anyMatch(e -> e.type() == Event.Type.RETRYING && e.key().equals("vpc/main")
                && e.detail().contains("InternalError: try again")), h.events.toString());
        assertEquals(1, r.failures().size(), r.failures().toString());
        assertTrue(r.failures().get(0).message().startsWith("ExpiredToken"), r.failures().toString());
        assertTrue(r.elapsedMillis() < 30 * S, "ended at the expired token, not the 60-minute timeout: " + r.elapsedMillis());
        assertEquals(List.of("vpc/main"), h.cloud.keys("create"));
    }

    @Test
    void aResourceThatEndsFailedSaysWhyAsTheKindReadsIt() {
        instance.failWhenReady("instance/web");
        RunResult r = h.up(graph("port 80", "10.0.1.0/24", "t3.small"));
        assertEquals(1, r.failures().size());
        assertTrue(r.failures().get(0).toString().startsWith("waiting for EC2 instance (instance/web): state "),
                r.failures().toString());
    }

    @Test
    void aReplacementUnderLiveDependentsThatCannotBeDeletedUnderThemIsRefusedAndNothingDeleted() {
        FakeKind net = h.kind("net", "network").replaceOnChange();
        FakeKind part = h.kind("part", "part").dependsOnKinds("net");
        net.seed("net/main", "a");
        part.seed("part/x", "p");
        Graph g = Harness.graph(Node.of("net/main", net, "b"), Node.of("part/x", part, "p", "net/main"));

        assertEquals(List.of("part/x"), Replacements.blockingDependents(g, "net/main", h.snapshot()::find));
        RunResult r = h.up(g);

        assertEquals(List.of(), h.cloud.keys("delete"), "the parent is never deleted under its dependents");
        assertTrue(r.failures().get(0).message().contains("[part/x], which still stand on it"), r.failures().toString());
    }
}
