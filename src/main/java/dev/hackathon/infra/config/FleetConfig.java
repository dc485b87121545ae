package dev.hackathon.infra.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import dev.hackathon.infra.aws.Partitions;
import dev.hackathon.infra.config.StackConfig.LoadBalancer;
import dev.hackathon.infra.config.StackConfig.Rule;

/**
 * A fleet file, validated ({@link FleetLoader}): the stack every team gets (the base config),
 * and the teams, each of which becomes a stack of its own named after the team.
 *
 * @param name        the fleet's name: the file's name without {@code .yaml}; typed to confirm a
 *                    fleet-wide change that deletes or replaces something
 * @param roleName    the role assumed in a team's own account; null when no team has an account
 * @param concurrency how many teams' stacks run at once
 */
public record FleetConfig(String name, Path source, StackConfig base, String roleName, int concurrency,
                          List<Team> teams) {

    /** Teams run at once when the file does not say: what one organiser's machine and AWS's rate limits carry. */
    public static final int DEFAULT_CONCURRENCY = 8;

    public FleetConfig {
        teams = List.copyOf(teams);
    }

    /**
     * One team.
     *
     * @param hosts   the hosts of its rules, in the order of the base's rules; null: the base's own
     * @param account the 12-digit account its stack goes into (through {@code roleName}); null: the
     *                account of the credentials the tool runs with
     */
    public record Team(String name, List<String> hosts, String account) {
        public Team {
            hosts = hosts == null ? null : List.copyOf(hosts);
        }
    }

    /**
     * The team's own config: the base with the team's name as the stack name and the team's
     * hosts in place of the base's rule hosts, rule by rule (target and priority stay). The
     * certificate ({@code auto}) and the DNS records follow the rule hosts by themselves.
     */
    public StackConfig configOf(Team team) {
        StackConfig config = base.withStack(team.name());
        if (team.hosts() == null) {
            return config;
        }
        LoadBalancer lb = base.loadBalancer();
        List<Rule> rules = new ArrayList<>();
        for (int i = 0; i < lb.rules().size(); i++) {
            Rule r = lb.rules().get(i);
            rules.add(new Rule(team.hosts().get(i), r.target(), r.priority()));
        }
        return config.withLoadBalancer(new LoadBalancer(lb.certificateArn(), lb.targets(), List.copyOf(rules)));
    }

    /** The hosts the team's stack serves: its own, or the base's. */
    public List<String> hostsOf(Team team) {
        return team.hosts() != null ? team.hosts() : base.loadBalancer().hosts();
    }

    /** The role assumed for a team with an account; null for a team in the credentials' own account. */
    public String roleArnOf(Team team) {
        return team.account() == null ? null
                : "arn:" + Partitions.of(base.region()) + ":iam::" + team.account() + ":role/" + roleName;
    }

    public Team team(String name) {
        return teams.stream().filter(t -> t.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no team " + name));
    }

    /**
     * What is wrong with {@code --teams} names: one line per name the fleet does not have, with
     * the nearest team's name; empty when all are known.
     */
    public List<String> unknownTeams(Collection<String> names) {
        Set<String> known = teams.stream().map(Team::name).collect(Collectors.toCollection(java.util.LinkedHashSet::new));
        return names.stream().filter(n -> !known.contains(n))
                .map(n -> "--teams: no team '" + n + "' in " + source + DidYouMean.hint(n, known)
                        + " (the teams are " + String.join(", ", known) + ")")
                .toList();
    }

    /** The teams named (all of them for an empty selection), in the file's order. */
    public List<Team> only(Collection<String> names) {
        return names.isEmpty() ? teams : teams.stream().filter(t -> names.contains(t.name())).toList();
    }
}
