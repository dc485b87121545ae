package dev.hackathon.infra.stack;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

import dev.hackathon.infra.config.StackConfig;
import dev.hackathon.infra.engine.Observed;
import dev.hackathon.infra.resources.edge.Certificates;
import dev.hackathon.infra.resources.edge.LoadBalancers;
import software.amazon.awssdk.services.acm.model.CertificateDetail;

/**
 * The DNS records the team adds at their registrar when the tool writes none (dns.zone: none,
 * or no zone of the account holds a host): the certificate's validation records, and each
 * host pointing at the load balancer. {@code up} and {@code status} print them exactly.
 */
public final class DnsRecords {

    /** One record to add. {@code purpose}: "validation" (ACM) or "host" (traffic to the load balancer). */
    public record Record(String name, String type, String value, String purpose) {
        public String line() {
            return name + " " + type + " " + value;
        }
    }

    private DnsRecords() {
    }

    /**
     * @param find          the resources as they are (a snapshot, or a run's results)
     * @param hostsWithZone the hosts whose records the tool writes itself
     */
    public static List<Record> toAdd(StackConfig config, Function<String, Optional<Observed>> find, Set<String> hostsWithZone) {
        List<Record> out = new ArrayList<>();
        List<String> hosts = config.loadBalancer().hosts().stream().filter(h -> !hostsWithZone.contains(h)).toList();
        if (hosts.isEmpty()) {
            return out;
        }
        if (config.loadBalancer().autoCertificate()) {
            find.apply(Certificates.KEY).filter(c -> !Certificates.issued(c)).ifPresent(c -> {
                for (Certificates.ValidationRecord v : Certificates.validationRecords(c.raw(CertificateDetail.class))) {
                    if (hosts.stream().anyMatch(h -> h.equalsIgnoreCase(v.domain()))) {
                        out.add(new Record(v.name(), v.type(), v.value(), "validation"));
                    }
                }
            });
        }
        find.apply(EdgeTier.ALB).map(o -> o.outputs().get(LoadBalancers.DNS_OUTPUT)).ifPresent(dns -> {
            for (String h : hosts) {
                // A zone apex cannot hold a CNAME: there it is the registrar's ALIAS/ANAME (or CNAME flattening).
                out.add(new Record(h + ".", apex(h) ? "ALIAS" : "CNAME", dns + ".", "host"));
            }
        });
        return out;
    }

    /** Two labels (example.com): the registered domain itself, where most registrars need ALIAS or ANAME. */
    static boolean apex(String host) {
        return host.chars().filter(c -> c == '.').count() == 1;
    }
}
