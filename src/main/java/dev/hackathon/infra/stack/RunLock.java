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
    private Holder held;
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
                    held = me;
                    startRenewing();
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
            Optional<Holder> current = read();
            if (current.isPresent() && current.get().expires().isBefore(now())) {
                // The holder stopped renewing (crashed): remove its lock and race for it again.
                // Two runs taking over at once both delete, but only one create succeeds.
                note.accept("took over the run lock of " + current.get().describe() + ", which expired "
                        + current.get().expires() + " (that run died or lost its connection)");
                deleteIfHeldBy(current.get().id());
                continue;
            }
            if (current.isEmpty()) {
                continue; // released between our create and our read, or our create never ran
            }
            if (current.get().id().equals(me.id())) {
                // Our create went through but its answer was lost: the lock is ours.
                held = me;
                startRenewing();
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
        try {
            String value = ssm.getParameter(r -> r.name(parameterName())).parameter().value();
            return Optional.of(parse(value));
        } catch (RuntimeException e) {
            if (AwsErrors.isNotFound(e)) {
                return Optional.empty();
            }
            throw e;
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

    @Override
    public void close() {
        if (renewer != null) {
            renewer.shutdownNow();
        }
        if (held != null) {
            deleteIfHeldBy(held.id());
            held = null;
        }
    }

    private boolean tryCreate(Holder me) {
        try {
            ssm.putParameter(r -> r.name(parameterName()).type(ParameterType.STRING).overwrite(false)
                    .value(write(me)).description("hackathon-infra run lock for stack " + stack));
            return true;
        } catch (RuntimeException e) {
            if (AwsErrors.hasCode(e, "ParameterAlreadyExists")) {
                return false;
            }
            throw e;
        }
    }

    private void deleteIfHeldBy(String id) {
        Optional<Holder> current = read();
        if (current.isPresent() && current.get().id().equals(id)) {
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
    void renew() {
        Holder me = held;
        if (me == null) {
            return;
        }
        try {
            Optional<Holder> current = read();
            if (current.isPresent() && current.get().id().equals(me.id())) {
                Holder renewed = new Holder(me.id(), me.who(), me.host(), me.pid(), me.command(), me.since(),
                        now().plus(TTL));
                ssm.putParameter(r -> r.name(parameterName()).type(ParameterType.STRING).overwrite(true)
                        .value(write(renewed)));
                held = renewed;
            }
        } catch (RuntimeException e) {
            // A missed renewal is not fatal: the TTL leaves room for the next one.
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
