package dev.hackathon.infra.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.hackathon.infra.aws.AwsSession;
import dev.hackathon.infra.resources.Ownership;
import dev.hackathon.infra.testing.MotoServer;
import dev.hackathon.infra.testing.TestCli;
import dev.hackathon.infra.testing.TestCli.Result;
import dev.hackathon.infra.testing.WithMoto;
import software.amazon.awssdk.services.acm.model.CertificateDetail;
import software.amazon.awssdk.services.acm.model.CertificateSummary;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Listener;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancer;
import software.amazon.awssdk.services.route53.model.ResourceRecordSet;

/**
 * Issue 15, HTTPS on the team's domain, through the real command line on the whole seed stack
 * in moto (its ACM issues a certificate {@link MotoServer#ACM_VALIDATION_WAIT} after the
 * request). With a hosted zone: one certificate for every rule host, validation and alias
 * records written, HTTP on 80 from the first run, HTTPS 443 and the redirect from the run that
 * finds the certificate issued, and {@code down} removes records and certificate but keeps the
 * zone (and a record of the team's). Without one: the records printed, nothing written.
 */
@WithMoto
class DomainTest {

    private static final List<String> HOSTS = List.of("example.com", "api.example.com");

    @Test
    void withAZoneRecordsAreWrittenHttpServesFirstAndHttpsFollowsTheIssue(MotoServer moto, AwsSession aws,
                                                                          @TempDir Path dir) throws Exception {
        String zoneId = aws.route53().createHostedZone(r -> r.name("example.com").callerReference("dom-zone-" + System.nanoTime()))
                .hostedZone().id().replaceFirst("^/hostedzone/", "");
        // A record of the team's in the zone: never read as ours, never touched.
        aws.route53().changeResourceRecordSets(r -> r.hostedZoneId(zoneId).changeBatch(b -> b.changes(c -> c
                .action("UPSERT").resourceRecordSet(s -> s.name("mail.example.com").type("A").ttl(300L)
                        .resourceRecords(v -> v.value("192.0.2.10"))))));
        TestCli cli = new TestCli(moto);
        Path config = config(dir, "dom", "auto", "example.com");

        Result up = cli.run("--config", config.toString(), "up");
        assertEquals(0, up.exit(), up::toString);

        CertificateDetail cert = certificate(aws, "dom");
        assertEquals(new TreeSet<>(HOSTS), new TreeSet<>(cert.subjectAlternativeNames()), "one certificate for every rule host");
        assertEquals("PENDING_VALIDATION", cert.statusAsString());
        LoadBalancer lb = alb(aws, "dom");
        Map<String, ResourceRecordSet> records = records(aws, zoneId);
        for (String host : HOSTS) {
            for (String type : List.of("A", "AAAA")) {
                ResourceRecordSet alias = records.get(host + "." + type);
                assertTrue(alias != null && alias.aliasTarget() != null, () -> "alias " + type + " for " + host + ": " + records);
                assertEquals(("dualstack." + lb.dnsName()).toLowerCase(),
                        alias.aliasTarget().dnsName().toLowerCase().replaceFirst("\\.$", ""));
                assertEquals(lb.canonicalHostedZoneId(), alias.aliasTarget().hostedZoneId());
            }
        }
        cert.domainValidationOptions().forEach(v -> {
            ResourceRecordSet cname = records.get(v.resourceRecord().name().replaceFirst("\\.$", "") + ".CNAME");
            assertTrue(cname != null, () -> "validation record for " + v.domainName() + ": " + records.keySet());
            assertEquals(v.resourceRecord().value(), cname.resourceRecords().get(0).value());
        });
        // HTTP first: port 80 forwards the hosts, nothing on 443 yet.
        Map<Integer, Listener> listeners = listeners(aws, lb);
        assertEquals(Set.of(80), listeners.keySet());
        assertEquals(HOSTS.size(), rules(aws, listeners.get(80)), "the host rules forward on port 80");

        Result pending = cli.run("--config", config.toString(), "status");
        assertEquals(3, pending.exit(), pending::toString);
        assertTrue(pending.out().contains("PENDING_VALIDATION"), pending::toString);
        assertFalse(pending.out().contains("DNS records to add"), "records written are not printed: " + pending.out());

        awaitIssued(aws, cert.certificateArn());
        // Moving the rules to 443 replaces them: without a terminal up stops and says which, changing nothing.
        Result asks = cli.run("--config", config.toString(), "up");
        assertEquals(2, asks.exit(), asks::toString);
        assertTrue(asks.err().contains("would delete or replace") && asks.err().contains("pass --yes"), asks::toString);
        for (String host : HOSTS) {
            assertTrue(asks.err().contains(host), "the replaced rule of " + host + " is named: " + asks);
        }
        assertEquals(Set.of(80), listeners(aws, lb).keySet(), "nothing was changed");
        Result second = cli.run("--config", config.toString(), "up", "--yes");
        assertEquals(0, second.exit(), second::toString);
        listeners = listeners(aws, lb);
        assertEquals(Set.of(80, 443), listeners.keySet());
        assertEquals(cert.certificateArn(), listeners.get(443).certificates().get(0).certificateArn());
        assertEquals("redirect", listeners.get(80).defaultActions().get(0).typeAsString());
        assertEquals("HTTPS", listeners.get(80).defaultActions().get(0).redirectConfig().protocol());
        assertEquals(HOSTS.size(), rules(aws, listeners.get(443)), "the host rules moved to 443");
        assertEquals(0, rules(aws, listeners.get(80)), "port 80 only redirects");

        Result healthy = cli.run("--config", config.toString(), "status", "--output", "json");
        JsonNode doc = CliContractTest.oneJsonDocument(healthy.out());
        assertTrue(doc.get("dnsRecords").isEmpty(), healthy::toString);
        assertEquals("ISSUED", outputs(doc).get("certificate.state"), healthy::toString);
        Result again = cli.run("--config", config.toString(), "plan");
        assertEquals(0, again.exit(), again::toString);

        Result down = cli.run("--config", config.toString(), "down", "--yes");
        assertEquals(0, down.exit(), down::toString);
        Map<String, ResourceRecordSet> left = records(aws, zoneId);
        assertEquals(Set.of("example.com.NS", "example.com.SOA", "mail.example.com.A"), left.keySet(),
                "records and certificate gone, the zone and the team's record kept");
        assertEquals(zoneId, aws.route53().getHostedZone(r -> r.id(zoneId)).hostedZone().id().replaceFirst("^/hostedzone/", ""));
        assertTrue(ours(aws, "dom").isEmpty(), "certificate deleted");
    }

