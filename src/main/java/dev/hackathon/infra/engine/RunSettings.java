package dev.hackathon.infra.engine;

import java.time.Duration;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * How a run behaves: parallelism (default 8), the poll/retry backoff, how long to wait
 * for readiness and for deletions, the tags every resource gets, how errors read, and
 * which errors are passing for every kind alike ({@code passingErrors}: throttling or a
 * lost answer, retried with backoff for the window it returns; zero means not passing).
 */
public record RunSettings(int parallelism, Backoff backoff, Duration readyTimeout, Duration deleteTimeout,
                          Function<String, Map<String, String>> tagsForKey, ErrorDescriber describer,
                          Function<Throwable, Duration> passingErrors, Predicate<Throwable> fatalErrors,
                          Predicate<String> mayReplace) {

    /**
     * {@code fatalErrors}: errors that end the whole run at once (expired credentials: every
     * further call fails alike). {@code mayReplace}: keys the person agreed may be replaced (the
     * confirmed plan's); a replacement decided for another key at apply time fails that resource
     * instead of deleting it.
     */
    public RunSettings(int parallelism, Backoff backoff, Duration readyTimeout, Duration deleteTimeout,
                       Function<String, Map<String, String>> tagsForKey, ErrorDescriber describer,
                       Function<Throwable, Duration> passingErrors) {
        this(parallelism, backoff, readyTimeout, deleteTimeout, tagsForKey, describer, passingErrors, e -> false,
                k -> true);
    }

    public RunSettings(int parallelism, Backoff backoff, Duration readyTimeout, Duration deleteTimeout,
                       Function<String, Map<String, String>> tagsForKey, ErrorDescriber describer) {
        this(parallelism, backoff, readyTimeout, deleteTimeout, tagsForKey, describer, e -> Duration.ZERO);
    }

    public static RunSettings defaults(Function<String, Map<String, String>> tagsForKey) {
        return new RunSettings(8, Backoff.DEFAULT, Duration.ofMinutes(60), Duration.ofMinutes(30), tagsForKey,
                ErrorDescriber.PLAIN);
    }

    public RunSettings withDescriber(ErrorDescriber d) {
        return new RunSettings(parallelism, backoff, readyTimeout, deleteTimeout, tagsForKey, d, passingErrors,
                fatalErrors, mayReplace);
    }

    public RunSettings withDeleteTimeout(Duration d) {
        return new RunSettings(parallelism, backoff, readyTimeout, d, tagsForKey, describer, passingErrors, fatalErrors,
                mayReplace);
    }

    public RunSettings withParallelism(int p) {
        return new RunSettings(p, backoff, readyTimeout, deleteTimeout, tagsForKey, describer, passingErrors,
                fatalErrors, mayReplace);
    }

    public RunSettings withPassingErrors(Function<Throwable, Duration> p) {
        return new RunSettings(parallelism, backoff, readyTimeout, deleteTimeout, tagsForKey, describer, p, fatalErrors,
                mayReplace);
    }

    public RunSettings withFatalErrors(Predicate<Throwable> f) {
        return new RunSettings(parallelism, backoff, readyTimeout, deleteTimeout, tagsForKey, describer, passingErrors,
                f, mayReplace);
    }

    public RunSettings withMayReplace(Predicate<String> m) {
        return new RunSettings(parallelism, backoff, readyTimeout, deleteTimeout, tagsForKey, describer, passingErrors,
                fatalErrors, m);
    }
}
