package dev.hackathon.infra.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.hackathon.infra.aws.AwsSession;
import dev.hackathon.infra.config.ConfigException;
import dev.hackathon.infra.config.RuleChecks;
import dev.hackathon.infra.config.RulesFile;
import dev.hackathon.infra.config.StackConfig;
import dev.hackathon.infra.config.StackConfig.Rule;
import dev.hackathon.infra.engine.RunResult;
import dev.hackathon.infra.output.AtomicFiles;
import dev.hackathon.infra.output.Reports;
import dev.hackathon.infra.stack.HostRules;
import dev.hackathon.infra.stack.StackService;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code rules}: the load balancer's host rules. {@code list} (the default) reads them; {@code add}
 * and {@code remove} edit the config file's {@code loadBalancer.rules} in place (comments and
 * layout kept) and then apply it; {@code sync} applies the config as it is. Applying converges
 * the rules and what they need (listener, target groups, load balancer, network), changes a
 * rule in place (ModifyRule, SetRulePriorities) and deletes rules no longer in the config;
 * nothing else in the stack is touched. Every check on the new rule is made before the file
 * is written or AWS is called (exit 2).
 */
@Command(name = "rules", mixinStandardHelpOptions = true,
        description = {"List, add, remove or sync the load balancer's host rules (Host header -> target group).",
                "Without a subcommand: list. add/remove edit the config file (comments kept) and apply it."},
        subcommands = {RulesCommand.ListRules.class, RulesCommand.Add.class, RulesCommand.Remove.class,
                RulesCommand.Sync.class},
        footer = {"", "Examples:", "  hackathon-infra rules", "  hackathon-infra rules list --output json",
                "  hackathon-infra rules add --host www.example.com --target app",
                "  hackathon-infra rules remove --host www.example.com", "  hackathon-infra rules sync",
                "", "rules list exits 3 when the load balancer's rules differ from the config."})
final class RulesCommand extends StackCommand {

    @Override
    int run(StackConfig config, StackService service, AwsSession aws) {
        return list(this, config, service);
    }

    /** Shared by {@code rules} and {@code rules list}. */
    static int list(StackCommand cmd, StackConfig config, StackService service) {
        HostRules.Listing listing = HostRules.list(service);
        if (cmd.root().json()) {
            cmd.json(listingDocument(config, listing));
        } else {
            printListing(cmd, config, listing);
        }
        return listing.inSync() ? ExitCodes.OK : ExitCodes.CHANGES_OR_DRIFT;
    }

