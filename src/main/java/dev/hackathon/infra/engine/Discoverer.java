package dev.hackathon.infra.engine;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Reads everything the stack owns: one discovery per kind, all kinds at once (a kind that
 * needs another's ids waits only for that one). The result is one {@link Snapshot}.
 */
public final class Discoverer {

    private final ErrorDescriber describer;

    public Discoverer(ErrorDescriber describer) {
        this.describer = describer;
    }

    public Snapshot discover(List<ResourceKind<?>> kinds) {
        Map<String, CompletableFuture<List<Observed>>> futures = new HashMap<>();
        kinds.forEach(k -> futures.put(k.name(), new CompletableFuture<>()));
        Discovery discovery = kind -> {
            CompletableFuture<List<Observed>> f = futures.get(kind);
            return f == null ? List.of() : f.join();
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
            return snapshot;
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
