package dev.hackathon.infra.resources.edge;

import static dev.hackathon.infra.aws.AwsErrors.ignoringNotFound;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import dev.hackathon.infra.aws.AwsErrors;
import dev.hackathon.infra.engine.Change;
import dev.hackathon.infra.engine.Context;
import dev.hackathon.infra.engine.Discovery;
import dev.hackathon.infra.engine.Observed;
import dev.hackathon.infra.engine.Policy;
import dev.hackathon.infra.resources.Ownership;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Action;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ActionTypeEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Listener;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Rule;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.RuleCondition;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroupTuple;

/**
 * Host rules on the listener that carries them: {@code Host: example.com} forwards to the
 * app target group at priority 100. A rule is changed in place, never deleted and made
 * again (that would drop the host's traffic in between): a new target with ModifyRule, a
 * new priority with SetRulePriorities.
 *
 * <p>Discovery is one paginated DescribeRules per listener of ours, and the rules' tags with
 * those of the other ELBv2 kinds ({@link ElbReads}: one DescribeTags for the seed stack, one
 * more per 20 rules beyond 15). A rule is ours by its own tags, not by sitting on our
 * listener: its key is its {@code hackathon-infra:key} tag. A rule without our stack tag
 * (added by hand in the console) is foreign: reported by {@code status} and {@code rules
 * list}, never changed, moved or deleted; when it holds a priority the config wants, the
 * create fails with an error that says so and how to fix it.
 */
public final class Rules extends ElbKind<Rules.Spec> {

    public static final int MIN_PRIORITY = 1;
    public static final int MAX_PRIORITY = 50000;

    /** Retries PriorityInUse for this long: a rule being deleted in parallel may still hold it. */
    static final Duration PRIORITY_WINDOW = Duration.ofMinutes(2);

    public record Spec(String listenerKey, String host, String targetGroupKey, int priority) {
    }

    /** What discovery read: the rule and the listener it is on. */
    public record State(Rule rule, String listenerArn) {
    }

    public Rules(ElasticLoadBalancingV2Client elb, Ownership owner) {
        super(elb, owner);
    }

    public static String key(String host) {
        return "rule/" + host;
    }

    @Override
    public String name() {
        return "rule";
    }

    @Override
    public String label() {
        return "listener rule";
    }

    @Override
    public Set<String> dependsOnKinds() {
        return Set.of("listener", "tg");
    }

    @Override
    public List<Observed> discover(Discovery discovery) {
        ElbReads reads = ElbReads.of(discovery, elb, EdgeNames.prefix(owner), ElbReads.Part.RULES,
                () -> discovery.of("listener").stream().map(Observed::id).toList());
        Map<String, Integer> ports = new LinkedHashMap<>();
        reads.listeners.values().forEach(ls -> ls.forEach(l -> ports.put(l.listenerArn(), l.port() == null ? 0 : l.port())));
        discovery.of("listener").forEach(l -> ports.putIfAbsent(l.id(), port(l)));
        List<String> listeners = new ArrayList<>(reads.rules.keySet());
        // HTTPS (443) first: if a host has a rule on both listeners after the certificate
        // was added, the one kept is on the listener that carries rules; the other is a copy.
        listeners.sort(Comparator.comparing((String l) -> ports.getOrDefault(l, 0)).reversed());
        List<Observed> out = new ArrayList<>();
        for (String listener : listeners) {
            if (!reads.ours(listener, owner)) {
                continue;
            }
            reads.rules.get(listener).forEach(rule -> out.add(observed(rule, listener, reads.tagsOf(rule.ruleArn()))));
        }
        return out;
    }

    @Override
    public Observed create(String key, Spec spec, Context ctx) {
        String listener = ctx.id(spec.listenerKey());
        String tg = ctx.id(spec.targetGroupKey());
        Rule rule;
        try {
            rule = createRule(key, spec, listener, tg, ctx);
        } catch (RuntimeException e) {
            if (!AwsErrors.hasCode(e, "PriorityInUse")) {
                throw e;
            }
            // Held by a rule that will move later in this run (the config swapped priorities)
            // or that is no longer in the config: park it on a spare priority, then retry.
            freePriority(listener, spec.priority(), null);
            rule = createRule(key, spec, listener, tg, ctx);
        }
        return observed(rule, listener, ctx.tags(key));
    }

    private Rule createRule(String key, Spec spec, String listener, String tg, Context ctx) {
        return elb.createRule(r -> r.listenerArn(listener).priority(spec.priority())
                .conditions(hostCondition(spec.host())).actions(forward(tg))
                .tags(elbTags(key, ctx))).rules().get(0);
    }

