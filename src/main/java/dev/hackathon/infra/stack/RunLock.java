package dev.hackathon.infra.stack;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.hackathon.infra.aws.AwsErrors;
import dev.hackathon.infra.aws.RetryPolicy;
import dev.hackathon.infra.engine.Backoff;
import dev.hackathon.infra.engine.Clock;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.ParameterType;

/**
 * One run at a time per stack, across laptops and CI runners: an SSM parameter
 * {@code /hackathon-infra/<stack>/lock} created with Overwrite=false, which AWS refuses
 * atomically when it exists. It names the holder (user or CI run, host, pid, command, start)
 * and an expiry the holder renews while it works, so a crashed run's lock lapses and is
 * taken over. {@code status} and {@code plan} take no lock.
 */
public final class RunLock implements AutoCloseable {

    public static final Duration TTL = Duration.ofMinutes(3);
    static final Duration RENEW_EVERY = Duration.ofSeconds(45);
    /** Server errors in a row on the lock's create before the run gives up (with backoff, about a minute). */
    static final int MAX_TRANSIENT_ERRORS = 8;
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

    private final SsmClient ssm;
    private final String stack;
    private final Clock clock;
    private volatile Holder held;
    /** The SSM version of the parameter as this run last wrote it: a write in between means someone else's. */
    private volatile long heldVersion;
    /** When the lease was last created or renewed (clock millis); it lapses {@link #TTL} later. */
    private volatile long renewedAt;
    private volatile String renewalError;
    /** Set when a renewal found the lock no longer ours. */
    private volatile String lost;
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
     * Takes the lock, waiting up to {@code wait} for a holder to finish (zero: fail at once).
     * An expired lock is taken over. {@code note} hears, once each, that the run waits for
     * another and that it took over a dead run's lock.
     */
    public void acquire(String command, Map<String, String> env, Duration wait, Consumer<String> note)
            throws InterruptedException {
        long deadline = clock.nowMillis() + wait.toMillis();
        Holder me = newHolder(command, env);
        boolean toldWaiting = false;
        int transientErrors = 0;
        while (true) {
            try {
                if (tryCreate(me)) {
                    hold(me);
                    return;
                }
            } catch (RuntimeException e) {
                // A 5xx or a lost connection: the create may have run with its answer lost (the
                // SDK does not repeat a create). Reading the parameter tells whose lock it is.
                if (!RetryPolicy.isTransient(e) || ++transientErrors > MAX_TRANSIENT_ERRORS) {
                    throw e;
                }
                clock.sleep(Backoff.DEFAULT.delay(transientErrors));
            }
            Optional<Versioned> read = readVersioned();
            Optional<Holder> current = read.map(Versioned::holder);
            if (current.isPresent() && current.get().expires().isBefore(now())) {
                // The holder stopped renewing (crashed): remove its lock and race for it again.
                // Only that version of that holder's lock is deleted (compare, then delete), so a
                // run that took it over just before us keeps it; only one create succeeds.
                note.accept("took over the run lock of " + current.get().describe() + ", which expired "
                        + current.get().expires() + " (that run died or lost its connection)");
                deleteIfStill(read.get());
                continue;
            }
            if (current.isPresent() && diedOnThisHost(current.get(), me)) {
                // Its process is gone (kill -9, a closed terminal): no need to wait out its lease.
                note.accept("took over the run lock of " + current.get().describe() + ": that process no longer"
                        + " runs on this host");
                deleteIfStill(read.get());
                continue;
            }
            if (current.isEmpty()) {
                continue; // released between our create and our read, or our create never ran
            }
            if (current.get().id().equals(me.id())) {
                // Our create went through but its answer was lost: the lock is ours.
                heldVersion = read.get().version();
                hold(me);
                return;
            }
            if (clock.nowMillis() >= deadline) {
                throw new HeldException(stack, current.get());
            }
            if (!toldWaiting) {
                note.accept("stack " + stack + " is locked by " + current.get().describe() + "; waiting up to "
                        + (wait.toMinutes() > 0 ? wait.toMinutes() + " min" : wait.toSeconds() + " s") + " for it");
                toldWaiting = true;
            }
            clock.sleep(Math.min(2_000, Math.max(1, deadline - clock.nowMillis())));
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

    private static boolean diedOnThisHost(Holder h, Holder me) {
        return h.host().equals(me.host()) && h.pid() > 0 && h.pid() != me.pid()
                && ProcessHandle.of(h.pid()).map(p -> !p.isAlive()).orElse(true);
    }

    private void hold(Holder me) {
        held = me;
        renewedAt = clock.nowMillis();
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
        if (clock.nowMillis() - renewedAt >= RENEW_EVERY.toMillis()) {
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

    /** Breaks the lock whoever holds it (the {@code unlock} command, after confirmation). */
    public boolean breakLock() {
        try {
            ssm.deleteParameter(r -> r.name(parameterName()));
            return true;
        } catch (RuntimeException e) {
            if (AwsErrors.isNotFound(e)) {
                return false;
            }
            throw e;
        }
    }

    /** Stops the renewer first (a renewal racing the delete would recreate the lock), then deletes our own lock only. */
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
        if (me != null && lost == null) {
            deleteIfStill(new Versioned(me, heldVersion)); // one read, then the delete
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
     * before the delete, so a lock another run took over or renewed in between stays.
     */
    private void deleteIfStill(Versioned seen) {
        Optional<Versioned> now = readVersioned();
        if (now.isPresent() && now.get().holder().id().equals(seen.holder().id())
                && (seen.version() == 0 || now.get().version() == seen.version())) {
            breakLock();
        }
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
            renewalError = null;
        } catch (RuntimeException e) {
            // A missed renewal is not fatal: the TTL leaves room for the next one. checkLease
            // stops the run's changes once it may have lapsed.
            renewalError = AwsErrors.describe(e, null);
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
