package dev.hackathon.infra.stack;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.hackathon.infra.aws.AwsErrors;
import dev.hackathon.infra.aws.RetryPolicy;
import dev.hackathon.infra.engine.Clock;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.ParameterType;

/**
 * One run at a time per stack, across laptops and CI runners: the SSM parameter
 * {@code /hackathon-infra/<stack>/lock}, naming the holder (user or CI run, host, pid, command,
 * start) and when its lease expires. {@code status} and {@code plan} take no lock.
 *
 * <p>What SSM makes atomic, and what it does not (it has no conditional write or delete):
 * <ul>
 * <li><b>Taking a free lock is atomic.</b> PutParameter with Overwrite=false creates the
 *     parameter or answers ParameterAlreadyExists: of runs that try at once, one gets it.</li>
 * <li><b>The lease is a convention, not enforced by SSM.</b> The holder rewrites its expiry
 *     every {@link #RENEW_EVERY} ({@link #TTL} ahead); a lock not renewed by its expiry (its
 *     run died) is taken over. Expiry is the holder's clock read by the next run's clock:
 *     clocks a minute apart shift the takeover by a minute.</li>
 * <li><b>Renewing is a read, then an overwrite</b>, not a compare-and-swap. A write by anyone
 *     else in between shows afterwards (the version moved by more than one), and the run then
 *     stops before its next change: fencing after the fact, not before.</li>
 * <li><b>Taking over an expired lock, and releasing one's own, are a read, then a plain
 *     delete.</b> Two runs taking over the same expired lock within one round trip of each other
 *     can both believe they hold it (one deletes the lock the other just created); the one
 *     whose lock was deleted finds out at its next renewal, at most {@link #RENEW_EVERY} later,
 *     and stops before its next change. It may have made changes in those seconds.</li>
 * <li><b>{@code unlock}</b> deletes the lock after showing its holder and asking; a live holder
 *     finds out the same way.</li>
 * </ul>
 * The holder's pid is shown, never used: two CI containers with the same host name see each
 * other's pids as dead, so only an expired lease frees a lock.
 *
 * <p>SSM refuses concurrent writes to one parameter ({@code TooManyUpdates}) and throttles
 * ({@code ThrottlingException}, which the SDK retries first: {@link RetryPolicy}). Both are
 * contention, not failure: taking and releasing the lock back off with jitter and read again,
 * for up to {@link #CONTENTION_WINDOW}; a renewal that meets them tries again a few seconds
 * later, and the run goes on as long as its lease holds.
 */
public final class RunLock implements AutoCloseable {

    public static final Duration TTL = Duration.ofMinutes(3);
    static final Duration RENEW_EVERY = Duration.ofSeconds(45);
    /** How long taking or releasing the lock rides through contention and server errors before it gives up. */
    static final Duration CONTENTION_WINDOW = Duration.ofMinutes(1);
    /** A run waiting for another run's lock reads it a tenth of the time waited apart, within these bounds. */
    static final Duration POLL_MIN = Duration.ofSeconds(2);
    static final Duration POLL_MAX = Duration.ofSeconds(10);
    private static final long FIRST_BACKOFF_MILLIS = 250;
    private static final long MAX_BACKOFF_MILLIS = 5_000;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Who holds a lock, as stored in the parameter. */
    public record Holder(String id, String who, String host, long pid, String command, Instant since, Instant expires) {

        public String describe() {
            return who + " on " + host + " (pid " + pid + ", `" + command + "`) since " + since;
        }
    }

    /**
     * This run must not make another change: its lease may have lapsed (renewals failed for
     * longer than the lock's TTL allows) or another run took the lock. Thrown before the call.
     */
    public static final class LeaseLapsed extends dev.hackathon.infra.engine.RunControl.MutationRefused
            implements dev.hackathon.infra.aws.ErrorAdvice.Advised {
        LeaseLapsed(String message) {
            super(message);
        }

        @Override
        public String fix() {
            return "check who holds the stack (hackathon-infra status; the lock is /hackathon-infra/<stack>/lock), then run"
                    + " the command again: it resumes where this one stopped";
        }
    }