    @Override
    public List<Change> diff(String key, Spec spec, Observed actual, Context ctx) {
        State s = actual.raw(State.class);
        Rule rule = s.rule();
        List<Change> out = new ArrayList<>();
        // A listener still to be created (HTTPS once the certificate is issued) is another one than
        // the rule is on: the plan shows the move, and the confirmation asks for it, before the run.
        String wantListener = ctx.idOrUnknown(spec.listenerKey());
        if (!wantListener.equals(s.listenerArn())) {
            out.add(new Change("listener", s.listenerArn(), wantListener));
        }
        List<String> hosts = hosts(rule);
        if (!hosts.equals(List.of(spec.host())) || rule.conditions().size() != 1) {
            out.add(new Change("conditions", describeConditions(rule), "host-header " + spec.host()));
        }
        String target = forwardTarget(rule);
        String wantTarget = ctx.idOrUnknown(spec.targetGroupKey());
        if (!wantTarget.equals(target)) {
            out.add(new Change("target", groupName(target), groupName(wantTarget)));
        }
        if (priority(rule) != spec.priority()) {
            out.add(new Change("priority", rule.priority(), spec.priority()));
        }
        return out;
    }

    /**
     * Only a move to another listener (certificate added or removed) needs a new rule. Rules
     * depend on one another only to be changed one at a time; deleting one needs none of them
     * gone. Rules added by hand to the stack's listener come back with a null key: reported,
     * left alone. A priority held by a rule being deleted or moved in parallel passes.
     */
    @Override
    public Policy policy() {
        return Policy.DEFAULT.deletableUnderDependents().reportingForeign().forcingNewOn("listener")
                .retrying("PriorityInUse", PRIORITY_WINDOW);
    }

    @Override
    public Observed update(String key, Spec spec, Observed actual, List<Change> changes, Context ctx) {
        State s = actual.raw(State.class);
        Rule rule = s.rule();
        boolean conditions = changes.stream().anyMatch(c -> c.field().equals("conditions"));
        boolean target = changes.stream().anyMatch(c -> c.field().equals("target"));
        if (conditions || target) {
            String tg = ctx.id(spec.targetGroupKey());
            rule = elb.modifyRule(r -> {
                r.ruleArn(actual.id());
                if (conditions) {
                    r.conditions(hostCondition(spec.host()));
                }
                if (target) {
                    r.actions(forward(tg));
                }
            }).rules().get(0);
        }
        if (changes.stream().anyMatch(c -> c.field().equals("priority"))) {
            rule = setPriority(s.listenerArn(), actual.id(), spec.priority());
        }
        return observed(rule, s.listenerArn(), actual.tags());
    }

    @Override
    public void delete(Observed actual, Context ctx) {
        ignoringNotFound(() -> elb.deleteRule(r -> r.ruleArn(actual.id())));
    }

    private Rule setPriority(String listener, String ruleArn, int priority) {
        try {
            return elb.setRulePriorities(r -> r.rulePriorities(p -> p.ruleArn(ruleArn).priority(priority))).rules().get(0);
        } catch (RuntimeException e) {
            if (!AwsErrors.hasCode(e, "PriorityInUse")) {
                throw e;
            }
            freePriority(listener, priority, ruleArn);
            return elb.setRulePriorities(r -> r.rulePriorities(p -> p.ruleArn(ruleArn).priority(priority))).rules().get(0);
        }
    }

    /**
     * Moves the rule holding {@code priority} on a listener to a spare priority (one above
     * the highest in use, or the highest free one). Rules converge one after another (each
     * depends on the previous one in the config), so the moved rule, if the config keeps it,
     * gets its own priority when its turn comes; a swap of two priorities works this way.
     * Costs a DescribeRules, only when a collision happened.
     */
    private void freePriority(String listener, int priority, String except) {
        List<Rule> rules = new ArrayList<>();
        elb.describeRulesPaginator(r -> r.listenerArn(listener).pageSize(PAGE_SIZE)).rules().forEach(rules::add);
        Set<Integer> used = new TreeSet<>();
        Rule holder = null;
        for (Rule r : rules) {
            if (Boolean.TRUE.equals(r.isDefault())) {
                continue;
            }
            int p = priority(r);
            used.add(p);
            if (p == priority && !r.ruleArn().equals(except)) {
                holder = r;
            }
        }
        if (holder == null) {
            return;
        }
        // Only our own rules are moved (one DescribeTags, only on a collision).
        String holderArn = holder.ruleArn();
        Map<String, String> holderTags = tagsOf(List.of(holderArn)).getOrDefault(holderArn, Map.of());
        if (!owner.owns(holderTags)) {
            throw new ForeignPriorityException(priority, holder);
        }
        int spare = used.stream().max(Integer::compare).orElse(0) + 1;
        if (spare > MAX_PRIORITY) {
            spare = MAX_PRIORITY;
            while (used.contains(spare)) {
                spare--;
            }
        }
        String arn = holder.ruleArn();
        int to = spare;
        ignoringNotFound(() -> elb.setRulePriorities(r -> r.rulePriorities(p -> p.ruleArn(arn).priority(to))));
    }

