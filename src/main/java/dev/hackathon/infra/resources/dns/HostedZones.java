package dev.hackathon.infra.resources.dns;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import software.amazon.awssdk.services.route53.Route53Client;
import software.amazon.awssdk.services.route53.model.HostedZone;

/**
 * Which public Route 53 hosted zone holds each rule host, from {@code dns.zone}: {@code auto}
 * (of the account's public zones, the one with the longest name the host ends with), a zone
 * name, or a zone id. Read-only: a hosted zone is never created or deleted, it is the team's.
 * Looked up once per run (one ListHostedZones, ListHostedZonesByName or GetHostedZone), since
 * zones do not come and go while a stack converges.
 */
public final class HostedZones {

    /** A public hosted zone: its id without the {@code /hostedzone/} prefix, its name without the final dot. */
    public record Zone(String id, String name) {
    }

    private final Route53Client route53;
    private final String setting;
    private List<Zone> zones;

    /** {@code setting}: the config's {@code dns.zone}, not {@code none}. */
    public HostedZones(Route53Client route53, String setting) {
        this.route53 = route53;
        this.setting = setting;
    }

    /** The zone of each host that has one, in the hosts' order. */
    public synchronized Map<String, Zone> of(List<String> hosts) {
        if (zones == null) {
            zones = List.copyOf(lookUp());
        }
        Map<String, Zone> out = new LinkedHashMap<>();
        for (String host : hosts) {
            zoneOf(host, zones).ifPresent(z -> out.put(host, z));
        }
        return out;
    }

    private List<Zone> lookUp() {
        List<Zone> out = new ArrayList<>();
        if ("auto".equals(setting)) {
            route53.listHostedZonesPaginator(r -> r.maxItems("100")).hostedZones().forEach(z -> addIfPublic(out, z));
        } else if (setting.matches("Z[A-Z0-9]+")) {
            addIfPublic(out, route53.getHostedZone(r -> r.id(setting)).hostedZone());
        } else {
            String name = RecordNames.normal(setting);
            route53.listHostedZonesByName(r -> r.dnsName(name).maxItems("1")).hostedZones().stream()
                    .filter(z -> RecordNames.normal(z.name()).equals(name)).findFirst().ifPresent(z -> addIfPublic(out, z));
        }
        return out;
    }

    /** Private zones answer only inside their VPCs: records for the internet do not belong there. */
    private static void addIfPublic(List<Zone> out, HostedZone z) {
        if (z.config() == null || !Boolean.TRUE.equals(z.config().privateZone())) {
            out.add(new Zone(z.id().replaceFirst("^/hostedzone/", ""), RecordNames.normal(z.name())));
        }
    }

    static Optional<Zone> zoneOf(String host, List<Zone> zones) {
        String h = RecordNames.normal(host);
        Zone best = null;
        for (Zone z : zones) {
            if ((h.equals(z.name()) || h.endsWith("." + z.name())) && (best == null || z.name().length() > best.name().length())) {
                best = z;
            }
        }
        return Optional.ofNullable(best);
    }
}
