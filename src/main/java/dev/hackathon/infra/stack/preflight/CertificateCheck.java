package dev.hackathon.infra.stack.preflight;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

import dev.hackathon.infra.config.StackConfig;
import dev.hackathon.infra.stack.EdgeTier;
import software.amazon.awssdk.services.acm.model.CertificateDetail;
import software.amazon.awssdk.services.acm.model.CertificateStatus;

/**
 * The load balancer's certificate, when the config sets one: issued, in the stack's Region
 * (a load balancer can use no other), and covering every rule host, a wildcard covering one
 * label ({@code *.example.com} covers api.example.com, not example.com or a.b.example.com).
 * With {@code certificateArn: auto} the stack requests the certificate itself, so what can
 * be checked first is that every host is a name ACM can issue for.
 */
final class CertificateCheck implements PreflightCheck {

    static final String AUTO = "auto";
    /** What ACM accepts as a domain name: labels of letters, digits and '-', an optional leading "*.", a dot at least. */
    private static final Pattern DNS_NAME = Pattern.compile(
            "(\\*\\.)?([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z]([a-z0-9-]{0,61}[a-z0-9])?");

    @Override
    public String id() {
        return "certificate";
    }

    /** The HTTPS listener made or given another certificate, or the auto certificate requested. */
    @Override
    public boolean neededFor(PreflightScope scope) {
        return scope.creates(EdgeTier.HTTPS) || scope.changes(EdgeTier.HTTPS, "certificate") || scope.createsA("cert");
    }

    @Override
    public List<Finding> run(PreflightContext c) {
        String arn = c.config().loadBalancer().certificateArn();
        List<String> hosts = c.config().loadBalancer().rules().stream().map(StackConfig.Rule::host).toList();
        if (arn == null || arn.isBlank()) {
            return List.of(Finding.ok(id(), "none set: the load balancer serves HTTP on port 80 only"));
        }
        if (AUTO.equals(arn)) {
            List<String> invalid = hosts.stream().filter(h -> h.length() > 253
                    || !DNS_NAME.matcher(h.toLowerCase(Locale.ROOT)).matches()).toList();
            return List.of(invalid.isEmpty()
                    ? Finding.ok(id(), "auto: ACM can issue for " + String.join(", ", hosts))
                    : Finding.fail(id(), "auto: ACM cannot issue a certificate for " + String.join(", ", invalid),
                            "make each rule host a DNS name (api.example.com, *.example.com)"));
        }
        String certRegion = arn.split(":", 6).length > 3 ? arn.split(":", 6)[3] : "";
        if (!certRegion.equals(c.config().region())) {
            return List.of(Finding.fail(id(), "the certificate is in " + certRegion + ", the stack in "
                    + c.config().region(), "request or import a certificate in " + c.config().region()
                    + " and set loadBalancer.certificateArn to it"));
        }
        CertificateDetail cert = Api.call("acm:DescribeCertificate",
                () -> c.aws().acm().describeCertificate(r -> r.certificateArn(arn)).certificate());
        if (cert.status() != CertificateStatus.ISSUED) {
            return List.of(Finding.fail(id(), "the certificate is " + cert.statusAsString() + ", not ISSUED",
                    cert.status() == CertificateStatus.PENDING_VALIDATION
                            ? "add its DNS validation records (aws acm describe-certificate --certificate-arn " + arn
                                    + "), wait for ISSUED, then run again"
                            : "request a new certificate for the rule hosts and set loadBalancer.certificateArn to it"));
        }
        Set<String> names = new LinkedHashSet<>();
        names.add(cert.domainName());
        names.addAll(cert.subjectAlternativeNames());
        List<String> uncovered = new ArrayList<>();
        for (String host : hosts) {
            if (names.stream().noneMatch(n -> covers(n, host))) {
                uncovered.add(host);
            }
        }
        if (uncovered.isEmpty()) {
            return List.of(Finding.ok(id(), "ISSUED in " + certRegion + ", covers " + String.join(", ", hosts)));
        }
        return List.of(Finding.fail(id(), "the certificate (" + String.join(", ", names) + ") does not cover "
                + String.join(", ", uncovered), "request a certificate that names every rule host (or a wildcard"
                + " for them) and set loadBalancer.certificateArn to it"));
    }

    /** Whether a certificate name covers a host: equal, or a wildcard for exactly one more label. */
    static boolean covers(String name, String host) {
        String n = name.toLowerCase(Locale.ROOT);
        String h = host.toLowerCase(Locale.ROOT);
        if (n.equals(h)) {
            return true;
        }
        if (n.startsWith("*.")) {
            int dot = h.indexOf('.');
            return dot > 0 && !h.substring(0, dot).contains("*") && h.substring(dot + 1).equals(n.substring(2));
        }
        return false;
    }
}
