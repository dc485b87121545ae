package dev.hackathon.infra.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

import org.junit.jupiter.api.Test;

/** {@link ResourceKind#prefetch}: alongside discovery, for the nodes about to be diffed, never failing it. */
class PrefetchTest {

    /** A kind that discovers {@code found} after {@code onDiscover}, and prefetches with {@code onPrefetch}. */
    private static ResourceKind<String> kind(String name, List<Observed> found, Runnable onDiscover,
                                             BiConsumer<String, Discovery> onPrefetch) {
        return new ResourceKind<>() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public String label() {
                return name;
            }

            @Override
            public List<Observed> discover(Discovery discovery) {
                onDiscover.run();
                return found;
            }

            @Override
            public void prefetch(String desired, Discovery discovery) {
                onPrefetch.accept(desired, discovery);
            }

            @Override
            public Observed create(String key, String desired, Context ctx) {
                throw new UnsupportedOperationException();
            }

            @Override
            public void delete(Observed actual, Context ctx) {
                throw new UnsupportedOperationException();
            }
        };
    }

    private static void await(CountDownLatch latch) {
        try {
            assertTrue(latch.await(10, TimeUnit.SECONDS), "never happened: the two did not run at the same time");
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void prefetchRunsWhileKindsAreStillBeingDiscovered() {
        // The listing finishes only once the prefetch has started: one after the other would hang.
        CountDownLatch prefetchStarted = new CountDownLatch(1);
        List<String> prefetched = new CopyOnWriteArrayList<>();
        ResourceKind<String> k = kind("k", List.of(), () -> await(prefetchStarted), (spec, d) -> {
            prefetchStarted.countDown();
            prefetched.add(spec);
        });
        new Discoverer(ErrorDescriber.PLAIN).discover(List.of(k), List.of(Node.of("k/a", k, "spec-a")));
        assertEquals(List.of("spec-a"), prefetched);
    }

    @Test
    void prefetchSeesWhatDiscoveryFound() {
        Observed found = new Observed("k/a", "id-1", "available", Map.of(), null);
        List<List<Observed>> seen = new CopyOnWriteArrayList<>();
        CountDownLatch done = new CountDownLatch(1);
        ResourceKind<String> k = kind("k", List.of(found), () -> { }, (spec, d) -> {
            seen.add(d.of("k"));
            done.countDown();
        });
        new Discoverer(ErrorDescriber.PLAIN).discover(List.of(k), List.of(Node.of("k/a", k, "spec")));
        await(done);
        assertEquals(List.of(List.of(found)), seen);
    }

    @Test
    void aFailedPrefetchLeavesDiscoveryWhole() {
        Observed found = new Observed("k/a", "id-1", "available", Map.of(), null);
        ResourceKind<String> k = kind("k", List.of(found), () -> { }, (spec, d) -> {
            throw new IllegalStateException("image lookup failed");
        });
        Snapshot s = new Discoverer(ErrorDescriber.PLAIN).discover(List.of(k), List.of(Node.of("k/a", k, "spec")));
        assertEquals(found, s.find("k/a").orElseThrow());
    }

    @Test
    void withoutNodesToDiffNothingIsPrefetched() {
        List<String> prefetched = new CopyOnWriteArrayList<>();
        ResourceKind<String> k = kind("k", List.of(), () -> { }, (spec, d) -> prefetched.add(spec));
        new Discoverer(ErrorDescriber.PLAIN).discover(List.of(k));
        assertEquals(List.of(), prefetched);
    }
}
