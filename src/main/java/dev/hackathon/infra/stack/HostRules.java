package dev.hackathon.infra.stack;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import dev.hackathon.infra.config.StackConfig;
import dev.hackathon.infra.engine.Change;
import dev.hackathon.infra.engine.Context;
import dev.hackathon.infra.engine.Graph;
import dev.hackathon.infra.engine.Node;
import dev.hackathon.infra.engine.Observed;
import dev.hackathon.infra.engine.Plan;
import dev.hackathon.infra.engine.ResourceKind;
import dev.hackathon.infra.engine.RunResult;
import dev.hackathon.infra.engine.Snapshot;
import dev.hackathon.infra.resources.edge.Rules;
import dev.hackathon.infra.resources.edge.Targets;

/**
 * What the {@code rules} command does: list the host rules on the load balancer next to the
 * config's, and converge only the rules and what they need.
 */
public final class HostRules {

    /** Where a rule stands against the config. */
    public enum State {
        OK("ok"), DIFFERS("differs"), MISSING("missing"), NOT_IN_CONFIG("not in config"), COPY("copy"),
        /** On the stack's listener without the stack's tag (added by hand): left alone, not drift. */
        NOT_OURS("not the stack's");

        private final String text;

        State(String text) {
            this.text = text;
        }

        public String text() {
            return text;
        }
    }

    /**
     * One rule: what the listener has (target and priority; the config's when missing), the
     * health of the target group's instance, and what the config wants when it differs.
     */
    public record Row(String host, String target, Integer priority, String health, State state,
                      String configTarget, Integer configPriority, List<String> differences) {
    }

    /** The rules of the listener that carries them, by priority. */
    public record Listing(String listenerKey, String listenerId, List<Row> rows) {
        public boolean inSync() {
            return rows.stream().allMatch(r -> r.state() == State.OK || r.state() == State.NOT_OURS);
        }
    }

    private HostRules() {
    }

    /**
     * The kinds the listing reads: one call or a few per kind, none per rule. The instances too:
     * the registrations are read for the stack's current instance.
     */
    public static List<ResourceKind<?>> kinds(StackKinds k) {
        return List.of(k.targetGroups, k.loadBalancers, k.listeners, k.rules, k.targets, k.instances, k.certificates);
    }

    public static Listing list(StackService service) {
        Snapshot snapshot = service.discover(kinds(service.kinds()));
        return list(service.config(), service.graph(), snapshot); // the graph discovery shaped
    }

    static Listing list(StackConfig config, Graph graph, Snapshot snapshot) {
        StackTags tags = new StackTags(config);
        Context ctx = new Context() {
            @Override
            public Optional<Observed> find(String key) {
                return snapshot.find(key);
            }

            @Override
            public Map<String, String> tags(String key) {
                return tags.forKey(key);
            }
        };
        Map<String, String> names = new HashMap<>();
        for (String target : config.loadBalancer().targets().keySet()) {
            snapshot.find(EdgeTier.targetGroupKey(target)).ifPresent(o -> {
                names.put(o.id(), target);
                names.put(Rules.groupName(o.id()), target); // as a rule's diff shows it
            });
        }
        String listenerKey = EdgeTier.rulesListener(graph);
        snapshot.find(listenerKey).ifPresent(o -> names.put(o.id(), listenerKey));
        snapshot.all().stream().filter(o -> o.key().startsWith("tg/"))
                .forEach(o -> names.putIfAbsent(o.id(), o.key().substring(3)));

        List<Row> rows = new ArrayList<>();
        Set<String> configured = new LinkedHashSet<>();
        for (StackConfig.Rule r : config.loadBalancer().rules()) {
            String key = Rules.key(r.host());
            configured.add(key);
            Optional<Observed> found = snapshot.find(key);
            if (found.isEmpty()) {
                List<String> why = new ArrayList<>(List.of("not on the load balancer"));
                foreignAt(snapshot, r.priority()).ifPresent(f -> why.add("priority " + r.priority()
                        + " is held by a rule not the stack's (" + f.outputs().get("rule.host")
                        + "): give this rule another priority, or delete that one"));
                rows.add(new Row(r.host(), r.target(), r.priority(), health(snapshot, r.target()), State.MISSING,
                        r.target(), r.priority(), why));
                continue;
            }
            Observed o = found.get();
            List<Change> changes = diff(graph.node(key), o, ctx);
            List<String> differences = changes.stream().map(c -> c.field() + ": " + name(names, c.actual()) + " -> "
                    + name(names, c.desired())).toList();
            rows.add(row(o, names, snapshot, changes.isEmpty() ? State.OK : State.DIFFERS, r.target(), r.priority(),
                    differences));
        }
        for (Observed o : snapshot.all()) {
            if ("rule".equals(snapshot.kindOf(o.key())) && !configured.contains(o.key())) {
                rows.add(row(o, names, snapshot, State.NOT_IN_CONFIG, null, null,
                        List.of("not in the config: `rules sync` removes it")));
            }
        }
        for (Observed o : snapshot.duplicates()) {
            if ("rule".equals(snapshot.kindOf(o))) {
                rows.add(row(o, names, snapshot, State.COPY, null, null,
                        List.of("a second rule for this host: `rules sync` removes it")));
            }
        }
        for (Observed o : snapshot.foreign()) {
            if ("rule".equals(snapshot.kindOf(o))) {
                rows.add(row(o, names, snapshot, State.NOT_OURS, null, null,
                        List.of("no " + dev.hackathon.infra.resources.Ownership.STACK_TAG + " tag of this stack: left alone")));
            }
        }
        rows.sort(Comparator.comparing((Row r) -> r.priority() == null ? Integer.MAX_VALUE : r.priority()));
        return new Listing(listenerKey, snapshot.find(listenerKey).map(Observed::id).orElse(null), rows);
    }

