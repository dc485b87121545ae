package dev.hackathon.infra.cli;

import picocli.CommandLine.Command;

@Command(name = "rules", mixinStandardHelpOptions = true,
        description = "List, add, remove or sync the load balancer's host rules.",
        footer = {"", "Examples:", "  hackathon-infra rules list"})
final class RulesCommand implements java.util.concurrent.Callable<Integer> {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        throw new UsageException("rules: the load balancer is not part of this version yet; nothing was called on AWS");
    }
}