    /** The lock is held by another run. */
    public static final class HeldException extends RuntimeException {
        private final Holder holder;

        HeldException(String stack, Holder holder) {
            super("stack " + stack + " is locked by " + holder.describe() + "; lock expires " + holder.expires()
                    + " unless renewed.\n  fix: wait for that run, pass --lock-timeout 10m to wait for it, or, if it"
                    + " died, run: hackathon-infra unlock");
            this.holder = holder;
        }

        public Holder holder() {
            return holder;
        }
    }

    /** SSM kept refusing or failing the lock's calls for the whole {@link #CONTENTION_WINDOW}; no lock of this run is left. */
    public static final class ContendedException extends RuntimeException
            implements dev.hackathon.infra.aws.ErrorAdvice.Advised {
        private static final String FIX = "run the command again; if it keeps happening, look for what else writes"
                + " the lock parameter or calls SSM Parameter Store in this account and Region (TooManyUpdates:"
                + " concurrent writes to one parameter; ThrottlingException: too many calls a second)";

        ContendedException(String parameter, String error) {
            super("could not take the run lock " + parameter + ": SSM kept answering for "
                    + CONTENTION_WINDOW.toSeconds() + " s with " + error);
        }

        @Override
        public String fix() {
            return FIX;
        }
    }

    private final SsmClient ssm;
    private final String stack;
    private final Clock clock;
    private volatile Holder held;
    /** The SSM version of the parameter as this run last wrote it: a write in between means someone else's. */
    private volatile long heldVersion;
    /** When the lease was last created or renewed (clock millis); it lapses {@link #TTL} later. */
    private volatile long renewedAt;
    /** When the next renewal is due: {@link #RENEW_EVERY} after the last, sooner after a failed one. */
    private volatile long renewalDueAt;
    private volatile int failedRenewals;
    private volatile String renewalError;
    /** Set when a renewal found the lock no longer ours. */
    private volatile String lost;
    private Consumer<String> note = n -> { };
    private ScheduledExecutorService renewer;

    public RunLock(SsmClient ssm, String stack, Clock clock) {
        this.ssm = ssm;
        this.stack = stack;
        this.clock = clock;
    }

    public String parameterName() {
        return "/hackathon-infra/" + stack + "/lock";
    }

