package dev.hackathon.infra.output.html;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

import dev.hackathon.infra.config.StackConfig;
import dev.hackathon.infra.resources.edge.Rules;
import dev.hackathon.infra.resources.edge.Targets;
import dev.hackathon.infra.stack.ComputeTier;
import dev.hackathon.infra.stack.DataTier;
import dev.hackathon.infra.stack.EdgeTier;
import dev.hackathon.infra.stack.NetworkTier;
import dev.hackathon.infra.stack.ResourceStatus;
import dev.hackathon.infra.stack.StatusReport;

/**
 * What a stack's page shows, built once from {@code status}'s report and the config: the parts
 * the diagram draws (load balancer, its listeners, host rules, target groups and their targets,
 * the instance, the database, the cache, the NAT gateway, the VPC around them), every other
 * resource for the table, and the stack's URLs, cost and warnings. A part the stack does not
 * have (no HTTPS listener without a certificate) is absent, not missing. The parts are found by
 * the keys the stack gives them ({@link EdgeTier}, {@link NetworkTier}, {@link DataTier},
 * {@link ComputeTier}).
 */
public record StackView(String stack, String region, Instant generatedAt, Health health, String summary,
                        Node loadBalancer, List<Node> listeners, List<RuleView> rules, List<TargetView> targets,
                        Node instance, Node database, Node cache, Node nat, Node vpc, List<Node> all, List<Node> extra,
                        List<String> urls, Double perHour, List<String> warnings) {

    /** One host rule: the host it routes, to which target, at which priority. */
    public record RuleView(String host, String target, int priority, Node node) {
    }

    /** One target of the load balancer: its group (name, port) and the instance's registration in it. */
    public record TargetView(String name, int port, Node group, Node registration) {
    }

    public StackView {
        listeners = List.copyOf(listeners);
        rules = List.copyOf(rules);
        targets = List.copyOf(targets);
        all = List.copyOf(all);
        extra = List.copyOf(extra);
        urls = List.copyOf(urls);
        warnings = List.copyOf(warnings);
    }

    public static StackView of(StatusReport report, StackConfig config, Instant now) {
        Map<String, Node> byKey = new LinkedHashMap<>();
        for (ResourceStatus s : report.resources()) {
            byKey.put(s.key(), Node.of(s));
        }
        List<Node> extra = report.extra().stream().map(Node::extra).toList();
        List<RuleView> rules = config.loadBalancer().rules().stream()
                .map(r -> new RuleView(r.host(), r.target(), r.priority(), byKey.get(Rules.key(r.host())))).toList();
        List<TargetView> targets = new ArrayList<>();
        config.loadBalancer().targets().forEach((name, t) -> {
            String group = EdgeTier.targetGroupKey(name);
            targets.add(new TargetView(name, t.port(), byKey.get(group), byKey.get(Targets.keyFor(group))));
        });
        List<Node> listeners = Stream.of(EdgeTier.HTTPS, EdgeTier.HTTP).map(byKey::get).filter(Objects::nonNull).toList();
        List<Health> healths = new ArrayList<>();
        byKey.values().forEach(n -> healths.add(n.health()));
        extra.forEach(n -> healths.add(n.health()));
        Health health = Health.worst(healths);
        return new StackView(report.stack(), report.region(), now, health, summary(report), byKey.get(EdgeTier.ALB),
                listeners, rules, targets, byKey.get(ComputeTier.INSTANCE), byKey.get(DataTier.DB),
                byKey.get(DataTier.CACHE), byKey.get(NetworkTier.NAT), byKey.get(NetworkTier.VPC),
                List.copyOf(byKey.values()), extra, urls(report, config), report.cost().perHour(), report.warnings());
    }

    /** What {@code status} says in its last line, as counts. */
    static String summary(StatusReport r) {
        if (r.healthy()) {
            return "everything exists, is in sync and ready, and every target is healthy";
        }
        List<String> parts = new ArrayList<>();
        count(parts, r.missing(), "missing");
        count(parts, r.drifted(), "drifted");
        count(parts, r.notReady(), "not ready");
        count(parts, r.unhealthy(), "unhealthy");
        count(parts, r.extra().size(), "not in config");
        return String.join(", ", parts);
    }

    private static void count(List<String> parts, long n, String what) {
        if (n > 0) {
            parts.add(n + " " + what);
        }
    }

    /**
     * Where the apps answer: each rule host (https when the load balancer has a certificate),
     * or the load balancer's own name when there are no rules.
     */
    static List<String> urls(StatusReport r, StackConfig config) {
        boolean https = config.loadBalancer().certificateArn() != null;
        List<String> urls = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (String host : config.loadBalancer().hosts()) {
            if (seen.add(host) && !host.startsWith("*.")) {
                urls.add((https ? "https://" : "http://") + host + "/");
            }
        }
        if (urls.isEmpty()) {
            Optional<String> dns = r.loadBalancerDnsName();
            dns.ifPresent(d -> urls.add("http://" + d + "/"));
        }
        return urls;
    }

    /** The other resources: everything the table lists but the diagram draws neither as a box nor as the VPC's frame. */
    public List<Node> notDrawn() {
        Set<String> drawn = new HashSet<>();
        for (Node n : new Node[] {loadBalancer, instance, database, cache, nat, vpc}) {
            if (n != null) {
                drawn.add(n.key());
            }
        }
        listeners.forEach(n -> drawn.add(n.key()));
        rules.stream().filter(r -> r.node() != null).forEach(r -> drawn.add(r.node().key()));
        for (TargetView t : targets) {
            if (t.group() != null) {
                drawn.add(t.group().key());
            }
            if (t.registration() != null) {
                drawn.add(t.registration().key());
            }
        }
        return all.stream().filter(n -> !drawn.contains(n.key())).toList();
    }
}