    @Test
    void withoutAZoneTheRecordsArePrintedAndNothingIsWritten(MotoServer moto, AwsSession aws, @TempDir Path dir)
            throws Exception {
        String zoneId = aws.route53().createHostedZone(r -> r.name("example.com").callerReference("nodom-zone-" + System.nanoTime()))
                .hostedZone().id().replaceFirst("^/hostedzone/", "");
        TestCli cli = new TestCli(moto);
        Path config = config(dir, "nodom", "auto", "none");

        Result up = cli.run("--config", config.toString(), "up");
        assertEquals(0, up.exit(), up::toString);
        CertificateDetail cert = certificate(aws, "nodom");
        String dns = alb(aws, "nodom").dnsName();
        assertTrue(up.out().contains("DNS records to add at your registrar"), up::toString);
        for (var v : cert.domainValidationOptions()) {
            assertTrue(up.out().contains(v.resourceRecord().name() + " CNAME " + v.resourceRecord().value()), up::toString);
        }
        assertTrue(up.out().contains("api.example.com. CNAME " + dns + "."), up::toString);
        assertTrue(up.out().contains("example.com. ALIAS " + dns + "."), up::toString);
        assertEquals(Set.of("example.com.NS", "example.com.SOA"), records(aws, zoneId).keySet(), "nothing written");

        Result status = cli.run("--config", config.toString(), "status", "--output", "json");
        assertEquals(3, status.exit(), status::toString);
        JsonNode doc = CliContractTest.oneJsonDocument(status.out());
        List<String> lines = new ArrayList<>();
        doc.get("dnsRecords").forEach(r -> lines.add(r.get("name").asText() + " " + r.get("type").asText() + " "
                + r.get("value").asText() + " " + r.get("purpose").asText()));
        assertTrue(lines.contains("api.example.com. CNAME " + dns + ". host"), lines::toString);
        assertEquals(4, lines.size(), lines::toString);
        assertEquals("PENDING_VALIDATION", outputs(doc).get("certificate.state"));

        Result down = cli.run("--config", config.toString(), "down", "--yes");
        assertEquals(0, down.exit(), down::toString);
        assertTrue(ours(aws, "nodom").isEmpty(), "certificate deleted");
    }

