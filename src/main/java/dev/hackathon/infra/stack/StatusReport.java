package dev.hackathon.infra.stack;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.hackathon.infra.resources.edge.LoadBalancers;

/**
 * {@code status}: every resource of the config with its state, drift and health, resources
 * the stack owns but the config no longer has, the stack's outputs, the host names to point
 * at the load balancer, warnings, and what it costs.
 *
 * <p>Healthy means: everything exists, is in sync with the config, is ready, and every load
 * balancer target passes its health checks; nothing is left over from an older config.
 */
public record StatusReport(String stack, String region, List<ResourceStatus> resources, List<ResourceStatus> extra,
                           Map<String, String> outputs, List<String> hosts, List<String> warnings, CostEstimate cost,
                           List<DnsRecords.Record> dnsRecords) {

    public StatusReport {
        dnsRecords = dnsRecords == null ? List.of() : List.copyOf(dnsRecords);
    }

    public StatusReport(String stack, String region, List<ResourceStatus> resources, List<ResourceStatus> extra,
                        Map<String, String> outputs, List<String> hosts, List<String> warnings, CostEstimate cost) {
        this(stack, region, resources, extra, outputs, hosts, warnings, cost, List.of());
    }

    /** How a warning about a security finding starts, so it stands out in text and is easy to grep. */
    public static final String SECURITY = "SECURITY: ";

    public boolean healthy() {
        return resources.stream().allMatch(ResourceStatus::healthy) && extra.isEmpty();
    }

    public long missing() {
        return resources.stream().filter(r -> !r.present()).count();
    }

    public long drifted() {
        return resources.stream().filter(r -> r.present() && !r.drift().isEmpty()).count();
    }

    public long notReady() {
        return resources.stream().filter(r -> r.present() && !r.ready()).count();
    }

    /** Present and ready, but failing health checks: load balancer targets that are not healthy. */
    public long unhealthy() {
        return resources.stream().filter(r -> r.present() && r.ready() && !r.passing()).count();
    }

    /** What the config's host names must point at, once the load balancer exists. */
    public Optional<String> loadBalancerDnsName() {
        return Optional.ofNullable(outputs.get(LoadBalancers.DNS_OUTPUT));
    }

    public List<String> securityWarnings() {
        return warnings.stream().filter(w -> w.startsWith(SECURITY)).toList();
    }
}
