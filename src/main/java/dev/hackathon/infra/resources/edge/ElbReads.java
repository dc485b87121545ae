package dev.hackathon.infra.resources.edge;

import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;

import dev.hackathon.infra.engine.Discoverer;
import dev.hackathon.infra.engine.Discovery;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Listener;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancer;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancerTypeEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Rule;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TagDescription;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroup;

/**
 * One read of the stack's ELBv2 resources. ELBv2 has no tag filter: every kind lists, then
 * reads tags with DescribeTags (at most 20 ARNs a call). Read kind by kind, that is a
 * DescribeTags for the load balancer, one for the target groups, one for the listeners and
 * one per 20 rules; read together, the tags of all of them (1 + 2 + 2 + rules, 7 for the seed
 * stack) go into as few DescribeTags as the 20-ARN limit allows: one for up to 15 rules.
 *
 * <p>A whole discovery ({@link Discovery#sharesReads}) reads everything once, on threads named
 * {@code discover elb}, and each kind takes its part. Otherwise (a kind polled while {@code up}
 * waits for it) only the part asked for is read, under the parents the caller names.
 *
 * <p>Candidates: load balancers and target groups named with the stack's prefix
 * ({@link EdgeNames#prefix}), their listeners, those listeners' rules; ownership is then
 * decided by each one's own tags.
 */
final class ElbReads {

    /** The name under which a discovery shares this read, also the thread name's suffix. */
    static final String SHARED = "elb";

    enum Part { LOAD_BALANCERS, TARGET_GROUPS, LISTENERS, RULES }

    /** Candidate load balancers by ARN, and their attributes (only when read). */
    final Map<String, LoadBalancer> loadBalancers = new LinkedHashMap<>();
    final Map<String, Map<String, String>> attributes = new HashMap<>();
    final Map<String, TargetGroup> targetGroups = new LinkedHashMap<>();
    /** Listeners by load balancer ARN; rules (without the default rule) by listener ARN. */
    final Map<String, List<Listener>> listeners = new LinkedHashMap<>();
    final Map<String, List<Rule>> rules = new LinkedHashMap<>();
    /** Tags of every resource read, by ARN. */
    final Map<String, Map<String, String>> tags = new HashMap<>();

    private ElbReads() {
    }

    /** Everything, shared by the kinds of one discovery; just {@code part} for a poll. */
    static ElbReads of(Discovery discovery, ElasticLoadBalancingV2Client elb, String prefix, Part part,
                       Supplier<Collection<String>> parents) {
        if (discovery.sharesReads()) {
            return discovery.shared(SHARED, () -> onItsOwnThread(() -> read(elb, prefix, EnumSet.allOf(Part.class), null)));
        }
        return read(elb, prefix, EnumSet.of(part), part == Part.LISTENERS || part == Part.RULES ? parents.get() : null);
    }

