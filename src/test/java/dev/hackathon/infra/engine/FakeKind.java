package dev.hackathon.infra.engine;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * A hand-written resource kind over an in-memory {@link Cloud}. The desired spec is a
 * string; a resource becomes ready {@code readyLatency} virtual ms after its create and
 * disappears {@code goneLatency} ms after its delete. Failures are injected per key and
 * phase; every call lands in the cloud's log with the virtual time it was made at.
 */
public final class FakeKind implements ResourceKind<String> {

    /** The in-memory "cloud" shared by the fake kinds of one test. */
    public static final class Cloud {
        public final VirtualClock clock;
        private final List<FakeKind> kinds = new ArrayList<>();
        private final List<Resource> resources = new ArrayList<>();
        private final List<Call> calls = new ArrayList<>();
        private int nextId;
        private int active;
        private int maxActive;
        private int holdUntil;
        private long holdMillis;

        public Cloud(VirtualClock clock) {
            this.clock = clock;
        }

        public FakeKind kind(String name, String label) {
            FakeKind k = new FakeKind(this, name, label);
            synchronized (this) {
                kinds.add(k);
            }
            return k;
        }

        /** Every kind made on this cloud: what a full discovery reads. */
        public synchronized List<ResourceKind<?>> kinds() {
            return List.copyOf(kinds);
        }

        public synchronized List<Call> calls() {
            return List.copyOf(calls);
        }

        public synchronized List<Call> calls(String op) {
            return calls.stream().filter(c -> c.op.equals(op)).toList();
        }

        /** Keys of the create, update or delete calls, in call order. */
        public synchronized List<String> keys(String op) {
            return calls(op).stream().map(Call::key).toList();
        }

        public synchronized List<Call> changes() {
            return calls.stream().filter(c -> !c.op.equals("discover")).toList();
        }

        public synchronized void clearCalls() {
            calls.clear();
        }

        /** Time of the first call {@code op} on {@code key}; fails when there was none. */
        public synchronized long timeOf(String op, String key) {
            return calls.stream().filter(c -> c.op.equals(op) && key.equals(c.key)).mapToLong(Call::at)
                    .findFirst().orElseThrow(() -> new AssertionError("no " + op + " of " + key + " in " + calls));
        }

        /** Resources of this key that are not gone (being deleted still counts). */
        public synchronized List<Resource> live(String key) {
            long now = clock.nowMillis();
            return resources.stream().filter(r -> r.key.equals(key) && !r.state(now).equals("deleted")).toList();
        }

        public synchronized int liveCount() {
            long now = clock.nowMillis();
            return (int) resources.stream().filter(r -> !r.state(now).equals("deleted")).count();
        }

        public synchronized long readyAt(String key) {
            return live(key).get(0).readyAt;
        }

        /** Puts a ready resource in place, as if an earlier run had made it. */
        public synchronized Resource seed(FakeKind kind, String key, String spec) {
            Resource r = new Resource(kind.name, key, kind.name + "-" + (++nextId), spec, clock.nowMillis());
            resources.add(r);
            return r;
        }

        /**
         * Makes every create and delete call wait (really, up to {@code maxMillis}) until
         * {@code count} calls are inside the cloud at once; shows how many calls overlap.
         */
        public synchronized void holdCallsUntilConcurrent(int count, long maxMillis) {
            holdUntil = count;
            holdMillis = maxMillis;
        }

        public synchronized int maxConcurrentCalls() {
            return maxActive;
        }

        synchronized void log(String op, String kind, String key) {
            calls.add(new Call(op, kind, key, clock.nowMillis()));
        }

