package dev.hackathon.infra.resources.edge;

import static dev.hackathon.infra.aws.AwsErrors.ignoringNotFound;
import static dev.hackathon.infra.resources.TagDrift.tagDiff;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import dev.hackathon.infra.engine.Change;
import dev.hackathon.infra.engine.Context;
import dev.hackathon.infra.engine.Discovery;
import dev.hackathon.infra.engine.Observed;
import dev.hackathon.infra.engine.Policy;
import dev.hackathon.infra.engine.Reported;
import dev.hackathon.infra.engine.Status;
import dev.hackathon.infra.resources.Ownership;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.AvailabilityZone;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.IpAddressType;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancer;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancerAttribute;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancerSchemeEnum;

/**
 * The Application Load Balancer: internet-facing, in both public subnets, with the alb
 * security group only, and dropping requests with invalid header fields (request
 * smuggling). Takes 2-3 minutes to become active; after deletion its network interfaces
 * linger for minutes, so {@code down} waits until it is gone and the public subnets, the
 * alb group and the IGW detach retry DependencyViolation meanwhile (network tier).
 *
 * <p>Deletion protection is not ours to set, but someone may have turned it on. {@code status}
 * warns about it; {@code down} reports it before deleting anything and goes on only once the
 * person confirmed; this kind then, built with {@code confirmDisableProtection}, turns it off
 * first, and without that refuses to delete.
 */
public final class LoadBalancers extends ElbKind<LoadBalancers.Spec> implements Reported<LoadBalancers.Spec> {

    public static final String DROP_INVALID_HEADERS = "routing.http.drop_invalid_header_fields.enabled";
    public static final String DELETION_PROTECTION = "deletion_protection.enabled";
    public static final String DNS_OUTPUT = "alb.dnsName";

    public record Spec(String vpcKey, List<String> subnetKeys, String securityGroupKey) {
        public Spec {
            subnetKeys = List.copyOf(subnetKeys);
        }
    }

    /** What discovery read: the load balancer and its attributes. */
    public record State(LoadBalancer lb, Map<String, String> attributes) {
    }

    private final boolean confirmDisableProtection;

    public LoadBalancers(ElasticLoadBalancingV2Client elb, Ownership owner, boolean confirmDisableProtection) {
        super(elb, owner);
        this.confirmDisableProtection = confirmDisableProtection;
    }

    @Override
    public String name() {
        return "alb";
    }

    @Override
    public String label() {
        return "load balancer";
    }

    @Override
    public Set<String> dependsOnKinds() {
        return Set.of("vpc", "subnet", "sg", "igw", "tg");
    }

    /**
     * One paginated DescribeLoadBalancers, then, for those named like ours (one, normally),
     * DescribeLoadBalancerAttributes (no bulk form) and the tags, which a whole discovery reads
     * with those of the groups, listeners and rules ({@link ElbReads}). Only those the tags say
     * are ours are kept.
     */
    @Override
    public List<Observed> discover(Discovery discovery) {
        ElbReads reads = ElbReads.of(discovery, elb, EdgeNames.prefix(owner), ElbReads.Part.LOAD_BALANCERS, List::of);
        List<Observed> out = new ArrayList<>();
        reads.loadBalancers.forEach((arn, lb) -> {
            Map<String, String> t = reads.tagsOf(arn);
            if (owner.owns(t)) {
                out.add(observed(lb, reads.attributes.getOrDefault(arn, Map.of()), t));
            }
        });
        return out;
    }

    @Override
    public Observed create(String key, Spec spec, Context ctx) {
        List<String> subnets = spec.subnetKeys().stream().map(ctx::id).toList();
        String sg = ctx.id(spec.securityGroupKey());
        LoadBalancer lb = elb.createLoadBalancer(r -> r.name(EdgeNames.of(owner, key))
                .type(software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancerTypeEnum.APPLICATION).scheme(LoadBalancerSchemeEnum.INTERNET_FACING)
                .ipAddressType(IpAddressType.IPV4).subnets(subnets).securityGroups(sg)
                .tags(elbTags(key, ctx))).loadBalancers().get(0);
        // Dropping invalid headers cannot be set at create: the update that follows does it.
        return observed(lb, Map.of(), ctx.tags(key));
    }

