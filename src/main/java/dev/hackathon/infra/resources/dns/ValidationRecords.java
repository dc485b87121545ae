package dev.hackathon.infra.resources.dns;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.hackathon.infra.engine.Change;
import dev.hackathon.infra.engine.Context;
import dev.hackathon.infra.engine.Discovery;
import dev.hackathon.infra.engine.Observed;
import dev.hackathon.infra.resources.Ownership;
import dev.hackathon.infra.resources.edge.Certificates;
import dev.hackathon.infra.resources.edge.Certificates.ValidationRecord;
import software.amazon.awssdk.services.acm.AcmClient;
import software.amazon.awssdk.services.acm.model.CertificateDetail;
import software.amazon.awssdk.services.acm.model.CertificateSummary;
import software.amazon.awssdk.services.route53.Route53Client;
import software.amazon.awssdk.services.route53.model.ChangeAction;
import software.amazon.awssdk.services.route53.model.RRType;
import software.amazon.awssdk.services.route53.model.ResourceRecordSet;

/**
 * The CNAME record ACM asks for to validate one name of the stack's certificate, key
 * {@code dns-validation/<host>}. Written as soon as ACM publishes it; the certificate is
 * issued some minutes after it resolves, and stays renewable as long as it does.
 *
 * <p>Ownership without tags: a CNAME record is ours when its name AND its value are those
 * our certificate (ours by its tags) asks for; nothing else in the zone is ever read as ours.
 * ACM gives the same record to every certificate of the account for the same name, so
 * {@code down} keeps a record another certificate in the region still names (one
 * ListCertificates): deleting it would stop that certificate's renewal.
 */
public final class ValidationRecords extends DnsKind<ValidationRecords.Spec> {

    static final long TTL = 300;

    public record Spec(String host, String certificateKey) {
    }

    private final AcmClient acm;

    public ValidationRecords(Route53Client route53, AcmClient acm, Ownership owner, HostedZones zones, List<String> hosts) {
        super(route53, owner, zones, hosts);
        this.acm = acm;
    }

    public static String key(String host) {
        return "dns-validation/" + host;
    }

    @Override
    public String name() {
        return "dns-validation";
    }

    @Override
    public String label() {
        return "validation record";
    }

    @Override
    public Set<String> dependsOnKinds() {
        return Set.of("cert");
    }

    @Override
    public List<Observed> discover(Discovery discovery) {
        if (hosts == null) {
            return List.of();
        }
        // record name -> what our certificate asks for there
        Map<String, ValidationRecord> wanted = new LinkedHashMap<>();
        for (Observed cert : discovery.of("cert")) {
            Certificates.validationRecords(cert.raw(CertificateDetail.class))
                    .forEach(v -> wanted.putIfAbsent(RecordNames.normal(v.name()), v));
        }
        if (wanted.isEmpty()) {
            return List.of();
        }
        List<Observed> out = new ArrayList<>();
        for (ZoneRecord zr : recordsOf(hosts)) {
            ValidationRecord v = wanted.get(zr.name());
            ResourceRecordSet rr = zr.record();
            if (v != null && rr.type() == RRType.CNAME && rr.hasResourceRecords() && rr.resourceRecords().size() == 1
                    && RecordNames.normal(rr.resourceRecords().get(0).value()).equals(RecordNames.normal(v.value()))) {
                String host = hostFor(v.domain());
                out.add(observed(key(host), RecordNames.normal(rr.name()), new Records(zr.zone(), List.of(rr))));
            }
        }
        return out;
    }

    @Override
    public Observed create(String key, Spec spec, Context ctx) {
        ValidationRecord v = wanted(spec, ctx);
        HostedZones.Zone zone = zoneOf(spec.host());
        ResourceRecordSet rr = record(v);
        change(zone.id(), ChangeAction.UPSERT, List.of(rr));
        return observed(key, RecordNames.normal(v.name()), new Records(zone, List.of(rr)));
    }

    /** A record of ours always matches (its name and value are how it was found); a new certificate means a new record. */
    @Override
    public List<Change> diff(String key, Spec spec, Observed actual, Context ctx) {
        return List.of();
    }

    @Override
    public void delete(Observed actual, Context ctx) {
        Records r = actual.raw(Records.class);
        String host = actual.key().substring(actual.key().indexOf('/') + 1);
        if (namedByAnotherCertificate(host, ctx)) {
            return;
        }
        deleteQuietly(r.zone().id(), r.sets());
    }

    private boolean namedByAnotherCertificate(String host, Context ctx) {
        String ours = ctx.find(Certificates.KEY).map(Observed::id).orElse("");
        for (CertificateSummary s : acm.listCertificatesPaginator(r -> r.maxItems(1000)).certificateSummaryList()) {
            if (s.certificateArn().equals(ours)) {
                continue;
            }
            boolean names = host.equalsIgnoreCase(s.domainName()) || s.subjectAlternativeNameSummaries() != null
                    && s.subjectAlternativeNameSummaries().stream().anyMatch(host::equalsIgnoreCase);
            if (names) {
                return true;
            }
        }
        return false;
    }


    private static ValidationRecord wanted(Spec spec, Context ctx) {
        Observed cert = ctx.find(spec.certificateKey()).orElseThrow(() ->
                new IllegalStateException("dependency " + spec.certificateKey() + " is not available"));
        return Certificates.validationRecords(cert.raw(CertificateDetail.class)).stream()
                .filter(v -> v.domain().equalsIgnoreCase(spec.host())).findFirst()
                .orElseThrow(() -> new IllegalStateException("ACM has not published the validation record for "
                        + spec.host() + " yet; run up again in a minute"));
    }

    static ResourceRecordSet record(ValidationRecord v) {
        return ResourceRecordSet.builder().name(v.name()).type(RRType.CNAME).ttl(TTL)
                .resourceRecords(r -> r.value(v.value())).build();
    }

    private String hostFor(String domain) {
        return hosts.stream().filter(domain::equalsIgnoreCase).findFirst().orElse(domain);
    }
}
