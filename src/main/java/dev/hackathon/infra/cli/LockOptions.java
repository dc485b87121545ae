package dev.hackathon.infra.cli;

import java.time.Duration;

import picocli.CommandLine.Option;

/** For commands that change the stack and so take its run lock. */
final class LockOptions {

    @Option(names = "--lock-timeout", paramLabel = "DURATION", defaultValue = "0", converter = DurationOption.class,
            description = {"Wait this long for another run's lock (default 0: fail at once with exit 5).",
                    "A lock its run stopped renewing (the run died) is taken over 3 minutes after its last renewal."})
    Duration lockTimeout;

    Duration timeout() {
        return lockTimeout;
    }
}