    @Override
    public List<Change> diff(String key, Spec spec, Observed actual, Context ctx) {
        State s = actual.raw(State.class);
        LoadBalancer lb = s.lb();
        List<Change> out = new ArrayList<>();
        if (lb.scheme() != LoadBalancerSchemeEnum.INTERNET_FACING) {
            out.add(new Change("scheme", lb.schemeAsString(), LoadBalancerSchemeEnum.INTERNET_FACING.toString()));
        }
        ctx.find(spec.vpcKey()).filter(v -> !v.id().equals(lb.vpcId()))
                .ifPresent(v -> out.add(new Change("vpc", lb.vpcId(), v.id())));
        Set<String> haveSubnets = new TreeSet<>();
        if (lb.availabilityZones() != null) {
            lb.availabilityZones().stream().map(AvailabilityZone::subnetId).forEach(haveSubnets::add);
        }
        Set<String> wantSubnets = new TreeSet<>(spec.subnetKeys().stream().map(ctx::idOrUnknown).toList());
        if (!haveSubnets.equals(wantSubnets)) {
            out.add(new Change("subnets", haveSubnets, wantSubnets));
        }
        Set<String> haveGroups = new TreeSet<>(lb.securityGroups() == null ? List.of() : lb.securityGroups());
        Set<String> wantGroups = Set.of(ctx.idOrUnknown(spec.securityGroupKey()));
        if (!haveGroups.equals(wantGroups)) {
            // Another group on the load balancer may open more than 80/443 to the internet.
            out.add(Change.security("securityGroups", haveGroups, wantGroups));
        }
        String drop = s.attributes().get(DROP_INVALID_HEADERS);
        if (!"true".equals(drop)) {
            out.add(Change.security(DROP_INVALID_HEADERS, drop, "true"));
        }
        out.addAll(tagDiff(key, actual, ctx));
        return out;
    }

    /**
     * About 2-3 minutes to be active on AWS. Deleting it deletes its listeners and their rules:
     * they are made again after it. Its interfaces linger after the delete: {@code down} waits
     * until it is gone.
     */
    @Override
    public Policy policy() {
        return Policy.DEFAULT.readyWithin(Duration.ofMinutes(20)).waitingUntilGone().deletableUnderDependents()
                .forcingNewOn("scheme", "vpc");
    }

    @Override
    public Observed update(String key, Spec spec, Observed actual, List<Change> changes, Context ctx) {
        String arn = actual.id();
        State s = actual.raw(State.class);
        Map<String, String> attrs = s.attributes();
        for (Change c : changes) {
            switch (c.field()) {
                case "subnets" -> elb.setSubnets(r -> r.loadBalancerArn(arn)
                        .subnets(spec.subnetKeys().stream().map(ctx::id).toList()));
                case "securityGroups" -> elb.setSecurityGroups(r -> r.loadBalancerArn(arn)
                        .securityGroups(ctx.id(spec.securityGroupKey())));
                case DROP_INVALID_HEADERS -> attrs = setAttribute(arn, DROP_INVALID_HEADERS, "true");
                default -> { }
            }
        }
        repairTags(arn, key, changes, ctx);
        return observed(s.lb(), attrs, ctx.tags(key));
    }

    @Override
    public void delete(Observed actual, Context ctx) {
        State s = actual.raw(State.class);
        if (actual.deletionProtection().isPresent()) {
            if (!confirmDisableProtection) {
                throw new DeletionProtectedException("load balancer " + actual.key() + " (" + s.lb().loadBalancerName()
                        + ") has deletion protection on, so it was not deleted; rerun down with --yes to turn it off");
            }
            setAttribute(actual.id(), DELETION_PROTECTION, "false");
        }
        ignoringNotFound(() -> elb.deleteLoadBalancer(r -> r.loadBalancerArn(actual.id())));
    }

    @Override
    public Status state(Observed o) {
        return switch (o.state()) {
            case "active", "active_impaired" -> Status.READY;
            case "failed" -> Status.failed(reason(o.raw(State.class)));
            default -> Status.PENDING; // provisioning
        };
    }

    private static String reason(State s) {
        return s == null || s.lb() == null || s.lb().state() == null ? null : s.lb().state().reason();
    }

    @Override
    public List<String> warnings(String key, Spec spec, Observed actual) {
        if (actual.deletionProtection().isPresent()) {
            return List.of("load balancer " + key + " has deletion protection on: down stops before deleting anything"
                    + " unless you confirm turning it off (type the stack name, or --yes)");
        }
        return List.of();
    }

    private Map<String, String> setAttribute(String arn, String name, String value) {
        Map<String, String> m = new LinkedHashMap<>();
        elb.modifyLoadBalancerAttributes(r -> r.loadBalancerArn(arn)
                        .attributes(LoadBalancerAttribute.builder().key(name).value(value).build()))
                .attributes().forEach(a -> m.put(a.key(), a.value()));
        m.put(name, value);
        return m;
    }

    private Observed observed(LoadBalancer lb, Map<String, String> attributes, Map<String, String> tags) {
        String state = lb.state() == null ? "provisioning" : lb.state().codeAsString();
        Map<String, String> outputs = lb.dnsName() == null ? Map.of() : Map.of(DNS_OUTPUT, lb.dnsName());
        return new Observed(owner.keyOf(tags), lb.loadBalancerArn(), state, tags, outputs,
                new State(lb, Map.copyOf(attributes))).madeAt(lb.createdTime())
                .protectedBy("true".equals(attributes.get(DELETION_PROTECTION)) ? "deletion protection is on" : null);
    }

    /** Deleting a protected load balancer was not confirmed; nothing was deleted. */
    public static final class DeletionProtectedException extends RuntimeException {
        public DeletionProtectedException(String message) {
            super(message);
        }
    }
}
