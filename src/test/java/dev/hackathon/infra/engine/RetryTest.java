package dev.hackathon.infra.engine;

import static dev.hackathon.infra.engine.Harness.S;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Passing errors are retried with backoff within the kind's window; lost answers are looked up. */
class RetryTest {

    private final Harness h = new Harness();
    private final FakeKind profile = h.kind("profile", "instance profile").retryWindow(Duration.ofSeconds(30));

    @Test
    void retriesAPassingErrorWithBackoffUntilItSucceeds() {
        profile.fail("profile/app", Phase.CREATE, 3, true, "InvalidParameterValue: role not propagated");

        RunResult r = h.up(Harness.graph(Node.of("profile/app", profile, "p")));

        assertTrue(r.succeeded(), r.failures().toString());
        assertEquals(List.of(0L, 1L, 3L, 7L), createTimes("profile/app"));
        assertEquals(1, h.cloud.live("profile/app").size());
        assertEquals(3, h.events.stream().filter(e -> e.type() == Event.Type.RETRYING).count());
    }

    @Test
    void failsOncePastTheRetryWindow() {
        profile.fail("profile/app", Phase.CREATE, Integer.MAX_VALUE, true, "Throttling: slow down");

        RunResult r = h.up(Harness.graph(Node.of("profile/app", profile, "p")));

        assertEquals("creating instance profile (profile/app): Throttling: slow down", r.failures().get(0).toString());
        // Tried at 0, 1, 3, 7, 15, 25 s; the error at 35 s is past the 30 s window.
        assertEquals(List.of(0L, 1L, 3L, 7L, 15L, 25L, 35L), createTimes("profile/app"));
        assertEquals(35 * S, r.elapsedMillis());
    }

    @Test
    void doesNotRetryAnErrorOutsideTheWindow() {
        profile.fail("profile/app", Phase.CREATE, 1, false, "AccessDenied: no");
        RunResult r = h.up(Harness.graph(Node.of("profile/app", profile, "p")));
        assertEquals(List.of(0L), createTimes("profile/app"));
        assertEquals("creating instance profile (profile/app): AccessDenied: no", r.failures().get(0).toString());
    }

    @Test
    void looksUpALostCreateBeforeTryingAgainSoOnlyOneExists() {
        profile.readyAfter(Duration.ofSeconds(5)).loseCreateResponse("profile/app");
        FakeKind instance = h.kind("instance", "EC2 instance");

        RunResult r = h.up(Harness.graph(Node.of("profile/app", profile, "p"),
                Node.of("instance/web", instance, "i", "profile/app")));

        assertTrue(r.succeeded(), r.failures().toString());
        assertEquals(List.of(0L), createTimes("profile/app"), "found by tag, not created again");
        assertEquals(1, h.cloud.live("profile/app").size());
        assertEquals(2, r.created(), "the create whose answer was lost still counts");
        assertTrue(h.cloud.timeOf("create", "instance/web") >= h.cloud.readyAt("profile/app"),
                "the found profile was still pending: its dependent waits for it");
    }

    @Test
    void withoutLookUpAKindRetriesTheCreateItself() {
        // Kinds with an idempotency token (ClientToken) opt out of the lookup: the retried
        // create is the same request. The fake has no token, so this makes a second copy.
        profile.noLookUpBeforeRetry().loseCreateResponse("profile/app");
        h.up(Harness.graph(Node.of("profile/app", profile, "p")));
        assertEquals(List.of(0L, 1L), createTimes("profile/app"));
        assertEquals(0, h.cloud.calls("discover").size());
    }

    @Test
    void aResourceFoundHalfMadeAfterALostCreateIsConvergedNotTakenAsIs() {
        profile.loseCreateHalfWay("profile/app", "p-without-role");

        RunResult r = h.up(Harness.graph(Node.of("profile/app", profile, "p")));

        assertTrue(r.succeeded(), r.failures().toString());
        assertEquals(List.of(0L), createTimes("profile/app"), "found by tag, not created again");
        assertEquals(1, h.cloud.calls("update").size(), "the missing part is added by an update");
        assertEquals("p", h.cloud.live("profile/app").get(0).spec());
    }

