package dev.hackathon.infra.resources.edge;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import dev.hackathon.infra.aws.AwsErrors;
import dev.hackathon.infra.engine.Change;
import dev.hackathon.infra.engine.Context;
import dev.hackathon.infra.engine.Discovery;
import dev.hackathon.infra.engine.Observed;
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
 * that spans groups. It also gives the health {@code status} shows. {@code up} does not wait
 * for "healthy" (the app may not be deployed yet); {@code status} warns about unhealthy
 * targets instead. A registration of another instance (the old one after the instance was
 * replaced) is a copy of the key and is deregistered by {@code up}.
 */
public final class Targets extends ElbKind<Targets.Spec> {

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

    /** A registration is an (instance, port) pair: any change is deregister + register. */
    @Override
    public boolean requiresReplacement(List<Change> changes) {
        return !changes.isEmpty();
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
    public boolean isGone(Observed o) {
        return "draining".equals(o.state()) || "unused".equals(o.state());
    }

    @Override
    public List<String> warnings(String key, Spec spec, Observed actual) {
        TargetHealth h = actual.raw(Registration.class).health().targetHealth();
        if ("unhealthy".equals(actual.state()) || "unavailable".equals(actual.state())) {
            return List.of("target " + key + " (" + actual.id() + ":" + spec.port() + ") is " + actual.state()
                    + (h.reasonAsString() == null ? "" : " (" + h.reasonAsString()
                    + (h.description() == null ? "" : ": " + h.description()) + ")"));
        }
        return List.of();
    }

    /** What discovery read: the target group it is in and its health. */
    public record Registration(String targetGroupArn, TargetHealthDescription health) {
    }

    private Observed observed(String key, String tgArn, TargetHealthDescription d) {
        String state = d.targetHealth() == null ? "unknown" : d.targetHealth().stateAsString();
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put(Ownership.STACK_TAG, owner.stack());
        tags.put(Ownership.KEY_TAG, key);
        return new Observed(key, d.target().id(), state, tags, Map.of(), new Registration(tgArn, d));
    }
}
