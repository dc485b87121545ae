package dev.hackathon.infra.stack;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.hackathon.infra.config.StackConfig;
import dev.hackathon.infra.config.StackConfig.Rule;
import dev.hackathon.infra.config.StackConfig.Target;
import dev.hackathon.infra.config.SubnetLayout.Tier;
import dev.hackathon.infra.engine.Node;
import dev.hackathon.infra.resources.dns.AliasRecords;
import dev.hackathon.infra.resources.dns.ValidationRecords;
import dev.hackathon.infra.resources.edge.Certificates;
import dev.hackathon.infra.resources.edge.Listeners;
import dev.hackathon.infra.resources.edge.LoadBalancers;
import dev.hackathon.infra.resources.edge.Rules;
import dev.hackathon.infra.resources.edge.TargetGroups;
import dev.hackathon.infra.resources.edge.Targets;

/**
 * The edge: a target group per configured target, the internet-facing ALB in the public
 * subnets, its listeners (HTTPS 443 + redirect on 80 with a certificate, HTTP 80 alone
 * without), the host rules on the listener that carries them, and the stack's instance
 * registered in each target group.
 *
 * <p>With {@code certificateArn: auto}: the stack's certificate for every rule host, and
 * with a hosted zone its validation records and each host's alias records. Until the
 * certificate is issued the rules forward on HTTP 80; the run that finds it issued adds HTTPS
 * 443, moves the rules there and turns 80 into the redirect ({@link EdgeState}).
 *
 * <p>Teardown order follows from the dependencies: records and rules, then listeners, then
 * the certificate and the ALB (waited until gone), then the target groups (the ALB depends on them).
 */
public final class EdgeTier {

    public static final String ALB = "alb/main";
    public static final String HTTPS = "listener/https";
    public static final String HTTP = "listener/http";
    /** The compute tier's instance, registered in every target group when the graph has it. */
    public static final String INSTANCE = ComputeTier.INSTANCE;

    private EdgeTier() {
    }

    public static String targetGroupKey(String target) {
        return "tg/" + target;
    }

    /** The listener that carries the host rules: HTTPS when a certificate is usable, else HTTP. */
    public static String rulesListener(StackConfig config, EdgeState state) {
        return certificateArn(config, state) != null ? HTTPS : HTTP;
    }

    /** The listener that carries the host rules in a built graph. */
    public static String rulesListener(dev.hackathon.infra.engine.Graph graph) {
        return graph.contains(HTTPS) ? HTTPS : HTTP;
    }

    /** The ARN the HTTPS listener uses: the config's, or the auto certificate's once issued; null: HTTP only. */
    static String certificateArn(StackConfig config, EdgeState state) {
        StackConfig.LoadBalancer lb = config.loadBalancer();
        return lb.autoCertificate() ? state.issuedCertificateArn() : lb.certificateArn();
    }

    public static List<Node> nodes(StackConfig config, StackKinds k, Collection<Node> existing) {
        return nodes(config, k, existing, EdgeState.assumed(config));
    }

    /**
     * @param existing the nodes of the tiers built before this one; registrations are added
     *                 only when they contain {@link #INSTANCE}
     */
    public static List<Node> nodes(StackConfig config, StackKinds k, Collection<Node> existing, EdgeState state) {
        StackConfig.LoadBalancer lb = config.loadBalancer();
        Set<String> have = new HashSet<>();
        existing.forEach(n -> have.add(n.key()));
        List<Node> nodes = new ArrayList<>();

        List<String> groups = new ArrayList<>();
        for (Map.Entry<String, Target> t : lb.targets().entrySet()) {
            String key = targetGroupKey(t.getKey());
            groups.add(key);
            nodes.add(Node.of(key, k.targetGroups,
                    new TargetGroups.Spec(NetworkTier.VPC, t.getValue().port(), t.getValue().healthCheckPath()),
                    NetworkTier.VPC));
        }

        List<String> publicSubnets = NetworkTier.subnetKeys(config, Tier.PUBLIC);
        List<String> albDeps = new ArrayList<>(publicSubnets);
        // An internet-facing ALB needs the IGW attached (InvalidSubnet otherwise), and its
        // ENIs must be gone before the IGW detaches. Depending on the target groups puts
        // their deletion after the ALB's.
        albDeps.add(NetworkTier.VPC);
        albDeps.add(NetworkTier.SG_ALB);
        albDeps.add(NetworkTier.IGW);
        albDeps.addAll(groups);
        nodes.add(new Node(ALB, k.loadBalancers, new LoadBalancers.Spec(NetworkTier.VPC, publicSubnets,
                NetworkTier.SG_ALB), Set.copyOf(albDeps)));

        if (lb.autoCertificate()) {
            nodes.add(Node.of(Certificates.KEY, k.certificates, new Certificates.Spec(lb.hosts())));
        }
        // With a zone: each host's alias records, and its validation record for the auto certificate.
        for (String host : lb.hosts()) {
            if (state.hostsWithZone().contains(host)) {
                if (lb.autoCertificate()) {
                    nodes.add(Node.of(ValidationRecords.key(host), k.validationRecords,
                            new ValidationRecords.Spec(host, Certificates.KEY), Certificates.KEY));
                }
                nodes.add(Node.of(AliasRecords.key(host), k.aliasRecords, new AliasRecords.Spec(host, ALB), ALB));
            }
        }

        String certificateArn = certificateArn(config, state);
        if (certificateArn != null) {
            // The auto certificate is deleted after the listener that uses it.
            nodes.add(lb.autoCertificate()
                    ? Node.of(HTTPS, k.listeners, Listeners.Spec.https(ALB, certificateArn), ALB, Certificates.KEY)
                    : Node.of(HTTPS, k.listeners, Listeners.Spec.https(ALB, certificateArn), ALB));
            nodes.add(Node.of(HTTP, k.listeners, Listeners.Spec.httpRedirect(ALB), ALB));
        } else {
            nodes.add(Node.of(HTTP, k.listeners, Listeners.Spec.httpOnly(ALB), ALB));
        }

        String listener = rulesListener(config, state);
        String previous = null;
        for (Rule r : lb.rules()) {
            String tg = targetGroupKey(r.target());
            List<String> deps = new ArrayList<>(List.of(listener, tg));
            // One rule after another: a priority taken by a rule that moves later in the
            // same run is parked and then set, never fought over by parallel updates.
            if (previous != null) {
                deps.add(previous);
            }
            String key = Rules.key(r.host());
            nodes.add(new Node(key, k.rules, new Rules.Spec(listener, r.host(), tg, r.priority()), Set.copyOf(deps)));
            previous = key;
        }

        if (have.contains(INSTANCE)) {
            for (Map.Entry<String, Target> t : lb.targets().entrySet()) {
                String tg = targetGroupKey(t.getKey());
                nodes.add(Node.of(Targets.keyFor(tg), k.targets, new Targets.Spec(tg, INSTANCE, t.getValue().port()),
                        tg, INSTANCE));
            }
        }
        return nodes;
    }
}
