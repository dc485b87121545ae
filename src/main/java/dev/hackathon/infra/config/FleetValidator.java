package dev.hackathon.infra.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

import dev.hackathon.infra.config.FleetConfig.Team;
import dev.hackathon.infra.config.StackConfig.Rule;

/**
 * Checks a fleet file's tree (design.md §2: {@code base}, {@code roleName}, {@code concurrency},
 * {@code teams: [{name, hosts?, account?}]}) and maps it to a {@link FleetConfig}. Each team is
 * held to what its own stack will need: a stack name AWS accepts in every name derived from it
 * (in the base's Region, with the base's targets), hosts that replace the base's rule hosts one
 * for one, hosts no other team serves, and a role to assume for an account of its own.
 */
final class FleetValidator {

    static final List<String> KEYS = List.of("base", "roleName", "teams", "concurrency");
    static final List<String> TEAM_KEYS = List.of("name", "hosts", "account");
    /**
     * More teams at once do not finish sooner: AWS's per-account rate limits (the shared limiter)
     * and the quotas decide the pace, and every team's run holds its own threads.
     */
    static final int MAX_CONCURRENCY = 32;

    static final Check ACCOUNT_ID = value -> value.matches("\\d{12}") ? null
            : "expected a 12-digit AWS account id, written in quotes (account: \"111122223333\"), got "
                    + YamlNode.quote(value);
    /** IAM's rule for a role name; the ARN is built from it and each team's account. */
    static final Check ROLE_NAME = value -> {
        if (value.startsWith("arn:")) {
            return "give the role's name, not its ARN (the account comes from each team's account:), e.g. "
                    + "roleName: OrganizationAccountAccessRole";
        }
        return Pattern.matches("[A-Za-z0-9+=,.@_-]{1,64}", value) ? null
                : "expected an IAM role name (1 to 64 letters, digits and + = , . @ _ -), e.g. "
                        + "OrganizationAccountAccessRole; got " + YamlNode.quote(value);
    };

    private final Path source;
    private List<ConfigProblem> baseProblems = List.of();

    FleetValidator(Path source) {
        this.source = source;
    }

    /** The base config's own problems, under its own file name; empty when it loaded. */
    List<ConfigProblem> baseProblems() {
        return baseProblems;
    }

    FleetConfig validate(Field root) {
        Section top = root.mapping(KEYS);
        StackConfig base = base(top.field("base")
                .require("required: the config every team's stack is built from, e.g. base: hackathon.yaml "
                        + "(relative to this file)"));
        Field roleField = top.field("roleName");
        String roleName = roleField.text(ROLE_NAME);
        Integer concurrency = top.field("concurrency").wholeNumber(1, MAX_CONCURRENCY);
        List<Team> teams = teams(top.field("teams")
                .require("required: the teams, each a stack of its own, e.g. teams: [{name: team-a}, {name: team-b}]"),
                base, roleField.present());
        return new FleetConfig(fleetName(source), source, base, roleName,
                Objects.requireNonNullElse(concurrency, FleetConfig.DEFAULT_CONCURRENCY), teams);
    }

    /** {@code spring-hack.yaml} is the fleet {@code spring-hack}. */
    static String fleetName(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }

    /** The base config, loaded; null when it cannot be (reported here, its own problems kept for after). */
    private StackConfig base(Field field) {
        String text = field.text();
        if (text == null) {
            return null;
        }
        Path path;
        try {
            path = source.resolveSibling(text).normalize();
        } catch (InvalidPathException e) {
            field.problem("not a usable path: " + e.getReason());
            return null;
        }
        if (sameFile(path, source)) {
            field.problem("is this fleet file itself; point it at the config every team gets, e.g. base: hackathon.yaml");
            return null;
        }
        try {
            return ConfigLoader.load(path);
        } catch (ConfigException e) {
            baseProblems = e.problems();
            int n = e.problems().size();
            field.problem("the base config " + path + " is not valid: " + (n == 1 ? "1 problem" : n + " problems")
                    + ", listed after this file's");
            return null;
        }
    }

    private static boolean sameFile(Path a, Path b) {
        try {
            return Files.exists(a) && Files.isSameFile(a, b);
        } catch (IOException e) {
            return false;
        }
    }

