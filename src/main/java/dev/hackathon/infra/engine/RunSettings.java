package dev.hackathon.infra.engine;

import java.time.Duration;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * How a run behaves: parallelism (default 8), the poll/retry backoff, how long to wait for
 * readiness and for deletions, the tags every resource gets, how errors read
 * ({@code describer}) and what they mean ({@code classifier}: which end the run, which pass
 * and for how long, {@link ErrorClass}), and {@code mayReplace}: keys the person agreed may be
 * replaced (the confirmed plan's); any other replacement fails that resource instead of
 * deleting it.
 */
public record RunSettings(int parallelism, Backoff backoff, Duration readyTimeout, Duration deleteTimeout,
                          Function<String, Map<String, String>> tagsForKey, ErrorDescriber describer,
                          ErrorClassifier classifier, Predicate<String> mayReplace) {

    public static RunSettings defaults(Function<String, Map<String, String>> tagsForKey) {
        return new RunSettings(8, Backoff.DEFAULT, Duration.ofMinutes(60), Duration.ofMinutes(30), tagsForKey,
                ErrorDescriber.PLAIN, ErrorClassifier.NONE, k -> true);
    }

    public RunSettings withDescriber(ErrorDescriber d) {
        return new RunSettings(parallelism, backoff, readyTimeout, deleteTimeout, tagsForKey, d, classifier, mayReplace);
    }

    public RunSettings withReadyTimeout(Duration d) {
        return new RunSettings(parallelism, backoff, d, deleteTimeout, tagsForKey, describer, classifier, mayReplace);
    }

    public RunSettings withDeleteTimeout(Duration d) {
        return new RunSettings(parallelism, backoff, readyTimeout, d, tagsForKey, describer, classifier, mayReplace);
    }

    public RunSettings withParallelism(int p) {
        return new RunSettings(p, backoff, readyTimeout, deleteTimeout, tagsForKey, describer, classifier, mayReplace);
    }

    public RunSettings withClassifier(ErrorClassifier c) {
        return new RunSettings(parallelism, backoff, readyTimeout, deleteTimeout, tagsForKey, describer, c, mayReplace);
    }

    public RunSettings withMayReplace(Predicate<String> m) {
        return new RunSettings(parallelism, backoff, readyTimeout, deleteTimeout, tagsForKey, describer, classifier, m);
    }
}
