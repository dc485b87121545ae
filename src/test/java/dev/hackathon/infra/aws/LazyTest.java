package dev.hackathon.infra.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

/** The per-client holder of {@link AwsSession}: made once, never blocking the making of another. */
class LazyTest {

    @Test
    void oneValueBeingMadeDoesNotHoldUpAnother() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        Lazy<String> slow = new Lazy<>(() -> {
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return "slow";
        });
        Lazy<String> quick = new Lazy<>(() -> "quick");
        CompletableFuture<String> slowOne = CompletableFuture.supplyAsync(slow);
        // While the slow one is being made, the quick one is made on this thread at once.
        assertEquals("quick", quick.get());
        assertTrue(!slowOne.isDone());
        release.countDown();
        assertEquals("slow", slowOne.get(10, TimeUnit.SECONDS));
    }

    @Test
    void madeOnceForEveryThread() throws Exception {
        AtomicInteger made = new AtomicInteger();
        Lazy<Object> lazy = new Lazy<>(() -> {
            made.incrementAndGet();
            return new Object();
        });
        List<CompletableFuture<Object>> all = List.of(CompletableFuture.supplyAsync(lazy),
                CompletableFuture.supplyAsync(lazy), CompletableFuture.supplyAsync(lazy));
        Object first = all.get(0).get(10, TimeUnit.SECONDS);
        for (CompletableFuture<Object> f : all) {
            assertSame(first, f.get(10, TimeUnit.SECONDS));
        }
        assertEquals(1, made.get());
    }

    @Test
    void aFailureIsNotKeptTheNextUseTriesAgain() {
        AtomicInteger attempts = new AtomicInteger();
        Lazy<String> lazy = new Lazy<>(() -> {
            if (attempts.incrementAndGet() == 1) {
                throw new IllegalStateException("first build failed");
            }
            return "built";
        });
        assertThrows(IllegalStateException.class, lazy::get);
        List<String> closed = new java.util.ArrayList<>();
        lazy.ifMade(closed::add);
        assertEquals(List.of(), closed);
        assertEquals("built", lazy.get());
        lazy.ifMade(closed::add);
        assertEquals(List.of("built"), closed);
    }
}
