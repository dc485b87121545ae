package dev.hackathon.infra.resources.dns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import dev.hackathon.infra.engine.Observed;
import dev.hackathon.infra.engine.Status;
import dev.hackathon.infra.resources.Ownership;
import dev.hackathon.infra.resources.edge.Certificates;
import software.amazon.awssdk.services.acm.model.CertificateDetail;
import software.amazon.awssdk.services.acm.model.DomainValidation;

/** Which zone holds a host, names compared as Route 53 writes them, and a certificate's readiness. */
class DnsOwnershipTest {

    @Test
    void theLongestZoneAHostEndsWithHoldsIt() {
        List<HostedZones.Zone> zones = List.of(new HostedZones.Zone("Z1", "example.com"),
                new HostedZones.Zone("Z2", "api.example.com"), new HostedZones.Zone("Z3", "ample.com"));
        assertEquals("Z1", HostedZones.zoneOf("example.com", zones).orElseThrow().id());
        assertEquals("Z1", HostedZones.zoneOf("www.example.com", zones).orElseThrow().id());
        assertEquals("Z2", HostedZones.zoneOf("v1.api.example.com", zones).orElseThrow().id());
        assertEquals(Optional.empty(), HostedZones.zoneOf("badexample.com", zones), "a suffix is not a parent");
        assertEquals("Z1", HostedZones.zoneOf("Example.COM.", zones).orElseThrow().id());
        assertEquals("*.example.com", RecordNames.normal("\\052.Example.com."));
    }

    @Test
    void aNewCertificateIsPendingUntilAcmPublishesEveryValidationRecord() {
        Certificates kind = new Certificates(null, new Ownership("s"), List.of("example.com", "api.example.com"));
        // Real ACM: DomainValidationOptions without ResourceRecord for some seconds after the request.
        CertificateDetail fresh = CertificateDetail.builder().certificateArn("arn:c").status("PENDING_VALIDATION")
                .domainName("example.com").subjectAlternativeNames("example.com", "api.example.com")
                .domainValidationOptions(DomainValidation.builder().domainName("example.com").build(),
                        DomainValidation.builder().domainName("api.example.com").build()).build();
        assertEquals(Status.PENDING, kind.state(observed(fresh)));
        CertificateDetail half = fresh.toBuilder().domainValidationOptions(validation("example.com"),
                DomainValidation.builder().domainName("api.example.com").build()).build();
        assertEquals(Status.PENDING, kind.state(observed(half)));
        CertificateDetail published = fresh.toBuilder().domainValidationOptions(validation("example.com"),
                validation("api.example.com")).build();
        assertEquals(Status.READY, kind.state(observed(published)), "ready to write records: not issued");
        assertTrue(!kind.healthy(observed(published)), "status counts it until ISSUED");
        assertTrue(kind.state(observed(published.toBuilder().status("VALIDATION_TIMED_OUT").build())).isFailed());
    }

    private static DomainValidation validation(String domain) {
        return DomainValidation.builder().domainName(domain)
                .resourceRecord(r -> r.name("_x." + domain + ".").type("CNAME").value("_y.acm-validations.aws.")).build();
    }

    private static Observed observed(CertificateDetail d) {
        return new Observed("cert/main", d.certificateArn(), d.statusAsString(), java.util.Map.of(), d);
    }
}
