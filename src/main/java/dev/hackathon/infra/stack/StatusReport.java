package dev.hackathon.infra.stack;

import java.util.List;
import java.util.Map;

/**
 * {@code status}: every resource of the config with its state and drift, resources the
 * stack owns but the config no longer has, the stack's outputs, warnings, and what it costs.
 */
public record StatusReport(String stack, String region, List<ResourceStatus> resources, List<ResourceStatus> extra,
                           Map<String, String> outputs, List<String> warnings, CostEstimate cost) {

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
}
