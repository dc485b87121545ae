package dev.hackathon.infra.engine;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * Reads everything the stack owns: one discovery per kind, all kinds at once (a kind that
 * needs another's ids waits only for that one). The result is one {@link Snapshot}.
 */
public final class Discoverer {

    /** Each discovery runs on a thread named this plus its kind's name: {@code discover vpc}. */
    public static final String THREAD_PREFIX = "discover ";

    private final ErrorDescriber describer;

    public Discoverer(ErrorDescriber describer) {
        this.describer = describer;
    }

    public Snapshot discover(List<ResourceKind<?>> kinds) {
        Map<String, CompletableFuture<List<Observed>>> futures = new HashMap<>();
        kinds.forEach(k -> futures.put(k.name(), new CompletableFuture<>()));
        Map<String, CompletableFuture<Object>> shared = new ConcurrentHashMap<>();
        Discovery discovery = new Discovery() {
            @Override
            public List<Observed> of(String kind) {
                CompletableFuture<List<Observed>> f = futures.get(kind);
                if (f == null) {
                    // A kind asking for one this discovery does not read would see nothing and
                    // conclude nothing exists: a bug in the caller's list of kinds, said as such.
                    throw new IllegalArgumentException("discovery asked for kind '" + kind
                            + "', which it does not read (it reads " + futures.keySet().stream().sorted().toList() + ")");
                }
                return f.join();
            }

            @Override
            public boolean sharesReads() {
                return true;
            }

            @Override
            @SuppressWarnings("unchecked")
            public <T> T shared(String name, Supplier<T> read) {
                // The first kind to ask reads; the others wait for its answer (or its error).
                CompletableFuture<Object> mine = new CompletableFuture<>();
                CompletableFuture<Object> f = shared.putIfAbsent(name, mine);
                if (f == null) {
                    try {
                        mine.complete(read.get());
                    } catch (RuntimeException | Error e) {
                        mine.completeExceptionally(e);
                    }
                    f = mine;
                }
                try {
                    return (T) f.join();
                } catch (CompletionException e) {
                    throw e.getCause() instanceof RuntimeException r ? r : e;
                }
            }
        };
        // One thread per kind: discoveries block on each other's results, so a bounded
        // pool could deadlock; they are few (about 20) and short-lived.
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, kinds.size()), r -> {
            Thread t = new Thread(r, "discover");
            t.setDaemon(true);
            return t;
        });
        try {
            for (ResourceKind<?> k : kinds) {
                pool.execute(() -> {
                    // Named for its kind, so a thread dump or a call recorder tells whose calls these are.
                    Thread.currentThread().setName(THREAD_PREFIX + k.name());
                    try {
                        futures.get(k.name()).complete(List.copyOf(k.discover(discovery)));
                    } catch (Throwable e) {
                        futures.get(k.name()).completeExceptionally(e);
                    }
                });
            }
            Snapshot snapshot = new Snapshot();
            // Kinds that failed the same way (no network, access denied to all of EC2) are
            // reported together, once: "reading VPCs, subnets and 9 more: <error>".
            Map<String, List<String>> kindsByError = new LinkedHashMap<>();
            Throwable first = null;
            for (ResourceKind<?> k : kinds) {
                try {
                    snapshot.add(k, futures.get(k.name()).join());
                } catch (CompletionException e) {
                    Throwable cause = e.getCause() == null ? e : e.getCause();
                    if (first == null) {
                        first = cause;
                    }
                    kindsByError.computeIfAbsent(describer.describe(cause), d -> new ArrayList<>()).add(plural(k.label()));
                }
            }
            if (first != null) {
                List<String> errors = new ArrayList<>();
                kindsByError.forEach((error, labels) -> errors.add(Phase.DISCOVER.verb() + " " + list(labels) + ": " + error));
                throw new DiscoveryException(errors, first);
            }
            return snapshot.chooseAmongDuplicates();
        } finally {
            pool.shutdownNow();
        }
    }

    private static String plural(String label) {
        return label.endsWith("y") && !label.endsWith("ey") ? label.substring(0, label.length() - 1) + "ies" : label + "s";
    }

    private static String list(List<String> labels) {
        if (labels.size() <= 3) {
            return String.join(", ", labels);
        }
        return String.join(", ", labels.subList(0, 2)) + " and " + (labels.size() - 2) + " more";
    }

    /** Discovery failed for one or more kinds; nothing was changed. */
    public static final class DiscoveryException extends RuntimeException {
        private final List<String> problems;

        DiscoveryException(List<String> problems, Throwable cause) {
            super(String.join("; ", problems), cause);
            this.problems = List.copyOf(problems);
        }

        public List<String> problems() {
            return problems;
        }
    }
}
