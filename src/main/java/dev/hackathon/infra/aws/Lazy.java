package dev.hackathon.infra.aws;

import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * A value made on first use, once, under its own lock: threads that need different values
 * never wait for each other (as they can in {@code ConcurrentHashMap.computeIfAbsent},
 * which locks a whole bin). A failed attempt leaves nothing behind; the next use tries again.
 */
final class Lazy<T> implements Supplier<T> {

    private final Supplier<T> make;
    private volatile T value;

    Lazy(Supplier<T> make) {
        this.make = make;
    }

    @Override
    public T get() {
        T v = value;
        if (v == null) {
            synchronized (this) {
                v = value;
                if (v == null) {
                    v = make.get();
                    value = v;
                }
            }
        }
        return v;
    }

    /** Runs {@code action} on the value if it was made. */
    void ifMade(Consumer<T> action) {
        T v = value;
        if (v != null) {
            action.accept(v);
        }
    }
}