    /**
     * Converges the host rules and what they depend on (the listener, the target groups, the
     * load balancer, and the network under it), and deletes rules that are no longer in the
     * config. Nothing else: no database, no instance, no other orphans.
     */
    public static RunResult apply(StackService service) {
        return apply(service, plan -> { });
    }

    /**
     * {@code beforeChange} sees the plan of the partial run after it is read and before the
     * first change (the command's confirmation of what it deletes or replaces), and may stop it.
     */
    public static RunResult apply(StackService service, java.util.function.Consumer<Plan> beforeChange) {
        Graph assumed = part(service.graph(), EdgeTier.rulesListener(service.graph()));
        List<ResourceKind<?>> kinds = new ArrayList<>(assumed.kinds());
        for (ResourceKind<?> k : List.of(service.kinds().rules, service.kinds().certificates)) {
            if (kinds.stream().noneMatch(have -> have.name().equals(k.name()))) {
                kinds.add(k); // no rule left in the config: still find the old ones; the certificate picks the listener
            }
        }
        Snapshot found = service.discover(kinds);
        // Discovery may have moved the rules to HTTPS (the auto certificate is issued): the part as found.
        Graph part = part(service.graph(), EdgeTier.rulesListener(service.graph()));
        Snapshot snapshot = restrict(found, part);
        Plan plan = service.plan(part, snapshot);
        StackService.refuseUnsafeReplacements(part, plan, snapshot);
        beforeChange.accept(plan);
        return service.up(plan);
    }

    /** The rule nodes and the rules listener, with everything they depend on. */
    static Graph part(Graph full, String listenerKey) {
        Set<String> keep = new LinkedHashSet<>();
        Deque<String> todo = new ArrayDeque<>();
        full.nodes().stream().filter(n -> n.kind().name().equals("rule")).forEach(n -> todo.add(n.key()));
        if (full.contains(listenerKey)) {
            todo.add(listenerKey);
        }
        while (!todo.isEmpty()) {
            String k = todo.poll();
            if (keep.add(k)) {
                todo.addAll(full.node(k).dependsOn());
            }
        }
        return new Graph(full.nodes().stream().filter(n -> keep.contains(n.key())).toList());
    }

    /**
     * What the partial run may see: the resources of its own nodes, and every rule (those not
     * in the config are deleted). Orphans of other kinds are left out, so they are not deleted.
     */
    static Snapshot restrict(Snapshot full, Graph part) {
        Snapshot out = new Snapshot();
        for (Observed o : full.all()) {
            String kind = full.kindOf(o.key());
            if (part.contains(o.key()) || "rule".equals(kind)) {
                out.add(full.kind(kind), List.of(o));
            }
        }
        for (Observed o : full.duplicates()) {
            String kind = full.kindOf(o);
            if (part.contains(o.key()) || "rule".equals(kind)) {
                out.add(full.kind(kind), List.of(o));
            }
        }
        return out;
    }

    private static Row row(Observed o, Map<String, String> names, Snapshot snapshot, State state, String configTarget,
                           Integer configPriority, List<String> differences) {
        Rules.State s = o.raw(Rules.State.class);
        String target = name(names, Rules.forwardTarget(s.rule()));
        int priority = Rules.priority(s.rule());
        String host = o.key() != null && o.key().startsWith("rule/") ? o.key().substring(5)
                : o.outputs().getOrDefault("rule.host", o.key() != null ? o.key() : o.id());
        return new Row(host, target, priority, health(snapshot, target), state, configTarget, configPriority,
                differences);
    }

    /** A rule not the stack's that sits at this priority on the stack's listener. */
    private static Optional<Observed> foreignAt(Snapshot snapshot, int priority) {
        return snapshot.foreign().stream().filter(o -> "rule".equals(snapshot.kindOf(o))
                && String.valueOf(priority).equals(o.outputs().get("rule.priority"))).findFirst();
    }

    /** The health of the target group's instance: healthy, unhealthy, initial, "no targets". */
    private static String health(Snapshot snapshot, String target) {
        Optional<Observed> registration = snapshot.find(Targets.keyFor(EdgeTier.targetGroupKey(target)));
        if (registration.isPresent()) {
            return registration.get().state();
        }
        return snapshot.find(EdgeTier.targetGroupKey(target)).isPresent() ? "no targets" : "-";
    }

    private static String name(Map<String, String> names, String value) {
        return names.getOrDefault(value, value);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static List<Change> diff(Node node, Observed o, Context ctx) {
        ResourceKind kind = node.kind();
        return kind.diff(node.key(), node.desired(), o, ctx);
    }
}