    @Test
    void aLostAnswerIsRetriedForEveryKindThoughItRetriesNothingOfItsOwn() {
        // The kind has no retry window; what the run's classifier calls a lost answer (the AWS
        // one: a 5xx, a dropped connection) is retried by the engine, looking the key up first.
        profile.retryWindow(Duration.ZERO).loseCreateResponse("profile/app");

        RunResult r = h.up(Harness.graph(Node.of("profile/app", profile, "p")));

        assertTrue(r.succeeded(), r.failures().toString());
        assertEquals(1, h.cloud.live("profile/app").size());
        assertEquals(List.of(0L), createTimes("profile/app"), "found by tag, not created again");
    }

    @Test
    void anErrorTheClassifierCallsPermanentFailsAtOnce() {
        profile.retryWindow(Duration.ZERO).fail("profile/app", Phase.CREATE, 1, true, "Something: no");
        RunResult r = h.up(Harness.graph(Node.of("profile/app", profile, "p")));
        assertEquals(1, r.failures().size());
        assertEquals(List.of(0L), createTimes("profile/app"));
    }

    @Test
    void anUpdateWhoseAnswerWasLostReadsAgainAndDoesNotRepeatWhatItMade() {
        profile.seed("profile/app", "old").updateMadeButAnswered("profile/app", true);

        RunResult r = h.up(Harness.graph(Node.of("profile/app", profile, "new")));

        assertTrue(r.succeeded(), r.failures().toString());
        assertEquals(1, h.cloud.calls("update").size(), "read again, found done, not made twice");
        assertEquals(1, h.cloud.calls("discover").size(), "one read before the retry");
        assertEquals("new", h.cloud.live("profile/app").get(0).spec());
    }

    @Test
    void anUpdateAnsweredAlreadyThereIsTakenAsDoneAndTheRunGoesOn() {
        // The SDK repeated a call whose first answer was lost; AWS says the change is there
        // (InvalidPermission.Duplicate, RouteAlreadyExists ...): the first call worked.
        FakeKind instance = h.kind("instance", "EC2 instance");
        profile.seed("profile/app", "old").updateMadeButAnswered("profile/app", false);

        RunResult r = h.up(Harness.graph(Node.of("profile/app", profile, "new"),
                Node.of("instance/web", instance, "i", "profile/app")));

        assertTrue(r.succeeded(), r.failures().toString());
        assertEquals(List.of("profile/app"), h.cloud.keys("update"));
        assertEquals(1, r.updated());
        assertEquals(List.of("instance/web"), h.cloud.keys("create"), "what stands on it goes on");
    }

    @Test
    void somethingNotKnownYetIsRetriedForItsWindowThenFailsSayingHowLongItWaited() {
        FakeKind subnet = h.kind("subnet", "subnet").retryWindow(Duration.ZERO);
        subnet.failAlways("subnet/app-a", Phase.CREATE, "NotFound: InvalidVpcID.NotFound: vpc-1 does not exist");

        RunResult r = h.up(Harness.graph(Node.of("subnet/app-a", subnet, "a")));

        assertEquals("creating subnet (subnet/app-a): NotFound: InvalidVpcID.NotFound: vpc-1 does not exist"
                + " (still not known after 2 min)", r.failures().get(0).toString());
        assertEquals(ErrorClass.NOT_YET_KNOWN, r.failures().get(0).errorClass());
        assertTrue(r.elapsedMillis() >= 120 * S && r.elapsedMillis() < 135 * S, "after " + r.elapsedMillis());
    }

    private List<Long> createTimes(String key) {
        return h.cloud.calls("create").stream().filter(c -> c.key().equals(key)).map(c -> Harness.sec(c.at())).toList();
    }
}
