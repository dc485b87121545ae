package dev.hackathon.infra.resources.edge;

import static dev.hackathon.infra.aws.AwsErrors.ignoringNotFound;
import static dev.hackathon.infra.resources.TagDrift.tagDiff;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import dev.hackathon.infra.engine.Change;
import dev.hackathon.infra.engine.Context;
import dev.hackathon.infra.engine.Discovery;
import dev.hackathon.infra.engine.Observed;
import dev.hackathon.infra.engine.Policy;
import dev.hackathon.infra.engine.Reported;
import dev.hackathon.infra.resources.Ownership;
import dev.hackathon.infra.resources.TagDrift;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Action;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ActionTypeEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Certificate;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Listener;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ProtocolEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.RedirectActionStatusCodeEnum;

/**
 * The load balancer's listeners. With a certificate: HTTPS 443 (TLS 1.3/1.2 policy) whose
 * default answer is a fixed 404, and HTTP 80 that redirects everything to HTTPS. Without
 * one: HTTP 80 with the fixed 404, and {@code status} warns that traffic is unencrypted.
 * Host rules live on the HTTPS listener when there is one ({@link Rules}).
 */
public final class Listeners extends ElbKind<Listeners.Spec> implements Reported<Listeners.Spec> {

    public static final String TLS_POLICY = "ELBSecurityPolicy-TLS13-1-2-2021-06";

    /** What a listener answers when no rule matches. */
    public enum DefaultAction {
        /** 404 for any host we do not route: the load balancer's DNS name serves nothing. */
        NOT_FOUND,
        /** 301 to the same URL on HTTPS 443. */
        REDIRECT_TO_HTTPS
    }

    /** {@code certificateArn} and {@code sslPolicy} only for HTTPS. */
    public record Spec(String loadBalancerKey, ProtocolEnum protocol, int port, String certificateArn,
                       String sslPolicy, DefaultAction defaultAction) {

        public static Spec https(String lbKey, String certificateArn) {
            return new Spec(lbKey, ProtocolEnum.HTTPS, 443, certificateArn, TLS_POLICY, DefaultAction.NOT_FOUND);
        }

        public static Spec httpRedirect(String lbKey) {
            return new Spec(lbKey, ProtocolEnum.HTTP, 80, null, null, DefaultAction.REDIRECT_TO_HTTPS);
        }

        public static Spec httpOnly(String lbKey) {
            return new Spec(lbKey, ProtocolEnum.HTTP, 80, null, null, DefaultAction.NOT_FOUND);
        }
    }

    public Listeners(ElasticLoadBalancingV2Client elb, Ownership owner) {
        super(elb, owner);
    }

    @Override
    public String name() {
        return "listener";
    }

    @Override
    public String label() {
        return "listener";
    }

    @Override
    public Set<String> dependsOnKinds() {
        return Set.of("alb", "cert"); // the HTTPS listener serves the certificateArn: auto one
    }

    /**
     * DescribeListeners needs a load balancer: one paginated call per load balancer of ours
     * (one), then the tags of their listeners ({@link ElbReads}).
     */
    @Override
    public List<Observed> discover(Discovery discovery) {
        ElbReads reads = ElbReads.of(discovery, elb, EdgeNames.prefix(owner), ElbReads.Part.LISTENERS,
                () -> discovery.of("alb").stream().map(Observed::id).toList());
        List<Listener> listeners = new ArrayList<>();
        reads.listeners.forEach((lb, ls) -> {
            if (reads.ours(lb, owner)) {
                listeners.addAll(ls);
            }
        });
        List<Observed> out = new ArrayList<>();
        // HTTPS first: when a copy of a key exists, the one kept is the one rules prefer.
        listeners.sort(Comparator.comparing((Listener l) -> l.port() == null ? 0 : l.port()).reversed());
        for (Listener l : listeners) {
            Map<String, String> t = reads.tagsOf(l.listenerArn());
            if (owner.owns(t)) {
                out.add(observed(l, t));
            }
        }
        return out;
    }

    @Override
    public Observed create(String key, Spec spec, Context ctx) {
        String lb = ctx.id(spec.loadBalancerKey());
        Listener l = elb.createListener(r -> {
            r.loadBalancerArn(lb).protocol(spec.protocol()).port(spec.port())
                    .defaultActions(action(spec.defaultAction())).tags(elbTags(key, ctx));
            if (spec.protocol() == ProtocolEnum.HTTPS) {
                r.sslPolicy(spec.sslPolicy()).certificates(Certificate.builder().certificateArn(spec.certificateArn()).build());
            }
        }).listeners().get(0);
        return observed(l, ctx.tags(key));
    }

