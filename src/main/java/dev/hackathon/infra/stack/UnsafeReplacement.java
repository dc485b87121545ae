package dev.hackathon.infra.stack;

import java.util.List;
import java.util.Map;

import dev.hackathon.infra.aws.ErrorAdvice;
import dev.hackathon.infra.engine.PlannedChange;

/**
 * A change that forces replacing a resource other resources still stand on (a new
 * {@code network.cidr} replaces the VPC under every subnet): AWS refuses to delete the parent
 * first, so the run is refused before any call, naming the config field and the way out.
 */
public final class UnsafeReplacement extends IllegalStateException implements ErrorAdvice.Advised {

    /** Which config field a kind's field comes from, to name it as the person wrote it. */
    private static final Map<String, String> CONFIG_FIELDS = Map.of(
            "vpc.cidr", "network.cidr",
            "subnet.cidr", "network.cidr",
            "subnet.availabilityZone", "network.availabilityZones");

    public UnsafeReplacement(PlannedChange change, List<String> dependents) {
        super(describe(change, dependents));
    }

    private static String describe(PlannedChange c, List<String> dependents) {
        List<String> fields = c.changes().stream().map(ch -> CONFIG_FIELDS.getOrDefault(c.kind() + "." + ch.field(),
                c.key() + " " + ch.field()) + " (" + ch.actual() + " -> " + ch.desired() + ")").distinct().toList();
        return String.join(", ", fields) + " forces replacing " + c.label() + " " + c.key() + ", which "
                + dependents.size() + " resource" + (dependents.size() == 1 ? "" : "s") + " still stand on ("
                + String.join(", ", dependents.stream().limit(6).toList()) + (dependents.size() > 6 ? ", ..." : "")
                + "); AWS cannot delete it under them. Nothing was changed";
    }

    /** Root causes only: a field of its own, not only that a dependency is made anew. */
    public static boolean rootCause(PlannedChange c) {
        return c.changes().stream().anyMatch(ch -> !ch.fromDependency());
    }

    @Override
    public String fix() {
        return "put the field back, or rebuild the stack: hackathon-infra down, then hackathon-infra up";
    }
}