    private static List<Team> teams(Field field, StackConfig base, boolean hasRole) {
        List<Field> items = field.items();
        if (items == null) {
            return List.of();
        }
        if (items.isEmpty()) {
            field.problem("expected at least one team, e.g. teams: [{name: team-a}]");
        }
        Uniqueness<String> names = new Uniqueness<>("team name");
        HostOwners hosts = new HostOwners(base);
        List<Team> teams = new ArrayList<>();
        for (Field item : items) {
            Section team = item.require("an empty team; give at least its name, e.g. - name: team-a")
                    .mapping(TEAM_KEYS);
            if (!item.present() || team.mistyped()) {
                continue;
            }
            Field nameField = team.field("name")
                    .require("required: the team's name, which becomes its stack's name, e.g. name: team-a");
            String name = teamName(nameField, base);
            boolean distinct = name == null || names.add(name, nameField);
            Field hostsField = team.field("hosts");
            List<String> own = hostsOf(hostsField, base);
            Field accountField = team.field("account");
            String account = accountField.text(ACCOUNT_ID);
            if (account != null && !hasRole) {
                accountField.problem("a team in an account of its own needs roleName at the top of the fleet file: "
                        + "the role the tool assumes in that account, e.g. roleName: OrganizationAccountAccessRole");
            }
            if (name == null || !distinct) {
                continue;
            }
            hosts.claim(name, hostsField, own);
            teams.add(new Team(name, own, account));
        }
        return teams;
    }

    /** The stack-name rule, then every name AWS derives from it in the base's Region with the base's targets. */
    private static String teamName(Field field, StackConfig base) {
        String name = field.text(Checks.STACK);
        if (name == null || base == null) {
            return name;
        }
        List<String> refused = DerivedNames.problems(name, base.region(), base.loadBalancer().targets().keySet());
        refused.forEach(p -> field.problem("team " + name + ": " + p));
        return refused.isEmpty() ? name : null;
    }

    /** The team's own hosts, one per base rule in order; null when absent or unusable (reported). */
    private static List<String> hostsOf(Field field, StackConfig base) {
        List<Field> items = field.items();
        if (items == null) {
            return null;
        }
        Uniqueness<String> seen = new Uniqueness<>("host");
        List<String> hosts = new ArrayList<>();
        for (Field item : items) {
            String host = item.require("an empty host; remove it or give a host name").text(Checks.HOST);
            if (host != null && seen.add(host, item)) {
                hosts.add(host);
            }
        }
        if (base == null) {
            return null;
        }
        List<Rule> rules = base.loadBalancer().rules();
        if (rules.isEmpty() && !items.isEmpty()) {
            field.problem("the base config has no rules, so there are no hosts to replace; remove hosts "
                    + "or add rules to the base");
            return null;
        }
        if (items.size() != rules.size()) {
            field.problem("expected " + rules.size() + " host" + (rules.size() == 1 ? "" : "s")
                    + ", one for each of the base's rules in order (" + ruleList(rules) + "), got " + items.size());
            return null;
        }
        return hosts.size() == items.size() ? List.copyOf(hosts) : null;
    }

    static String ruleList(List<Rule> rules) {
        return String.join(", ", rules.stream().map(r -> r.host() + " -> " + r.target()).toList());
    }

    /**
     * Which team serves which host across the fleet: a host can point at one load balancer only,
     * and a team without hosts of its own serves the base's.
     */
    private static final class HostOwners {

        private record Owner(String team, Field field) {
        }

        private final StackConfig base;
        private final Map<String, Owner> owners = new HashMap<>();
        private Owner inheritor;

        HostOwners(StackConfig base) {
            this.base = base;
        }

        void claim(String team, Field hostsField, List<String> own) {
            if (base == null || (hostsField.present() && own == null)) {
                return;
            }
            if (own == null) {
                if (base.loadBalancer().rules().isEmpty()) {
                    return;
                }
                if (inheritor != null) {
                    hostsField.problem("team " + team + " has no hosts of its own, so it would serve the base's ("
                            + String.join(", ", base.loadBalancer().hosts()) + "), which team " + inheritor.team()
                            + " (line " + inheritor.field().line() + ") serves already; give each team hosts of its "
                            + "own, in the order of the base's rules: " + ruleList(base.loadBalancer().rules()));
                    return;
                }
                inheritor = new Owner(team, hostsField);
            }
            List<String> hosts = own != null ? own : base.loadBalancer().hosts();
            for (int i = 0; i < hosts.size(); i++) {
                Owner earlier = owners.putIfAbsent(hosts.get(i), new Owner(team, hostsField));
                if (earlier == null) {
                    continue;
                }
                String which = "team " + earlier.team() + " (line " + earlier.field().line() + ")";
                hostsField.problem(own != null
                        ? "host " + hosts.get(i) + " is served by " + which + " too; a host can point at one team's "
                                + "load balancer only"
                        : "team " + team + " has no hosts of its own, so it would serve the base's host " + hosts.get(i)
                                + ", which " + which + " serves too; give team " + team + " hosts of its own, in the "
                                + "order of the base's rules: " + ruleList(base.loadBalancer().rules()));
            }
        }
    }
}
