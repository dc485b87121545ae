package dev.hackathon.infra.config;

import java.util.ArrayList;
import java.util.List;

import dev.hackathon.infra.config.StackConfig.LoadBalancer;
import dev.hackathon.infra.config.StackConfig.Rule;

/**
 * What {@code rules add} and {@code rules remove} check against the config before anything
 * is written or called: the same host and priority rules the loader applies to the file.
 */
public final class RuleChecks {

    /** Where {@code rules add} starts numbering when no priority is given. */
    public static final int FIRST_PRIORITY = 100;

    private RuleChecks() {
    }

    /** The next free priority: one above the highest in use, and at least 100. */
    public static int nextPriority(List<Rule> rules) {
        int max = rules.stream().mapToInt(Rule::priority).max().orElse(FIRST_PRIORITY - 1);
        return Math.max(FIRST_PRIORITY, max + 1);
    }

    /** Problems with adding this rule, one line each; empty when it can be added. */
    public static List<String> add(LoadBalancer lb, String host, String target, int priority) {
        List<String> out = new ArrayList<>();
        String hostProblem = Checks.HOST.problem(host);
        if (hostProblem != null) {
            out.add("--host: " + hostProblem);
        }
        for (Rule r : lb.rules()) {
            if (r.host().equalsIgnoreCase(host)) {
                out.add("--host: " + host + " already has a rule (target " + r.target() + ", priority " + r.priority()
                        + "); to change it, edit the config and run `rules sync`, or `rules remove --host " + host
                        + "` first");
            }
        }
        if (!lb.targets().containsKey(target)) {
            out.add("--target: unknown target '" + target + "'; the targets are "
                    + String.join(", ", lb.targets().keySet()) + DidYouMean.hint(target, lb.targets().keySet()));
        }
        if (priority < 1 || priority > LoadBalancerValidator.MAX_PRIORITY) {
            out.add("--priority: expected 1 to " + LoadBalancerValidator.MAX_PRIORITY + ", got " + priority);
        }
        for (Rule r : lb.rules()) {
            if (r.priority() == priority && !r.host().equalsIgnoreCase(host)) {
                out.add("--priority: " + priority + " is taken by " + r.host() + "; the next free one is "
                        + nextPriority(lb.rules()));
            }
        }
        if (lb.rules().size() >= LoadBalancerValidator.MAX_RULES) {
            out.add("the config already has " + lb.rules().size() + " rules, a listener's quota");
        }
        return out;
    }

    /** Problems with removing the rule for this host; empty when it can be removed. */
    public static List<String> remove(LoadBalancer lb, String host) {
        if (lb.rules().stream().anyMatch(r -> r.host().equalsIgnoreCase(host))) {
            return List.of();
        }
        List<String> hosts = lb.rules().stream().map(Rule::host).toList();
        return List.of("--host: no rule for " + host + " in the config" + (hosts.isEmpty() ? ""
                : "; the hosts are " + String.join(", ", hosts) + DidYouMean.hint(host, hosts))
                + " (a rule on the load balancer that is not in the config is removed by `rules sync`)");
    }
}
