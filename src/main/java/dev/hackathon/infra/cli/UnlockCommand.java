package dev.hackathon.infra.cli;

import picocli.CommandLine.Command;

@Command(name = "unlock", mixinStandardHelpOptions = true,
        description = "Break a stale run lock (asks, or --yes).",
        footer = {"", "Examples:", "  hackathon-infra unlock --yes"})
final class UnlockCommand implements java.util.concurrent.Callable<Integer> {

    @Override
    public Integer call() {
        throw new UsageException("unlock: run locks are not part of this version yet; nothing was called on AWS");
    }
}