        synchronized void enter() {
            active++;
            maxActive = Math.max(maxActive, active);
            notifyAll();
            long until = System.nanoTime() + holdMillis * 1_000_000;
            while (active < holdUntil && System.nanoTime() < until) {
                try {
                    wait(Math.max(1, (until - System.nanoTime()) / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }

        synchronized void leave() {
            active--;
        }

        synchronized String newId(String kind) {
            return kind + "-" + (++nextId);
        }

        synchronized List<Resource> resourcesOf(String kind) {
            return resources.stream().filter(r -> r.kind.equals(kind)).toList();
        }

        synchronized void add(Resource r) {
            resources.add(r);
        }
    }

    /** One call the engine made, at a virtual time. */
    public record Call(String op, String kind, String key, long at) { }

    /** One resource in the fake cloud. */
    public static final class Resource {
        final String kind;
        final String key;
        final String id;
        String spec;
        long readyAt;
        long goneAt = Long.MAX_VALUE;
        boolean failed;

        Resource(String kind, String key, String id, String spec, long readyAt) {
            this.kind = kind;
            this.key = key;
            this.id = id;
            this.spec = spec;
            this.readyAt = readyAt;
        }

        String state(long now) {
            if (now >= goneAt) {
                return "deleted";
            }
            if (goneAt != Long.MAX_VALUE) {
                return "deleting";
            }
            return now >= readyAt ? "available" : "pending";
        }

        public String id() {
            return id;
        }

        public String spec() {
            return spec;
        }
    }

    /**
     * An error from the fake cloud. Retryable ones carry {@link #RETRYABLE}, the code the kind's
     * policy retries for its window; "RequestTimeout" ones may have acted (a lost answer);
     * "AlreadyThere" ones say what the call makes exists (its first attempt worked); "NotFound"
     * ones from a create or an update name something not known yet.
     */
    public static final class FakeError extends RuntimeException {
        static final String RETRYABLE = "Retryable";
        final boolean retryable;

        public FakeError(String message, boolean retryable) {
            super(message);
            this.retryable = retryable;
        }

        boolean lost() {
            return getMessage().startsWith("RequestTimeout");
        }
    }

    /** How the engine reads the fake cloud's errors: the kind's window for retryable ones, lost answers as such. */
    public static final ErrorClassifier CLASSIFIER = new ErrorClassifier() {
        @Override
        public ErrorClass classify(Throwable error, Phase step, Policy policy) {
            if (error instanceof FakeError f && f.lost()) {
                return ErrorClass.LOST_ANSWER;
            }
            if (error instanceof FakeError f && f.getMessage().startsWith("AlreadyThere")) {
                return ErrorClass.ALREADY_DONE;
            }
            if (error instanceof FakeError f && f.getMessage().startsWith("NotFound")
                    && (step == Phase.CREATE || step == Phase.UPDATE)) {
                return ErrorClass.NOT_YET_KNOWN;
            }
            return error instanceof FakeError f && f.retryable && policy.retryCodes().containsKey(FakeError.RETRYABLE)
                    ? ErrorClass.KIND_CODE : ErrorClass.PERMANENT;
        }

        @Override
        public String code(Throwable error) {
            return error instanceof FakeError f && f.retryable ? FakeError.RETRYABLE : null;
        }
    };

    private record Fault(String message, boolean retryable, int[] left) { }

    private final Cloud cloud;
    private final String name;
    private final String label;
    private final Map<String, Fault> faults = new HashMap<>();
    private final Map<String, String> lostResponses = new HashMap<>();
    private final Map<String, Long> readyLatencyOf = new HashMap<>();
    private final Set<String> failWhenReady = new java.util.HashSet<>();
    private final Set<String> updateAnswersAlreadyThere = new java.util.HashSet<>();
    private final Set<String> updateAnswerLost = new java.util.HashSet<>();
    private boolean replaceWhenFailed;
    private Set<String> dependsOnKinds = Set.of();
    private long readyLatency;
    private long goneLatency;
    private boolean waitsUntilGone;
    private boolean replaceOnChange;
    private boolean lookUpBeforeRetry = true;
    private Duration retryWindow = Duration.ofMinutes(1);
    private BiConsumer<String, Context> beforeCreate = (k, c) -> { };

    private FakeKind(Cloud cloud, String name, String label) {
        this.cloud = cloud;
        this.name = name;
        this.label = label;
    }

    // ---- configuration ----

    /** Virtual ms from a create until the resource reads as ready. */
    public FakeKind readyAfter(Duration d) {
        readyLatency = d.toMillis();
        return this;
    }

    /** Virtual ms from a delete until the resource is gone; {@code down} waits for it. */
    public FakeKind goneAfter(Duration d) {
        goneLatency = d.toMillis();
        waitsUntilGone = true;
        return this;
    }

    /** A different latency for one key. */
    public synchronized FakeKind readyAfter(String key, Duration d) {
        readyLatencyOf.put(key, d.toMillis());
        return this;
    }

    /** The resource comes up "failed" instead of "available" (a NAT gateway that fails). */
    public synchronized FakeKind failWhenReady(String key) {
        failWhenReady.add(key);
        return this;
    }

    public FakeKind neverReady() {
        readyLatency = Long.MAX_VALUE / 4;
        return this;
    }

    public FakeKind neverGone() {
        return goneAfter(Duration.ofMillis(Long.MAX_VALUE / 4));
    }

    public FakeKind dependsOnKinds(String... kinds) {
        dependsOnKinds = Set.of(kinds);
        return this;
    }

    /** AWS would let it be deleted under its dependents (as an instance with registered targets). */
    public FakeKind deletableUnderDependents() {
        replaceableUnderDependents = true;
        return this;
    }

    private boolean replaceableUnderDependents;

    /** A failed resource is replaced, not waited for (a NAT gateway). */
    public FakeKind replaceWhenFailed() {
        replaceWhenFailed = true;
        return this;
    }

    /** A resource an earlier run made that AWS says failed. */
    public FakeKind seedFailed(String key, String spec) {
        cloud.seed(this, key, spec).failed = true;
        return this;
    }

    /**
     * The next update of {@code key} is made, and answered "already there" (as a call repeated
     * after its answer was lost is) or not answered at all ({@code lost}).
     */
    public synchronized FakeKind updateMadeButAnswered(String key, boolean lost) {
        (lost ? updateAnswerLost : updateAnswersAlreadyThere).add(key);
        return this;
    }

    public FakeKind replaceOnChange() {
        replaceOnChange = true;
        return this;
    }

    public FakeKind retryWindow(Duration d) {
        retryWindow = d;
        return this;
    }

    public FakeKind noLookUpBeforeRetry() {
        lookUpBeforeRetry = false;
        return this;
    }

    /** Runs before each create, on the worker; may throw (a dependency not yet propagated). */
    public FakeKind beforeCreate(BiConsumer<String, Context> check) {
        beforeCreate = check;
        return this;
    }

    /** The next {@code times} calls of {@code phase} on {@code key} fail with {@code message}. */
    public synchronized FakeKind fail(String key, Phase phase, int times, boolean retryable, String message) {
        faults.put(key + "@" + phase, new Fault(message, retryable, new int[] {times}));
        return this;
    }

    public FakeKind failAlways(String key, Phase phase, String message) {
        return fail(key, phase, Integer.MAX_VALUE, false, message);
    }

    /** The next create of {@code key} succeeds in the cloud but its answer is lost (a timeout). */
    public synchronized FakeKind loseCreateResponse(String key) {
        lostResponses.put(key, "");
        return this;
    }

    /**
     * The next create of {@code key} makes only part of the resource (spec {@code partial}:
     * a group whose rules never got added) and then fails with a passing error.
     */
    public synchronized FakeKind loseCreateHalfWay(String key, String partial) {
        lostResponses.put(key, partial);
        return this;
    }

    /** A ready resource made by an earlier run. */
    public FakeKind seed(String key, String spec) {
        cloud.seed(this, key, spec);
        return this;
    }

    /** A resource another run began to delete: "deleting" until {@code goneIn} from now. */
    public FakeKind seedDeleting(String key, String spec, Duration goneIn) {
        cloud.seed(this, key, spec).goneAt = cloud.clock.nowMillis() + goneIn.toMillis();
        return this;
    }

    /** A resource an earlier run created that becomes ready only {@code readyIn} from now. */
    public FakeKind seedPending(String key, String spec, Duration readyIn) {
        cloud.seed(this, key, spec).readyAt = cloud.clock.nowMillis() + readyIn.toMillis();
        return this;
    }

    // ---- the contract ----

    @Override
    public String name() {
        return name;
    }

    @Override
    public String label() {
        return label;
    }

    @Override
    public Set<String> dependsOnKinds() {
        return dependsOnKinds;
    }

    /** From now on every read of this kind fails with {@code e} (an expired token); null: reads work again. */
    public FakeKind failDiscovery(RuntimeException e) {
        discoverFault = e;
        return this;
    }

    private volatile RuntimeException discoverFault;

    @Override
    public List<Observed> discover(Discovery discovery) {
        cloud.log("discover", name, null);
        if (discoverFault != null) {
            throw discoverFault;
        }
        synchronized (cloud) {
            long now = cloud.clock.nowMillis();
            return cloud.resourcesOf(name).stream().map(r -> observe(r, now)).toList();
        }
    }

    @Override
    public Observed create(String key, String desired, Context ctx) {
        cloud.log("create", name, key);
        cloud.enter();
        try {
            beforeCreate.accept(key, ctx);
            injectFault(key, Phase.CREATE);
            long now = cloud.clock.nowMillis();
            long latency;
            synchronized (this) {
                latency = readyLatencyOf.getOrDefault(key, readyLatency);
            }
            String partial;
            synchronized (this) {
                partial = lostResponses.remove(key);
            }
            Resource r = new Resource(name, key, cloud.newId(name), partial == null || partial.isEmpty() ? desired
                    : partial, now + latency);
            cloud.add(r);
            if (partial != null) {
                throw new FakeError("RequestTimeout: no answer", true);
            }
            return observe(r, now);
        } finally {
            cloud.leave();
        }
    }

    @Override
    public List<Change> diff(String key, String desired, Observed actual, Context ctx) {
        String spec = actual.raw(String.class);
        return spec.equals(desired) ? List.of() : List.of(new Change("spec", spec, desired));
    }

    @Override
    public Policy policy() {
        Policy p = Policy.DEFAULT;
        p = waitsUntilGone ? p.waitingUntilGone() : p;
        p = replaceableUnderDependents ? p.deletableUnderDependents() : p;
        p = replaceOnChange ? p.forcingNewOn("spec", Policy.DEPENDENCY_RECREATED) : p;
        p = lookUpBeforeRetry ? p : p.withoutLookUp();
        p = replaceWhenFailed ? p.replacedWhenFailed() : p;
        return retryWindow.isZero() ? p : p.retrying(FakeError.RETRYABLE, retryWindow);
    }

    @Override
    public Observed update(String key, String desired, Observed actual, List<Change> changes, Context ctx) {
        cloud.log("update", name, key);
        injectFault(key, Phase.UPDATE);
        synchronized (cloud) {
            Resource r = cloud.resourcesOf(name).stream().filter(x -> x.id.equals(actual.id())).findFirst()
                    .orElseThrow(() -> new FakeError("NotFound: " + actual.id(), false));
            r.spec = desired;
            if (updateAnswersAlreadyThere.remove(key)) {
                throw new FakeError("AlreadyThere: " + desired, false);
            }
            if (updateAnswerLost.remove(key)) {
                throw new FakeError("RequestTimeout: no answer", true);
            }
            return observe(r, cloud.clock.nowMillis());
        }
    }

    @Override
    public void delete(Observed actual, Context ctx) {
        cloud.log("delete", name, actual.key());
        cloud.enter();
        try {
            injectFault(actual.key(), Phase.DELETE);
            synchronized (cloud) {
                long now = cloud.clock.nowMillis();
                cloud.resourcesOf(name).stream().filter(r -> r.id.equals(actual.id()) && r.goneAt == Long.MAX_VALUE)
                        .forEach(r -> r.goneAt = now + goneLatency); // not found: already gone, fine
            }
        } finally {
            cloud.leave();
        }
    }

    @Override
    public Status state(Observed observed) {
        return switch (observed.state()) {
            case "available" -> Status.READY;
            case "failed" -> Status.failed(null);
            case "deleting" -> Status.DELETING;
            case "deleted" -> Status.GONE;
            default -> Status.PENDING;
        };
    }

    private synchronized void injectFault(String key, Phase phase) {
        Fault f = faults.get(key + "@" + phase);
        if (f != null && f.left()[0] > 0) {
            f.left()[0]--;
            throw new FakeError(f.message(), f.retryable());
        }
    }

    private synchronized Observed observe(Resource r, long now) {
        String state = r.state(now);
        if (state.equals("available") && (failWhenReady.contains(r.key) || r.failed)) {
            state = "failed";
        }
        return new Observed(r.key, r.id, state, Map.of("hackathon-infra:key", r.key), r.spec);
    }
}