    /**
     * Takes the lock, waiting up to {@code wait} for another run to release it (zero: fail at
     * once). An expired lock is taken over. {@code note} hears, once each, that the run waits
     * for another, that it took over a dead run's lock, and that a release failed.
     *
     * <p>This waits on the calling thread, on the run's clock, before the engine starts; it is
     * not the engine's retry of AWS being slow. It waits for another run to finish (minutes,
     * as long as the person asked with --lock-timeout) and for SSM's contention to pass; the
     * engine, which would otherwise retry, is not running yet: the lock guards its whole run.
     */
    public void acquire(String command, Map<String, String> env, Duration wait, Consumer<String> note)
            throws InterruptedException {
        this.note = note;
        Holder me = newHolder(command, env);
        long start = clock.nowMillis();
        long waitUntil = start + wait.toMillis();
        long contendedUntil = start + Math.max(wait.toMillis(), CONTENTION_WINDOW.toMillis());
        boolean toldWaiting = false;
        boolean createFirst = true;
        int contended = 0;
        while (true) {
            Holder holder;
            try {
                if (createFirst && tryCreate(me)) {
                    hold(me);
                    return;
                }
                createFirst = true;
                Optional<Versioned> current = readVersioned();
                if (current.isEmpty()) {
                    continue; // released in between, or our create never ran
                }
                holder = current.get().holder();
                if (holder.id().equals(me.id())) {
                    // Our create went through but its answer was lost: the lock is ours.
                    heldVersion = current.get().version();
                    hold(me);
                    return;
                }
                if (holder.expires().isBefore(now())) {
                    // Its run stopped renewing (it died): remove that lock, if still that one, and race for it again.
                    if (deleteIfStill(current.get())) {
                        note.accept("took over the run lock of " + holder.describe() + ", which expired "
                                + holder.expires() + " (that run died or lost its connection)");
                    }
                    continue;
                }
            } catch (RuntimeException e) {
                if (!isContention(e)) {
                    throw e;
                }
                if (clock.nowMillis() >= contendedUntil) {
                    throw gaveUp(me, e);
                }
                // A concurrent write, throttling, or a 5xx or lost connection (the create may have
                // run with its answer lost): wait a little, then read whose lock it is.
                clock.sleep(jitteredBackoff(++contended));
                createFirst = false;
                continue;
            }
            if (clock.nowMillis() >= waitUntil) {
                throw new HeldException(stack, holder);
            }
            if (!toldWaiting) {
                note.accept("stack " + stack + " is locked by " + holder.describe() + "; waiting up to "
                        + (wait.toMinutes() > 0 ? wait.toMinutes() + " min" : wait.toSeconds() + " s") + " for it");
                toldWaiting = true;
            }
            long poll = Math.max(POLL_MIN.toMillis(), Math.min(POLL_MAX.toMillis(), (clock.nowMillis() - start) / 10));
            clock.sleep(Math.min(poll, Math.max(1, waitUntil - clock.nowMillis())));
        }
    }

    /** The current holder, if any. */
    public Optional<Holder> read() {
        return readVersioned().map(Versioned::holder);
    }

    /** A holder with the SSM parameter version it was read at. */
    record Versioned(Holder holder, long version) { }

    Optional<Versioned> readVersioned() {
        try {
            var p = ssm.getParameter(r -> r.name(parameterName())).parameter();
            return Optional.of(new Versioned(parse(p.value()), p.version() == null ? 0 : p.version()));
        } catch (RuntimeException e) {
            if (AwsErrors.isNotFound(e)) {
                return Optional.empty();
            }
            throw e;
        }
    }

    private void hold(Holder me) {
        held = me;
        renewedAt = clock.nowMillis();
        renewalDueAt = renewedAt + RENEW_EVERY.toMillis();
        lost = null;
        startRenewing();
    }

    /**
     * The fence, asked before every change the run makes: refuses it once the lease may have
     * lapsed (no renewal for longer than the TTL minus one renewal period, the margin for the
     * call in flight) or a renewal found the lock in another run's hands.
     */
    public void checkLease() {
        if (held == null) {
            return;
        }
        if (clock.nowMillis() >= renewalDueAt) {
            renew(); // due (the renewer may lag the run's clock): renew before deciding
        }
        if (lost != null) {
            throw new LeaseLapsed("stopped before the next change: " + lost);
        }
        long since = clock.nowMillis() - renewedAt;
        if (since > TTL.toMillis() - RENEW_EVERY.toMillis()) {
            throw new LeaseLapsed("stopped before the next change: the run lock's lease was last renewed "
                    + since / 1000 + " s ago (it lapses after " + TTL.toSeconds() + " s) and renewing it fails"
                    + (renewalError == null ? "" : " (" + renewalError + ")")
                    + "; another run may have taken the stack over");
        }
    }

    /**
     * Breaks the lock if {@code seen} still holds it ({@code unlock}, after confirmation): read
     * again, then deleted, so a lock that changed hands while the person was asked stays.
     * Returns the holder found instead, if it did.
     */
    public Optional<Holder> breakLock(Holder seen) {
        Optional<Versioned> now = readVersioned();
        if (now.isPresent() && !now.get().holder().id().equals(seen.id())) {
            return Optional.of(now.get().holder());
        }
        delete();
        return Optional.empty();
    }