    private static Map<String, Object> listingDocument(StackConfig config, HostRules.Listing listing) {
        Map<String, Object> m = Reports.document(config.stack());
        m.put("listener", listing.listenerKey());
        m.put("listenerArn", listing.listenerId());
        m.put("inSync", listing.inSync());
        List<Map<String, Object>> rules = new ArrayList<>();
        for (HostRules.Row r : listing.rows()) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("host", r.host());
            e.put("target", r.target());
            e.put("priority", r.priority());
            e.put("health", r.health());
            e.put("state", r.state().text());
            if (r.configTarget() != null) {
                Map<String, Object> c = new LinkedHashMap<>();
                c.put("target", r.configTarget());
                c.put("priority", r.configPriority());
                e.put("config", c);
            } else {
                e.put("config", null);
            }
            e.put("differences", r.differences());
            rules.add(e);
        }
        m.put("rules", rules);
        return m;
    }

    private static void printListing(StackCommand cmd, StackConfig config, HostRules.Listing listing) {
        var out = cmd.root().ctx.out();
        var style = cmd.root().style();
        out.println(style.bold("Host rules of stack " + config.stack() + " (" + listing.listenerKey()
                + (listing.listenerId() == null ? ", not created yet" : "") + ")"));
        if (listing.rows().isEmpty()) {
            out.println("No host rules: every request gets the 404 default.");
            return;
        }
        out.printf("%-32s %-10s %-9s %-12s %s%n", "HOST", "TARGET", "PRIORITY", "HEALTH", "STATE");
        for (HostRules.Row r : listing.rows()) {
            String state = r.state() == HostRules.State.OK ? r.state().text()
                    : style.yellow(r.state().text() + ": " + String.join("; ", r.differences()));
            out.printf("%-32s %-10s %-9s %-12s %s%n", r.host(), r.target(), r.priority() == null ? "-" : r.priority(),
                    r.health(), state);
        }
        if (!listing.inSync()) {
            out.println();
            out.println("The load balancer differs from the config; `hackathon-infra rules sync` applies the config.");
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = {"Host, target group, priority and target health of every rule; marks rules that differ",
                    "from the config. Exit 3 when they differ. --output json prints one JSON document."},
            footer = {"", "Examples:", "  hackathon-infra rules list", "  hackathon-infra rules list --output json"})
    static final class ListRules extends StackCommand {
        @Override
        int run(StackConfig config, StackService service, AwsSession aws) {
            return list(this, config, service);
        }
    }

    /** What add, remove and sync share: the lock, the file edit, the partial run, the report. */
    abstract static class Change extends StackCommand {

        @Mixin
        LockOptions lock;

        String summary;

        @Override
        LockOptions lockOptions() {
            return lock;
        }

        abstract String command();

        /** The config's text and where it lives, for an edit (read before any AWS call). */
        String readConfig() {
            try {
                return Files.readString(root().configPath(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UsageException("cannot read " + root().configPath() + ": " + e.getMessage());
            }
        }

        UsageException refused(String why) {
            return new UsageException(command() + ": cannot edit the rules in " + root().configPath() + ": " + why
                    + "\n  nothing was changed (the file and AWS are as they were)");
        }

        static UsageException problems(String command, List<String> problems) {
            return new UsageException(command + ": " + String.join("\n  ", problems)
                    + "\n  nothing was changed (the file and AWS are as they were)");
        }

        /**
         * The edit of the file's text, checked against its config; null for sync. Made once
         * before the session opens (bad input: exit 2 before any call) and again under the lock
         * from the file as it is then, so an edit another run made meanwhile is kept.
         */
        String edit(StackConfig config, String text) {
            return null;
        }

        @Override
        void validate(StackConfig config) {
            String text = readConfig();
            edit(config, text); // throws on bad input; the real edit is made under the lock
        }

        @Override
        int run(StackConfig config, StackService service, AwsSession aws) throws Exception {
            StackService target = service;
            Path file = root().configPath();
            String original = readConfig();
            String edited = edit(root().loadConfig(), original);
            if (edited != null) {
                AtomicFiles.replace(file, edited);
                try {
                    target = service(root().loadConfig(), aws).controlledBy(service.control());
                } catch (ConfigException | RuntimeException e) {
                    AtomicFiles.replace(file, original); // the edit must not leave a file the tool cannot read
                    throw e;
                }
                note(summary + " in " + file);
            }
            RunResult result;
            try {
                result = HostRules.apply(target, plan -> confirm(config, plan));
            } catch (UsageException | dev.hackathon.infra.stack.UnsafeReplacement e) {
                if (edited != null) {
                    AtomicFiles.replace(file, original); // refused before any change: the file is as it was too
                }
                throw e;
            }
            if (root().json()) {
                Map<String, Object> doc = new LinkedHashMap<>(Reports.run(config.stack(), command(), result));
                doc.put("configFile", file.toString());
                doc.put("configChanged", edited != null);
                json(doc);
            } else {
                text().run(command(), result);
            }
            if (!result.succeeded()) {
                if (edited != null) {
                    note("The config file keeps the change; run `hackathon-infra rules sync` to apply it.");
                }
                return exitCode(result);
            }
            return ExitCodes.OK;
        }

        /** What the person asked by name to delete (rules remove --host H): not asked about again. */
        java.util.Set<String> requestedDeletions() {
            return java.util.Set.of();
        }

        private void confirm(StackConfig config, dev.hackathon.infra.engine.Plan plan) {
            dev.hackathon.infra.engine.Plan others = new dev.hackathon.infra.engine.Plan(plan.entries().stream()
                    .filter(c -> !requestedDeletions().contains(c.key())).toList());
            try {
                UpCommand.confirmDestruction(this, config, command(), others);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
    }

    @Command(name = "add", mixinStandardHelpOptions = true,
            description = {"Add a host rule to the config file (comments and layout kept) and apply it.",
                    "Without --priority: one above the highest in the config, at least 100."},
            footer = {"", "Examples:", "  hackathon-infra rules add --host www.example.com --target app",
                    "  hackathon-infra rules add --host admin.example.com --target api --priority 90"})
    static final class Add extends Change {

        @Option(names = "--host", required = true, paramLabel = "HOST", description = "Host header to match, e.g. www.example.com or *.example.com.")
        String host;

        @Option(names = "--target", required = true, paramLabel = "TARGET", description = "A target of loadBalancer.targets, e.g. app.")
        String targetName;

        @Option(names = "--priority", paramLabel = "N", description = "1 to 50000; lower is matched first.")
        Integer priority;

        @Override
        String command() {
            return "rules add";
        }

        @Override
        String edit(StackConfig config, String text) {
            int p = priority != null ? priority : RuleChecks.nextPriority(config.loadBalancer().rules());
            List<String> problems = RuleChecks.add(config.loadBalancer(), host, targetName, p);
            if (!problems.isEmpty()) {
                throw problems(command(), problems);
            }
            summary = "added " + host + " -> " + targetName + " (priority " + p + ")";
            try {
                return RulesFile.add(text, new Rule(host, targetName, p));
            } catch (RulesFile.UneditableException e) {
                throw refused(e.getMessage());
            }
        }
    }

    @Command(name = "remove", mixinStandardHelpOptions = true,
            description = "Remove a host rule from the config file (comments and layout kept) and from the load balancer.",
            footer = {"", "Examples:", "  hackathon-infra rules remove --host www.example.com"})
    static final class Remove extends Change {

        @Option(names = "--host", required = true, paramLabel = "HOST", description = "The rule's host.")
        String host;

        @Override
        String command() {
            return "rules remove";
        }

        @Override
        java.util.Set<String> requestedDeletions() {
            return java.util.Set.of(dev.hackathon.infra.resources.edge.Rules.key(host));
        }

        @Override
        String edit(StackConfig config, String text) {
            List<String> problems = RuleChecks.remove(config.loadBalancer(), host);
            if (!problems.isEmpty()) {
                throw problems(command(), problems);
            }
            summary = "removed " + host;
            try {
                return RulesFile.remove(text, host);
            } catch (RulesFile.UneditableException e) {
                throw refused(e.getMessage());
            }
        }
    }

    @Command(name = "sync", mixinStandardHelpOptions = true,
            description = {"Make the load balancer's rules match the config: create, change in place, delete",
                    "rules not in the config. Creates the listener and target groups if they are missing."},
            footer = {"", "Examples:", "  hackathon-infra rules sync"})
    static final class Sync extends Change {
        @Override
        String command() {
            return "rules sync";
        }
    }
}
