package dev.hackathon.infra.resources.dns;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.hackathon.infra.aws.AwsErrors;
import dev.hackathon.infra.engine.Observed;
import dev.hackathon.infra.engine.Policy;
import dev.hackathon.infra.engine.ResourceKind;
import dev.hackathon.infra.resources.Ownership;
import software.amazon.awssdk.services.route53.Route53Client;
import software.amazon.awssdk.services.route53.model.ChangeAction;
import software.amazon.awssdk.services.route53.model.ResourceRecordSet;

/**
 * What the two record kinds share. Route 53 records carry no tags, so ownership is decided
 * by what a record says, never by its name alone (see each kind): a record is ours only when
 * its name is one the config asks for AND its content points at something the stack owns.
 * Writes are UPSERTs (idempotent: a retried or resumed run writes the same record again);
 * deletes send the record exactly as listed, as Route 53 requires.
 *
 * <p>A kind reads nothing when the config writes no records ({@code hosts} null), and
 * otherwise lists each hosted zone holding a rule host once (ListResourceRecordSets pages of
 * 300), however many hosts it has.
 */
abstract class DnsKind<D> implements ResourceKind<D> {

    /** Route 53 refuses a change to a zone while an earlier one is still being applied. */
    static final Duration PRIOR_REQUEST_WINDOW = Duration.ofMinutes(2);

    protected final Route53Client route53;
    protected final Ownership owner;
    protected final HostedZones zones;
    /** The config's rule hosts when records are written; null: nothing to read. */
    protected final List<String> hosts;

    DnsKind(Route53Client route53, Ownership owner, HostedZones zones, List<String> hosts) {
        this.route53 = route53;
        this.owner = owner;
        this.zones = zones;
        this.hosts = hosts == null ? null : List.copyOf(hosts);
    }

    /** The zone a record for this host goes in; discovery found one, or the host has no node. */
    protected HostedZones.Zone zoneOf(String host) {
        HostedZones.Zone zone = zones.of(List.of(host)).get(host);
        if (zone == null) {
            throw new IllegalStateException("no public Route 53 hosted zone of this account holds " + host
                    + "; set dns.zone to the zone that does, or to none to add the records at your registrar");
        }
        return zone;
    }

    /** Every record of the zones that hold these names. */
    protected List<ZoneRecord> recordsOf(List<String> names) {
        List<ZoneRecord> out = new ArrayList<>();
        Set<HostedZones.Zone> distinct = new LinkedHashSet<>(zones.of(names).values());
        for (HostedZones.Zone z : distinct) {
            route53.listResourceRecordSetsPaginator(r -> r.hostedZoneId(z.id()).maxItems("300"))
                    .resourceRecordSets().forEach(rr -> out.add(new ZoneRecord(z, rr)));
        }
        return out;
    }

    /** One record set of one zone. */
    protected record ZoneRecord(HostedZones.Zone zone, ResourceRecordSet record) {
        String name() {
            return RecordNames.normal(record.name());
        }
    }

    /** What discovery keeps for a key: the zone and the record sets that are ours. */
    protected record Records(HostedZones.Zone zone, List<ResourceRecordSet> sets) {
    }

    protected void change(String zoneId, ChangeAction action, List<ResourceRecordSet> sets) {
        if (sets.isEmpty()) {
            return;
        }
        route53.changeResourceRecordSets(r -> r.hostedZoneId(zoneId).changeBatch(b -> b
                .comment("hackathon-infra " + owner.stack())
                .changes(sets.stream().map(s -> software.amazon.awssdk.services.route53.model.Change.builder()
                        .action(action).resourceRecordSet(s).build()).toList())));
    }

    /** Records have no tags: what ownership the content proved, in the engine's terms. */
    protected Observed observed(String key, String name, Records records) {
        return new Observed(key, name, "INSYNC", Map.of(Ownership.STACK_TAG, owner.stack(), Ownership.KEY_TAG, key),
                Map.of(), records);
    }

    /** UPSERT writes the same record again: no look-up needed before a retry. */
    @Override
    public Policy policy() {
        return Policy.DEFAULT.withoutLookUp().retrying("PriorRequestNotComplete", PRIOR_REQUEST_WINDOW)
                .retrying("Throttling", PRIOR_REQUEST_WINDOW);
    }

    /** A change of a record already gone answers InvalidChangeBatch ("not found"): that is success. */
    protected void deleteQuietly(String zoneId, List<ResourceRecordSet> sets) {
        try {
            change(zoneId, ChangeAction.DELETE, sets);
        } catch (RuntimeException e) {
            if (!(AwsErrors.hasCode(e, "InvalidChangeBatch") && String.valueOf(AwsErrors.message(e)).contains("not found"))) {
                throw e;
            }
        }
    }
}