    private void delete() {
        AwsErrors.ignoringNotFound(() -> ssm.deleteParameter(r -> r.name(parameterName())));
    }

    /**
     * Stops the renewer first (a renewal racing the delete would recreate the lock), then
     * deletes our own lock only, riding through contention like {@link #acquire}. Contention
     * that outlasts the window ends nothing: the lock then lapses at its expiry, and the run
     * says so; any other failure is thrown, as a failure of the run.
     */
    @Override
    public void close() {
        if (renewer != null) {
            renewer.shutdownNow();
            try {
                renewer.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        Holder me = held;
        held = null;
        if (me == null || lost != null) {
            return;
        }
        long until = clock.nowMillis() + CONTENTION_WINDOW.toMillis();
        for (int attempt = 1; ; attempt++) {
            try {
                deleteIfStill(new Versioned(me, heldVersion));
                return;
            } catch (RuntimeException e) {
                if (!isContention(e)) {
                    throw e; // not SSM being busy: reported like any failure of the run
                }
                if (clock.nowMillis() >= until) {
                    note.accept("could not release the run lock (" + errorLine(e) + "); it lapses at "
                            + me.expires() + ", or run: hackathon-infra unlock");
                    return;
                }
            }
            try {
                clock.sleep(jitteredBackoff(attempt));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private boolean tryCreate(Holder me) {
        try {
            Long version = ssm.putParameter(r -> r.name(parameterName()).type(ParameterType.STRING).overwrite(false)
                    .value(write(me)).description("hackathon-infra run lock for stack " + stack)).version();
            heldVersion = version == null ? 0 : version;
            return true;
        } catch (RuntimeException e) {
            if (AwsErrors.hasCode(e, "ParameterAlreadyExists")) {
                return false;
            }
            throw e;
        }
    }

    /**
     * Deletes the lock only if it is still that holder's at that version: read again right
     * before the delete, so a lock another run took over or renewed before that read stays.
     * Not atomic: see the class comment.
     */
    private boolean deleteIfStill(Versioned seen) {
        Optional<Versioned> now = readVersioned();
        if (now.isPresent() && now.get().holder().id().equals(seen.holder().id())
                && (seen.version() == 0 || now.get().version() == seen.version())) {
            delete();
            return true;
        }
        return false;
    }

    /**
     * Giving up on taking the lock: a create of ours whose answer was lost may have run, so
     * our lock, if there, is deleted (best effort: if that fails too it lapses at its expiry).
     */
    private ContendedException gaveUp(Holder me, RuntimeException e) {
        try {
            deleteIfStill(new Versioned(me, 0));
        } catch (RuntimeException ignored) {
            // SSM is still refusing: a lock of ours, if any, lapses at me.expires()
        }
        return new ContendedException(parameterName(), errorLine(e));
    }

    /** Concurrent writes, throttling (past the SDK's own retries), a 5xx or a dropped connection; not an endpoint that cannot be reached. */
    static boolean isContention(RuntimeException e) {
        return AwsErrors.hasCode(e, "TooManyUpdates") || (RetryPolicy.isTransient(e) && !RetryPolicy.isUnreachable(e));
    }

    /** Doubling from a quarter second to five, each delay drawn from its upper half, so runs that collided spread out. */
    static long jitteredBackoff(int attempt) {
        long cap = Math.min(MAX_BACKOFF_MILLIS, FIRST_BACKOFF_MILLIS << Math.min(attempt - 1, 10));
        return cap / 2 + ThreadLocalRandom.current().nextLong(cap / 2 + 1);
    }

    /** "Code: message" without the generic advice (TooManyUpdates is not a quota). */
    private static String errorLine(Throwable e) {
        String code = AwsErrors.code(e);
        return code == null ? AwsErrors.message(e) : code + ": " + AwsErrors.message(e);
    }

    private void startRenewing() {
        renewer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "lock-renewer");
            t.setDaemon(true);
            return t;
        });
        renewer.scheduleAtFixedRate(this::renew, RENEW_EVERY.toMillis(), RENEW_EVERY.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Pushes the expiry out while the run works; never steals a lock someone else took. */
    synchronized void renew() {
        Holder me = held;
        if (me == null) {
            return;
        }
        try {
            Optional<Versioned> current = readVersioned();
            if (current.isEmpty() || !current.get().holder().id().equals(me.id())) {
                lost = "the run lock is no longer this run's (" + current.map(v -> "now held by "
                        + v.holder().describe()).orElse("it was deleted: hackathon-infra unlock?") + ")";
                return;
            }
            long start = clock.nowMillis();
            Holder renewed = new Holder(me.id(), me.who(), me.host(), me.pid(), me.command(), me.since(),
                    Instant.ofEpochMilli(start).plus(TTL));
            Long version = ssm.putParameter(r -> r.name(parameterName()).type(ParameterType.STRING).overwrite(true)
                    .value(write(renewed))).version();
            if (version != null && version != current.get().version() + 1) {
                // Someone wrote between our read and our write: whoever that was, the lock is contested.
                lost = "another run wrote the run lock while this one renewed it (version " + version + ")";
                return;
            }
            held = renewed;
            heldVersion = version == null ? 0 : version;
            renewedAt = start;
            renewalDueAt = start + RENEW_EVERY.toMillis();
            failedRenewals = 0;
            renewalError = null;
        } catch (RuntimeException e) {
            // Not fatal (TooManyUpdates, throttling, a network blip): the lease leaves room. Try
            // again soon, backing off; checkLease stops the run's changes once it may have lapsed.
            renewalError = errorLine(e);
            renewalDueAt = clock.nowMillis() + jitteredBackoff(++failedRenewals);
        }
    }

    private Holder newHolder(String command, Map<String, String> env) {
        String ci = firstOf(env, "GITHUB_RUN_ID", "CI_JOB_ID", "BUILD_ID", "CODEBUILD_BUILD_ID");
        String user = firstOf(env, "USER", "USERNAME");
        String who = ci != null ? "CI run " + ci : user != null ? user : "unknown user";
        String host = firstOf(env, "HOSTNAME");
        if (host == null) {
            try {
                host = java.net.InetAddress.getLocalHost().getHostName();
            } catch (java.io.IOException e) {
                host = "unknown host";
            }
        }
        Instant now = now();
        return new Holder(java.util.UUID.randomUUID().toString(), who, host, ProcessHandle.current().pid(), command,
                now, now.plus(TTL));
    }

    private Instant now() {
        return Instant.ofEpochMilli(clock.nowMillis());
    }

    private static String firstOf(Map<String, String> env, String... names) {
        for (String n : names) {
            String v = env.get(n);
            if (v != null && !v.isBlank()) {
                return v;
            }
        }
        return null;
    }

    private static String write(Holder h) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", h.id());
        m.put("who", h.who());
        m.put("host", h.host());
        m.put("pid", h.pid());
        m.put("command", h.command());
        m.put("since", h.since().toString());
        m.put("expires", h.expires().toString());
        try {
            return JSON.writeValueAsString(m);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Holder parse(String value) {
        try {
            Map<String, Object> m = JSON.readValue(value, new TypeReference<Map<String, Object>>() { });
            return new Holder(String.valueOf(m.get("id")), String.valueOf(m.get("who")), String.valueOf(m.get("host")),
                    ((Number) m.getOrDefault("pid", 0)).longValue(), String.valueOf(m.get("command")),
                    Instant.parse(String.valueOf(m.get("since"))), Instant.parse(String.valueOf(m.get("expires"))));
        } catch (Exception e) {
            // Unreadable lock: treat it as long expired so it can be taken over.
            return new Holder("unreadable", "unknown", "unknown", 0, "unknown", Instant.EPOCH, Instant.EPOCH);
        }
    }
}
