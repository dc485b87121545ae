package dev.hackathon.infra.stack;

import java.util.Set;

import dev.hackathon.infra.config.StackConfig;
import dev.hackathon.infra.engine.Snapshot;
import dev.hackathon.infra.resources.edge.Certificates;

/**
 * What the edge's shape depends on besides the config, when {@code certificateArn: auto}:
 * whether the stack's certificate is issued yet (the HTTPS listener is added by the run that
 * finds it issued, so waiting for it never holds anything up), and which rule hosts have a
 * Route 53 zone to write records in (the others' records are printed).
 *
 * @param issuedCertificateArn the auto certificate's ARN once ISSUED, else null
 * @param hostsWithZone        rule hosts whose records are written
 */
public record EdgeState(String issuedCertificateArn, Set<String> hostsWithZone) {

    public EdgeState {
        hostsWithZone = Set.copyOf(hostsWithZone);
    }

    /** Before discovery: not issued; every host in a zone when the config names one (the graph before the first read). */
    public static EdgeState assumed(StackConfig config) {
        return new EdgeState(null, config.dns().writesRecords() ? Set.copyOf(config.loadBalancer().hosts()) : Set.of());
    }

    /** From what discovery found: the certificate's state, and the zones the DNS kinds looked up. */
    public static EdgeState of(StackConfig config, Snapshot snapshot, StackKinds kinds) {
        String issued = snapshot.find(Certificates.KEY).filter(Certificates::issued).map(o -> o.id()).orElse(null);
        Set<String> zoned = kinds.hostedZones == null ? Set.of()
                : kinds.hostedZones.of(config.loadBalancer().hosts()).keySet();
        return new EdgeState(issued, zoned);
    }
}