    static RuleCondition hostCondition(String host) {
        return RuleCondition.builder().field("host-header").hostHeaderConfig(h -> h.values(host)).build();
    }

    static Action forward(String targetGroupArn) {
        return Action.builder().type(ActionTypeEnum.FORWARD).targetGroupArn(targetGroupArn).build();
    }

    /** The host names of a rule's host-header condition, lower case (host matching ignores case). */
    public static List<String> hosts(Rule rule) {
        List<String> out = new ArrayList<>();
        for (RuleCondition c : rule.conditions()) {
            if ("host-header".equals(c.field())) {
                List<String> values = c.hostHeaderConfig() != null && c.hostHeaderConfig().hasValues()
                        ? c.hostHeaderConfig().values() : c.values();
                values.forEach(v -> out.add(v.toLowerCase()));
            }
        }
        return out;
    }

    /** The one target group a rule forwards to, or a description of what it does instead. */
    public static String forwardTarget(Rule rule) {
        if (rule.actions().size() != 1) {
            return Listeners.describe(rule.actions());
        }
        Action a = rule.actions().get(0);
        if (a.type() != ActionTypeEnum.FORWARD) {
            return Listeners.describe(rule.actions());
        }
        if (a.targetGroupArn() != null) {
            return a.targetGroupArn();
        }
        List<TargetGroupTuple> groups = a.forwardConfig() == null ? List.of() : a.forwardConfig().targetGroups();
        return groups.size() == 1 ? groups.get(0).targetGroupArn() : Listeners.describe(rule.actions());
    }

    /** {@code hackathon-tg-app} for a target group ARN, for people to read; anything else as it is. */
    public static String groupName(String arn) {
        int at = arn.indexOf(":targetgroup/");
        if (at < 0) {
            return arn;
        }
        String rest = arn.substring(at + ":targetgroup/".length());
        int slash = rest.indexOf('/');
        return slash < 0 ? rest : rest.substring(0, slash);
    }

    public static int priority(Rule rule) {
        try {
            return Integer.parseInt(rule.priority());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static String describeConditions(Rule rule) {
        List<String> parts = new ArrayList<>();
        for (RuleCondition c : rule.conditions()) {
            parts.add(c.field() + ("host-header".equals(c.field()) ? " " + String.join(",", hosts(rule)) : ""));
        }
        return parts.isEmpty() ? "(none)" : String.join("; ", parts);
    }

    private static int port(Observed listener) {
        Object raw = listener.raw();
        return raw instanceof Listener l && l.port() != null ? l.port() : 0;
    }

    /**
     * A rule as read: its key from its key tag when the stack tag says it is ours; else a null
     * key (foreign). {@code rule.host} and {@code rule.priority} say which rule it is in reports.
     */
    private Observed observed(Rule rule, String listenerArn, Map<String, String> tags) {
        Map<String, String> outputs = new LinkedHashMap<>();
        List<String> hosts = hosts(rule);
        outputs.put("rule.host", hosts.isEmpty() ? describeConditions(rule) : String.join(",", hosts));
        outputs.put("rule.priority", String.valueOf(rule.priority()));
        // Its target group and its listener: which copy of those is kept.
        return new Observed(owner.keyOf(tags), rule.ruleArn(), "active", tags, outputs, new State(rule, listenerArn))
                .referring(List.of(forwardTarget(rule), listenerArn));
    }

    /** Priority wanted by the config, held by a rule this stack does not own: a person must choose. */
    public static final class ForeignPriorityException extends RuntimeException {
        ForeignPriorityException(int priority, Rule holder) {
            super("priority " + priority + " on the listener is held by a rule this stack does not own ("
                    + String.join(",", hosts(holder)) + " " + holder.ruleArn() + "): give the config's rule a free"
                    + " priority (loadBalancer.rules[].priority, or `rules remove` then `rules add --priority N`),"
                    + " or delete that rule if nobody needs it; the tool never moves or deletes a rule it does not own");
        }
    }
}