    @Override
    public List<Change> diff(String key, Spec spec, Observed actual, Context ctx) {
        Listener l = actual.raw(Listener.class);
        List<Change> out = new ArrayList<>();
        ctx.find(spec.loadBalancerKey()).filter(lb -> !lb.id().equals(l.loadBalancerArn()))
                .ifPresent(lb -> out.add(new Change("loadBalancer", l.loadBalancerArn(), lb.id())));
        if (l.protocol() != spec.protocol()) {
            out.add(Change.security("protocol", l.protocolAsString(), spec.protocol().toString()));
        }
        if (!Objects.equals(l.port(), spec.port())) {
            out.add(new Change("port", l.port(), spec.port()));
        }
        if (spec.protocol() == ProtocolEnum.HTTPS) {
            if (!Objects.equals(l.sslPolicy(), spec.sslPolicy())) {
                out.add(Change.security("sslPolicy", l.sslPolicy(), spec.sslPolicy()));
            }
            String cert = l.certificates() == null || l.certificates().isEmpty() ? null
                    : l.certificates().get(0).certificateArn();
            if (!Objects.equals(cert, spec.certificateArn())) {
                out.add(new Change("certificate", cert, spec.certificateArn()));
            }
        }
        String have = describe(l.defaultActions());
        String want = describe(List.of(action(spec.defaultAction())));
        if (!have.equals(want)) {
            // Plain HTTP forwarding somewhere instead of redirecting bypasses TLS.
            out.add(spec.defaultAction() == DefaultAction.REDIRECT_TO_HTTPS
                    ? Change.security("defaultAction", have, want) : new Change("defaultAction", have, want));
        }
        out.addAll(tagDiff(key, actual, ctx));
        return out;
    }

    /** Deleting a listener deletes its rules; they are made again after it. */
    @Override
    public Policy policy() {
        return Policy.DEFAULT.deletableUnderDependents().forcingNewOn("loadBalancer");
    }

    /** ModifyListener with the whole desired listener: protocol, port, policy, certificate, default action. */
    @Override
    public Observed update(String key, Spec spec, Observed actual, List<Change> changes, Context ctx) {
        Observed result = actual;
        if (!TagDrift.onlyTags(changes)) {
            Listener l = elb.modifyListener(r -> {
                r.listenerArn(actual.id()).protocol(spec.protocol()).port(spec.port())
                        .defaultActions(action(spec.defaultAction()));
                if (spec.protocol() == ProtocolEnum.HTTPS) {
                    r.sslPolicy(spec.sslPolicy()).certificates(Certificate.builder().certificateArn(spec.certificateArn()).build());
                }
            }).listeners().get(0);
            result = observed(l, actual.tags());
        }
        repairTags(actual.id(), key, changes, ctx);
        return result;
    }

    @Override
    public void delete(Observed actual, Context ctx) {
        ignoringNotFound(() -> elb.deleteListener(r -> r.listenerArn(actual.id())));
    }

    @Override
    public List<String> warnings(String key, Spec spec, Observed actual) {
        Listener l = actual.raw(Listener.class);
        if (l.protocol() == ProtocolEnum.HTTP && spec.defaultAction() != DefaultAction.REDIRECT_TO_HTTPS) {
            return List.of("listener " + key + " serves plain HTTP on port " + l.port()
                    + ": traffic is unencrypted; set loadBalancer.certificateArn (an ARN, or auto) to get HTTPS 443 and a redirect"
                    + " from 80 (with auto: from the run after ACM issues it)");
        }
        return List.of();
    }

    static Action action(DefaultAction a) {
        return switch (a) {
            case NOT_FOUND -> Action.builder().type(ActionTypeEnum.FIXED_RESPONSE)
                    .fixedResponseConfig(f -> f.statusCode("404").contentType("text/plain").messageBody("Not Found"))
                    .build();
            case REDIRECT_TO_HTTPS -> Action.builder().type(ActionTypeEnum.REDIRECT)
                    .redirectConfig(r -> r.protocol("HTTPS").port("443").statusCode(RedirectActionStatusCodeEnum.HTTP_301))
                    .build();
        };
    }

    /**
     * A default action as one comparable line. Only what we set is compared: AWS fills in
     * the redirect's host/path/query placeholders ({@code #{host}}) when they are left out.
     */
    static String describe(List<Action> actions) {
        if (actions == null || actions.isEmpty()) {
            return "(none)";
        }
        List<String> parts = new ArrayList<>();
        for (Action a : actions) {
            switch (a.type()) {
                case FIXED_RESPONSE -> parts.add("fixed-response " + a.fixedResponseConfig().statusCode() + " "
                        + a.fixedResponseConfig().contentType());
                case REDIRECT -> parts.add("redirect " + a.redirectConfig().protocol() + ":" + a.redirectConfig().port()
                        + " " + a.redirectConfig().statusCodeAsString());
                case FORWARD -> parts.add("forward " + (a.targetGroupArn() != null ? a.targetGroupArn()
                        : a.forwardConfig() == null ? "?" : a.forwardConfig().targetGroups()));
                default -> parts.add(a.typeAsString());
            }
        }
        return String.join(", ", parts);
    }

    /** With its load balancer: which copy of that is kept. */
    private Observed observed(Listener l, Map<String, String> tags) {
        Map<String, String> t = new LinkedHashMap<>(tags);
        return new Observed(owner.keyOf(t), l.listenerArn(), "active", t, Map.of(), l)
                .referring(java.util.Arrays.asList(l.loadBalancerArn()));
    }
}
