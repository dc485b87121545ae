package dev.hackathon.infra.stack;

import java.util.List;
import java.util.Map;

import dev.hackathon.infra.engine.Change;

/**
 * One resource in {@code status}: what it is, whether it exists, its state and drift.
 * {@code passing}: it passes its health checks (false only for a load balancer target that
 * is not healthy; see {@link dev.hackathon.infra.engine.Reported#healthy}).
 */
public record ResourceStatus(String key, String kind, String label, String id, String state, boolean present,
                             boolean ready, boolean passing, List<Change> drift, Map<String, String> outputs) {

    public boolean healthy() {
        return present && ready && passing && drift.isEmpty();
    }

    public boolean securityFinding() {
        return drift.stream().anyMatch(Change::security);
    }
}
