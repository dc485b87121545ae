package dev.hackathon.infra.resources.edge;

import static dev.hackathon.infra.aws.AwsErrors.ignoringNotFound;
import static dev.hackathon.infra.resources.TagDrift.tagDiff;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.hackathon.infra.engine.Change;
import dev.hackathon.infra.engine.Context;
import dev.hackathon.infra.engine.Discovery;
import dev.hackathon.infra.engine.Observed;
import dev.hackathon.infra.engine.Policy;
import dev.hackathon.infra.resources.Ownership;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ProtocolEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroup;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetTypeEnum;

/**
 * One target group per configured target (app, api): HTTP to the instance on the target's
 * port, health checked on its path. Names are {@link EdgeNames} (32 characters at most).
 *
 * <p>The group's own port is only the default for registrations that name none; ours
 * always name the port ({@link Targets}), and the health check uses the traffic port. So a
 * port change in the config moves the registration, not the group (AWS cannot change a
 * group's port, and replacing a group that rules forward to would stall on ResourceInUse),
 * and the group's port is not diffed.
 */
public final class TargetGroups extends ElbKind<TargetGroups.Spec> {

    /** Accept redirects too: a front end that redirects / to a locale is healthy. */
    public static final String HEALTHY_CODES = "200-399";

    public record Spec(String vpcKey, int port, String healthCheckPath) {
    }

    public TargetGroups(ElasticLoadBalancingV2Client elb, Ownership owner) {
        super(elb, owner);
    }

    @Override
    public String name() {
        return "tg";
    }

    @Override
    public String label() {
        return "target group";
    }

    @Override
    public Set<String> dependsOnKinds() {
        return Set.of("vpc");
    }

    /** One paginated DescribeTargetGroups; the tags of those named like ours ({@link ElbReads}). */
    @Override
    public List<Observed> discover(Discovery discovery) {
        ElbReads reads = ElbReads.of(discovery, elb, EdgeNames.prefix(owner), ElbReads.Part.TARGET_GROUPS, List::of);
        List<Observed> out = new ArrayList<>();
        reads.targetGroups.forEach((arn, g) -> {
            Map<String, String> t = reads.tagsOf(arn);
            if (owner.owns(t)) {
                out.add(observed(g, t));
            }
        });
        return out;
    }

    /**
     * AWS returns the existing group for a repeated identical create; moto answers
     * DuplicateTargetGroupName, which the engine takes as "already there" and looks the key up.
     */
    @Override
    public Observed create(String key, Spec spec, Context ctx) {
        TargetGroup g = elb.createTargetGroup(r -> r.name(EdgeNames.of(owner, key)).protocol(ProtocolEnum.HTTP)
                .port(spec.port()).vpcId(ctx.id(spec.vpcKey())).targetType(TargetTypeEnum.INSTANCE)
                .healthCheckProtocol(ProtocolEnum.HTTP).healthCheckPath(spec.healthCheckPath())
                .matcher(m -> m.httpCode(HEALTHY_CODES))
                .tags(elbTags(key, ctx))).targetGroups().get(0);
        return observed(g, ctx.tags(key));
    }

    @Override
    public List<Change> diff(String key, Spec spec, Observed actual, Context ctx) {
        TargetGroup g = actual.raw(TargetGroup.class);
        List<Change> out = new ArrayList<>();
        ctx.find(spec.vpcKey()).filter(v -> !v.id().equals(g.vpcId()))
                .ifPresent(v -> out.add(new Change("vpc", g.vpcId(), v.id())));
        if (!spec.healthCheckPath().equals(g.healthCheckPath())) {
            out.add(new Change("healthCheckPath", g.healthCheckPath(), spec.healthCheckPath()));
        }
        String codes = g.matcher() == null ? null : g.matcher().httpCode();
        if (!HEALTHY_CODES.equals(codes)) {
            out.add(new Change("healthCheck.matcher", codes, HEALTHY_CODES));
        }
        out.addAll(tagDiff(key, actual, ctx));
        return out;
    }

    @Override
    public Policy policy() {
        return Policy.DEFAULT.forcingNewOn("vpc");
    }

    @Override
    public Observed update(String key, Spec spec, Observed actual, List<Change> changes, Context ctx) {
        if (changes.stream().anyMatch(c -> c.field().startsWith("healthCheck"))) {
            TargetGroup g = elb.modifyTargetGroup(r -> r.targetGroupArn(actual.id())
                    .healthCheckProtocol(ProtocolEnum.HTTP).healthCheckPath(spec.healthCheckPath())
                    .matcher(m -> m.httpCode(HEALTHY_CODES))).targetGroups().get(0);
            repairTags(actual.id(), key, changes, ctx);
            return observed(g, ctx.tags(key));
        }
        repairTags(actual.id(), key, changes, ctx);
        return actual;
    }

    @Override
    public void delete(Observed actual, Context ctx) {
        ignoringNotFound(() -> elb.deleteTargetGroup(r -> r.targetGroupArn(actual.id())));
    }

    private Observed observed(TargetGroup g, Map<String, String> tags) {
        return new Observed(owner.keyOf(tags), g.targetGroupArn(), "active", tags, Map.of(), g);
    }
}
