package dev.hackathon.infra.resources.dns;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import dev.hackathon.infra.engine.Change;
import dev.hackathon.infra.engine.Context;
import dev.hackathon.infra.engine.Discovery;
import dev.hackathon.infra.engine.Observed;
import dev.hackathon.infra.resources.Ownership;
import dev.hackathon.infra.resources.edge.LoadBalancers;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancer;
import software.amazon.awssdk.services.route53.Route53Client;
import software.amazon.awssdk.services.route53.model.ChangeAction;
import software.amazon.awssdk.services.route53.model.RRType;
import software.amazon.awssdk.services.route53.model.ResourceRecordSet;

/**
 * A rule host's alias records, A and AAAA, pointing at the stack's load balancer (Route 53
 * alias: free, follows the load balancer's addresses, works at the zone apex where a CNAME
 * cannot). Key {@code dns-alias/<host>}.
 *
 * <p>Ownership without tags: an A or AAAA alias record is ours when its name is a rule host
 * of the config AND its alias target is our load balancer (which is ours by its tags). So a
 * record the team made for another purpose is never read as ours, and {@code down} deletes
 * only what points at what it deletes. A host dropped from the config keeps its record (the
 * name is no longer one we ask for); it points at our load balancer until {@code down}.
 * Before writing, the name is checked: an existing A, AAAA or CNAME record that points
 * elsewhere is the team's, and {@code up} says so instead of overwriting it.
 */
public final class AliasRecords extends DnsKind<AliasRecords.Spec> {

    public record Spec(String host, String loadBalancerKey) {
    }

    public AliasRecords(Route53Client route53, Ownership owner, HostedZones zones, List<String> hosts) {
        super(route53, owner, zones, hosts);
    }

    public static String key(String host) {
        return "dns-alias/" + host;
    }

    @Override
    public String name() {
        return "dns-alias";
    }

    @Override
    public String label() {
        return "alias record";
    }

    @Override
    public Set<String> dependsOnKinds() {
        return Set.of("alb");
    }

    @Override
    public List<Observed> discover(Discovery discovery) {
        if (hosts == null) {
            return List.of();
        }
        Set<String> targets = new TreeSet<>();
        discovery.of("alb").forEach(lb -> targets.add(target(lb.raw(LoadBalancers.State.class).lb())));
        if (targets.isEmpty()) {
            return List.of();
        }
        Map<String, String> wanted = new LinkedHashMap<>();
        hosts.forEach(h -> wanted.put(RecordNames.normal(h), h));
        Map<String, Records> found = new LinkedHashMap<>();
        for (ZoneRecord zr : recordsOf(hosts)) {
            ResourceRecordSet rr = zr.record();
            String host = wanted.get(zr.name());
            if (host != null && isAddress(rr) && rr.aliasTarget() != null
                    && targets.contains(RecordNames.normal(rr.aliasTarget().dnsName()).replaceFirst("^dualstack\\.", ""))) {
                found.computeIfAbsent(host, h -> new Records(zr.zone(), new ArrayList<>())).sets().add(rr);
            }
        }
        List<Observed> out = new ArrayList<>();
        found.forEach((host, records) -> out.add(observed(key(host), host, records)));
        return out;
    }

    @Override
    public Observed create(String key, Spec spec, Context ctx) {
        LoadBalancer lb = ctx.find(spec.loadBalancerKey()).orElseThrow().raw(LoadBalancers.State.class).lb();
        HostedZones.Zone zone = zoneOf(spec.host());
        refuseForeign(zone, spec.host(), lb);
        List<ResourceRecordSet> sets = desired(spec.host(), lb);
        change(zone.id(), ChangeAction.UPSERT, sets);
        return observed(key, spec.host(), new Records(zone, sets));
    }

    @Override
    public List<Change> diff(String key, Spec spec, Observed actual, Context ctx) {
        Records r = actual.raw(Records.class);
        String have = describe(r.sets());
        String want = ctx.find(spec.loadBalancerKey())
                .map(lb -> describe(desired(spec.host(), lb.raw(LoadBalancers.State.class).lb()))).orElse(have);
        return have.equals(want) ? List.of() : List.of(new Change("records", have, want));
    }

    @Override
    public Observed update(String key, Spec spec, Observed actual, List<Change> changes, Context ctx) {
        Records r = actual.raw(Records.class);
        List<ResourceRecordSet> sets = desired(spec.host(),
                ctx.find(spec.loadBalancerKey()).orElseThrow().raw(LoadBalancers.State.class).lb());
        change(r.zone().id(), ChangeAction.UPSERT, sets);
        return observed(key, spec.host(), new Records(r.zone(), sets));
    }

    @Override
    public void delete(Observed actual, Context ctx) {
        Records r = actual.raw(Records.class);
        deleteQuietly(r.zone().id(), r.sets());
    }

    /** A and AAAA alias records to the load balancer's dual-stack name, as the ELB guide says for alias records. */
    static List<ResourceRecordSet> desired(String host, LoadBalancer lb) {
        List<ResourceRecordSet> out = new ArrayList<>();
        for (RRType type : List.of(RRType.A, RRType.AAAA)) {
            out.add(ResourceRecordSet.builder().name(host).type(type).aliasTarget(a -> a
                    .hostedZoneId(lb.canonicalHostedZoneId()).dnsName("dualstack." + lb.dnsName())
                    .evaluateTargetHealth(true)).build());
        }
        return out;
    }

    /**
     * An address record at this name that is not an alias to a load balancer named like ours
     * (ours now, or the one an earlier run made) belongs to the team: never overwritten.
     */
    private void refuseForeign(HostedZones.Zone zone, String host, LoadBalancer lb) {
        String ourPrefix = lb.loadBalancerName().toLowerCase() + "-";
        List<ResourceRecordSet> atName = route53.listResourceRecordSets(r -> r.hostedZoneId(zone.id())
                .startRecordName(host).maxItems("10")).resourceRecordSets().stream()
                .filter(rr -> RecordNames.normal(rr.name()).equals(RecordNames.normal(host))).toList();
        for (ResourceRecordSet rr : atName) {
            boolean address = isAddress(rr) || rr.type() == RRType.CNAME;
            boolean ours = rr.aliasTarget() != null && RecordNames.normal(rr.aliasTarget().dnsName())
                    .replaceFirst("^dualstack\\.", "").startsWith(ourPrefix);
            if (address && !ours) {
                throw new IllegalStateException("zone " + zone.name() + " already has a " + rr.typeAsString() + " record for "
                        + host + " (" + describe(List.of(rr)) + ") that does not point at this stack's load balancer;"
                        + " it is not this tool's to overwrite: delete it in Route 53, then run up again");
            }
        }
    }

    private static boolean isAddress(ResourceRecordSet rr) {
        return rr.type() == RRType.A || rr.type() == RRType.AAAA;
    }

    private static String target(LoadBalancer lb) {
        return RecordNames.normal(lb.dnsName());
    }

    private static String describe(List<ResourceRecordSet> sets) {
        List<String> parts = new ArrayList<>();
        for (ResourceRecordSet rr : sets) {
            String to = rr.aliasTarget() != null ? "alias " + RecordNames.normal(rr.aliasTarget().dnsName())
                    : rr.resourceRecords().stream().map(v -> v.value()).toList().toString();
            parts.add(rr.typeAsString() + " " + to);
        }
        parts.sort(String::compareTo);
        return String.join(", ", parts);
    }
}
