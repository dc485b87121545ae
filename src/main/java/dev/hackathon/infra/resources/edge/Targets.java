package dev.hackathon.infra.resources.edge;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import dev.hackathon.infra.aws.AwsErrors;
import dev.hackathon.infra.engine.Change;
import dev.hackathon.infra.engine.Context;
import dev.hackathon.infra.engine.Discovery;
import dev.hackathon.infra.engine.Observed;
import dev.hackathon.infra.engine.Policy;
import dev.hackathon.infra.engine.Reported;
import dev.hackathon.infra.engine.Status;
import dev.hackathon.infra.resources.Ownership;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetDescription;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetHealth;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetHealthDescription;

/**
 * The stack's instance registered in a target group on the target's port: key
 * {@code target/app} for group {@code tg/app}. Registrations have no tags and no ARN; a
 * registration in one of our groups is ours. Its id is the instance id, its state the
 * target's health (initial, healthy, unhealthy, ...).
 *
 * <p>Discovery is one DescribeTargetHealth per target group of ours: the API has no form
 * that spans groups. It also gives the health {@code status} shows (the state, and the output
 * {@code target.app.health}). {@code up} does not wait for "healthy" (the app may not be
 * deployed yet); {@code status} counts a target that is not healthy as unhealthy (exit 3) and
 * says why. A registration of another instance (the old one after the instance was
 * replaced) is a copy of the key and is deregistered by {@code up}.
 */
public final class Targets extends ElbKind<Targets.Spec> implements Reported<Targets.Spec> {

    static final String HEALTHY = "healthy";

    public record Spec(String targetGroupKey, String instanceKey, int port) {
    }

    public Targets(ElasticLoadBalancingV2Client elb, Ownership owner) {
        super(elb, owner);
    }

    /** target/app for tg/app. */
    public static String keyFor(String targetGroupKey) {
        return "target/" + targetGroupKey.substring(targetGroupKey.indexOf('/') + 1);
    }

    @Override
    public String name() {
        return "target";
    }

    @Override
    public String label() {
        return "target registration";
    }

    @Override
    public Set<String> dependsOnKinds() {
        return Set.of("tg", "instance");
    }

    @Override
    public List<Observed> discover(Discovery discovery) {
        Set<String> current = new HashSet<>();
        discovery.of("instance").forEach(i -> current.add(i.id()));
        List<Observed> out = new ArrayList<>();
        for (Observed tg : discovery.of("tg")) {
            List<TargetHealthDescription> found = new ArrayList<>(
                    elb.describeTargetHealth(r -> r.targetGroupArn(tg.id())).targetHealthDescriptions());
            // The stack's current instance first: it is the one kept, others are copies.
            found.sort((a, b) -> Boolean.compare(current.contains(b.target().id()), current.contains(a.target().id())));
            String key = keyFor(tg.key());
            for (TargetHealthDescription d : found) {
                out.add(observed(key, tg.id(), d));
            }
        }
        return out;
    }

    @Override
    public Observed create(String key, Spec spec, Context ctx) {
        String tg = ctx.id(spec.targetGroupKey());
        String instance = ctx.id(spec.instanceKey());
        elb.registerTargets(r -> r.targetGroupArn(tg).targets(t -> t.id(instance).port(spec.port())));
        TargetHealthDescription d = TargetHealthDescription.builder()
                .target(TargetDescription.builder().id(instance).port(spec.port()).build())
                .targetHealth(TargetHealth.builder().state("initial").build()).build();
        return observed(key, tg, d);
    }

    @Override
    public List<Change> diff(String key, Spec spec, Observed actual, Context ctx) {
        TargetHealthDescription d = actual.raw(Registration.class).health();
        List<Change> out = new ArrayList<>();
        ctx.find(spec.instanceKey()).filter(i -> !i.id().equals(d.target().id()))
                .ifPresent(i -> out.add(new Change("instance", d.target().id(), i.id())));
        if (!Objects.equals(d.target().port(), spec.port())) {
            out.add(new Change("port", d.target().port(), spec.port()));
        }
        return out;
    }

    /**
     * A registration is an (instance, port) pair: any change is deregister + register, and a
     * new instance or group needs a new one.
     */
    @Override
    public Policy policy() {
        return Policy.DEFAULT.forcingNewOn("instance", "port", Policy.DEPENDENCY_RECREATED);
    }

    @Override
    public void delete(Observed actual, Context ctx) {
        Registration reg = actual.raw(Registration.class);
        TargetDescription t = reg.health().target();
        try {
            elb.deregisterTargets(r -> r.targetGroupArn(reg.targetGroupArn()).targets(x -> x.id(t.id()).port(t.port())));
        } catch (RuntimeException e) {
            // Already deregistered (InvalidTarget) or the group is gone: nothing left to do.
            if (!AwsErrors.isNotFound(e) && !AwsErrors.hasCode(e, "InvalidTarget")) {
                throw e;
            }
        }
    }

    /** Deregistered targets drain for minutes (draining), then show as unused: no longer there. */
    @Override
    public Status state(Observed o) {
        return "draining".equals(o.state()) || "unused".equals(o.state()) ? Status.GONE : Status.READY;
    }

    /** Only "healthy" passes: initial, unhealthy, unused, unavailable do not serve traffic. */
    @Override
    public boolean healthy(Observed observed) {
        return HEALTHY.equals(observed.state());
    }

    @Override
    public List<String> warnings(String key, Spec spec, Observed actual) {
        if (healthy(actual)) {
            return List.of();
        }
        return List.of("target unhealthy: " + key + " (" + actual.id() + ":" + spec.port() + " in "
                + spec.targetGroupKey() + ") is " + actual.state() + reason(actual.raw(Registration.class).health())
                .map(r -> " (" + r + ")").orElse(""));
    }

    /** The health check's reason and description, as AWS gives them: "Target.FailedHealthChecks: ...". */
    private static Optional<String> reason(TargetHealthDescription d) {
        TargetHealth h = d.targetHealth();
        if (h == null || h.reasonAsString() == null) {
            return Optional.empty();
        }
        return Optional.of(h.reasonAsString() + (h.description() == null ? "" : ": " + h.description()));
    }

    /** What discovery read: the target group it is in and its health. */
    public record Registration(String targetGroupArn, TargetHealthDescription health) {
    }

    private Observed observed(String key, String tgArn, TargetHealthDescription d) {
        String state = d.targetHealth() == null ? "unknown" : d.targetHealth().stateAsString();
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put(Ownership.STACK_TAG, owner.stack());
        tags.put(Ownership.KEY_TAG, key);
        // Health per target group among the stack's outputs: target.app.health for tg/app.
        String prefix = "target." + key.substring(key.indexOf('/') + 1) + ".";
        Map<String, String> outputs = new LinkedHashMap<>();
        outputs.put(prefix + "health", state);
        reason(d).ifPresent(r -> outputs.put(prefix + "reason", r));
        // The instance registered: which copy of the instance is kept.
        return new Observed(key, d.target().id(), state, tags, outputs, new Registration(tgArn, d))
                .referring(List.of(d.target().id()));
    }
}