    /**
     * Reads {@code parts}. {@code parents}: for listeners, the load balancers to read them of;
     * for rules, the listeners; null: those found by this read.
     */
    static ElbReads read(ElasticLoadBalancingV2Client elb, String prefix, Set<Part> parts, Collection<String> parents) {
        ElbReads r = new ElbReads();
        boolean listLbs = parts.contains(Part.LOAD_BALANCERS) || (parts.contains(Part.LISTENERS) && parents == null);
        CompletableFuture<Void> tgs = parts.contains(Part.TARGET_GROUPS) ? alongside(() -> {
            elb.describeTargetGroupsPaginator(q -> q.pageSize(ElbKind.PAGE_SIZE)).targetGroups().forEach(g -> {
                if (g.targetGroupName().startsWith(prefix)) {
                    r.targetGroups.put(g.targetGroupArn(), g);
                }
            });
            return null;
        }) : CompletableFuture.completedFuture(null);
        if (listLbs) {
            elb.describeLoadBalancersPaginator(q -> q.pageSize(ElbKind.PAGE_SIZE)).loadBalancers().forEach(lb -> {
                if (lb.type() == LoadBalancerTypeEnum.APPLICATION && lb.loadBalancerName().startsWith(prefix)) {
                    r.loadBalancers.put(lb.loadBalancerArn(), lb);
                }
            });
        }
        // Attributes (no bulk form) and listeners of each load balancer, side by side.
        Map<String, CompletableFuture<Map<String, String>>> attributes = new LinkedHashMap<>();
        if (parts.contains(Part.LOAD_BALANCERS)) {
            r.loadBalancers.keySet().forEach(arn -> attributes.put(arn, alongside(() -> attributes(elb, arn))));
        }
        Map<String, CompletableFuture<List<Listener>>> listeners = new LinkedHashMap<>();
        if (parts.contains(Part.LISTENERS)) {
            Collection<String> lbs = parents != null ? parents : r.loadBalancers.keySet();
            lbs.forEach(arn -> listeners.put(arn, alongside(() -> {
                List<Listener> out = new ArrayList<>();
                elb.describeListenersPaginator(q -> q.loadBalancerArn(arn).pageSize(ElbKind.PAGE_SIZE)).listeners()
                        .forEach(out::add);
                return out;
            })));
        }
        listeners.forEach((arn, f) -> r.listeners.put(arn, join(f)));
        if (parts.contains(Part.RULES)) {
            Collection<String> of = parents != null && !parts.contains(Part.LISTENERS) ? parents
                    : r.listeners.values().stream().flatMap(List::stream).map(Listener::listenerArn).toList();
            Map<String, CompletableFuture<List<Rule>>> rules = new LinkedHashMap<>();
            of.forEach(arn -> rules.put(arn, alongside(() -> {
                List<Rule> out = new ArrayList<>();
                elb.describeRulesPaginator(q -> q.listenerArn(arn).pageSize(ElbKind.PAGE_SIZE)).rules().forEach(rule -> {
                    if (!Boolean.TRUE.equals(rule.isDefault())) {
                        out.add(rule);
                    }
                });
                return out;
            })));
            rules.forEach((arn, f) -> r.rules.put(arn, join(f)));
        }
        join(tgs);
        attributes.forEach((arn, f) -> r.attributes.put(arn, join(f)));
        List<String> arns = new ArrayList<>();
        if (parts.contains(Part.LOAD_BALANCERS)) {
            arns.addAll(r.loadBalancers.keySet());
        }
        arns.addAll(r.targetGroups.keySet());
        r.listeners.values().forEach(ls -> ls.forEach(l -> arns.add(l.listenerArn())));
        r.rules.values().forEach(rs -> rs.forEach(rule -> arns.add(rule.ruleArn())));
        r.tags.putAll(tagsOf(elb, arns));
        return r;
    }

    /** Tags of many resources, {@link ElbKind#TAGS_PER_CALL} ARNs per DescribeTags call. */
    static Map<String, Map<String, String>> tagsOf(ElasticLoadBalancingV2Client elb, List<String> all) {
        Map<String, Map<String, String>> out = new HashMap<>();
        for (int i = 0; i < all.size(); i += ElbKind.TAGS_PER_CALL) {
            List<String> batch = all.subList(i, Math.min(all.size(), i + ElbKind.TAGS_PER_CALL));
            for (TagDescription d : elb.describeTags(q -> q.resourceArns(batch)).tagDescriptions()) {
                out.put(d.resourceArn(), ElbKind.tagMap(d.tags()));
            }
        }
        return out;
    }

    /**
     * Whether the parent of listeners (a load balancer) or of rules (a listener) is ours: by
     * its tags when this read found it, else it was named by the caller as one of ours.
     */
    boolean ours(String parentArn, dev.hackathon.infra.resources.Ownership owner) {
        if (loadBalancers.containsKey(parentArn)) {
            return owner.owns(tagsOf(parentArn));
        }
        for (Map.Entry<String, List<Listener>> e : listeners.entrySet()) {
            for (Listener l : e.getValue()) {
                if (l.listenerArn().equals(parentArn)) {
                    return owner.owns(tagsOf(parentArn)) && ours(e.getKey(), owner);
                }
            }
        }
        return true;
    }

    Map<String, String> tagsOf(String arn) {
        return tags.getOrDefault(arn, Map.of());
    }

    private static Map<String, String> attributes(ElasticLoadBalancingV2Client elb, String arn) {
        Map<String, String> m = new LinkedHashMap<>();
        elb.describeLoadBalancerAttributes(q -> q.loadBalancerArn(arn)).attributes().forEach(a -> m.put(a.key(), a.value()));
        return m;
    }

    /** The shared read runs on a thread of its own, so its calls count for ELB as a whole. */
    private static ElbReads onItsOwnThread(Supplier<ElbReads> read) {
        CompletableFuture<ElbReads> f = CompletableFuture.supplyAsync(read, r -> {
            Thread t = new Thread(r, Discoverer.THREAD_PREFIX + SHARED);
            t.setDaemon(true);
            t.start();
        });
        return join(f);
    }

    /** Runs a read on a thread of its own, named as this one. */
    static <T> CompletableFuture<T> alongside(Supplier<T> read) {
        String name = Thread.currentThread().getName();
        return CompletableFuture.supplyAsync(read, r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            t.start();
        });
    }

    /** The read's answer, or the very exception it threw. */
    static <T> T join(CompletableFuture<T> read) {
        try {
            return read.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
    }
}