    private static Map<String, String> outputs(JsonNode doc) {
        Map<String, String> out = new java.util.HashMap<>();
        doc.get("outputs").fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
        return out;
    }

    private static Path config(Path dir, String stack, String certificate, String zone) throws Exception {
        Path file = TestCli.seedConfig(dir, stack);
        String text = Files.readString(file)
                .replaceFirst("(?m)^  certificateArn: .*$", "  certificateArn: " + certificate)
                .replaceFirst("(?m)^  zone: .*$", "  zone: " + zone);
        Files.writeString(file, text);
        return file;
    }

    private static List<CertificateSummary> ours(AwsSession aws, String stack) {
        List<CertificateSummary> out = new ArrayList<>();
        for (CertificateSummary s : aws.acm().listCertificates(r -> r.maxItems(1000)).certificateSummaryList()) {
            var tags = aws.acm().listTagsForCertificate(r -> r.certificateArn(s.certificateArn())).tags();
            if (tags.stream().anyMatch(t -> t.key().equals(Ownership.STACK_TAG) && t.value().equals(stack))) {
                out.add(s);
            }
        }
        return out;
    }

    private static CertificateDetail certificate(AwsSession aws, String stack) {
        List<CertificateSummary> ours = ours(aws, stack);
        assertEquals(1, ours.size(), ours::toString);
        return aws.acm().describeCertificate(r -> r.certificateArn(ours.get(0).certificateArn())).certificate();
    }

    private static void awaitIssued(AwsSession aws, String arn) throws InterruptedException {
        long deadline = System.nanoTime() + MotoServer.ACM_VALIDATION_WAIT.plusSeconds(30).toNanos();
        while (!"ISSUED".equals(aws.acm().describeCertificate(r -> r.certificateArn(arn)).certificate().statusAsString())) {
            assertTrue(System.nanoTime() < deadline, "moto's ACM never issued " + arn);
            Thread.sleep(500);
        }
    }

    private static LoadBalancer alb(AwsSession aws, String stack) {
        return aws.elb().describeLoadBalancers().loadBalancers().stream()
                .filter(l -> l.loadBalancerName().startsWith(stack + "-")).findFirst().orElseThrow();
    }

    private static Map<Integer, Listener> listeners(AwsSession aws, LoadBalancer lb) {
        return aws.elb().describeListeners(r -> r.loadBalancerArn(lb.loadBalancerArn())).listeners().stream()
                .collect(Collectors.toMap(Listener::port, l -> l));
    }

    private static long rules(AwsSession aws, Listener l) {
        return aws.elb().describeRules(r -> r.listenerArn(l.listenerArn())).rules().stream()
                .filter(r -> !Boolean.TRUE.equals(r.isDefault())).count();
    }

    /** Every record of the zone by "name-without-dot.TYPE". */
    private static Map<String, ResourceRecordSet> records(AwsSession aws, String zoneId) {
        return aws.route53().listResourceRecordSets(r -> r.hostedZoneId(zoneId)).resourceRecordSets().stream()
                .collect(Collectors.toMap(s -> s.name().replaceFirst("\\.$", "") + "." + s.typeAsString(), s -> s));
    }
}
