package dev.hackathon.infra.resources;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;

import dev.hackathon.infra.aws.AwsErrors;
import dev.hackathon.infra.engine.Backoff;
import dev.hackathon.infra.engine.Clock;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;

/**
 * AWS's eventual consistency, in one place: the errors that mean "the id you just got is not
 * known here yet" and how long each is worth retrying (terraform-provider-aws's retry
 * conditions: EC2 and IAM propagation 2 minutes, ELB target registration 10 minutes).
 *
 * <p>For a while after CreateVpc, CreateSubnet, CreateSecurityGroup, CreateInternetGateway,
 * CreateRouteTable, AllocateAddress, CreateNatGateway or RunInstances, a call that names the new
 * id (ModifyVpcAttribute, AttachInternetGateway, AuthorizeSecurityGroupIngress, CreateRoute,
 * AssociateRouteTable, CreateSubnet in the new VPC, CreateTags, RunInstances in the new subnet...)
 * may answer the id's NotFound code; such a call did not run, so it is repeated in place, with
 * backoff on the run's clock, until the window has passed. The clients the kinds get are wrapped
 * ({@link #ec2}, {@link #elb}) so every call that names an id is covered without each kind
 * repeating the loop. Deletes, detaches, releases and disassociations are not: there NotFound
 * means "already gone" and is success. Describes are not either: discovery reads by tag, and a
 * Describe by id that says NotFound is an answer the caller judges.
 */
public final class Consistency {

    /** terraform's ec2PropagationTimeout. */
    public static final Duration EC2_PROPAGATION = Duration.ofMinutes(2);
    /** terraform's iamPropagationTimeout: a new instance profile or its role, seen by RunInstances. */
    public static final Duration IAM_PROPAGATION = Duration.ofMinutes(2);
    /** terraform retries RegisterTargets on InvalidTarget this long (elbv2 target group attachment). */
    public static final Duration TARGET_REGISTRATION = Duration.ofMinutes(10);

    /** EC2's "not known (yet)" codes for ids another call just returned. */
    public static final Set<String> NEW_ID_NOT_FOUND = Set.of(
            "InvalidVpcID.NotFound", "InvalidSubnetID.NotFound", "InvalidGroup.NotFound",
            "InvalidSecurityGroupID.NotFound", "InvalidRouteTableID.NotFound", "InvalidRouteTableId.NotFound",
            "InvalidInternetGatewayID.NotFound", "InvalidAllocationID.NotFound", "InvalidNatGatewayID.NotFound",
            "NatGatewayNotFound", "InvalidInstanceID.NotFound", "InvalidNetworkInterfaceID.NotFound");

    private static final Set<String> NOT_RETRIED_PREFIXES = Set.of("delete", "terminate", "release", "detach",
            "disassociate", "describe", "deregister", "close", "serviceName", "waiter");
    private static final Backoff BACKOFF = new Backoff(250, 5_000);

    private final Clock clock;

    public Consistency(Clock clock) {
        this.clock = clock;
    }

    /** The window for an error that says "not known yet", or zero. */
    public static Duration window(Throwable e) {
        if (AwsErrors.hasCode(e, NEW_ID_NOT_FOUND.toArray(String[]::new))) {
            return EC2_PROPAGATION;
        }
        if (AwsErrors.hasCode(e, "InvalidTarget")) {
            return TARGET_REGISTRATION;
        }
        if (profileNotYetUsable(e)) {
            return IAM_PROPAGATION;
        }
        return Duration.ZERO;
    }

    /**
     * RunInstances (or an association) naming a just-created profile: "Invalid IAM Instance
     * Profile name", or, just after its role was added, "... has no associated IAM Roles".
     */
    public static boolean profileNotYetUsable(Throwable error) {
        if (!AwsErrors.hasCode(error, "InvalidParameterValue")) {
            return false;
        }
        String message = AwsErrors.message(error);
        String m = message == null ? "" : message.toLowerCase(Locale.ROOT);
        return m.contains("invalid iam instance profile") || m.contains("has no associated iam roles");
    }

    /** The EC2 client whose calls naming an id are retried in place while the id propagates. */
    public Ec2Client ec2(Ec2Client client) {
        return wrap(Ec2Client.class, client, Set.of());
    }

    /** The ELB client whose RegisterTargets is retried while the instance is not yet known to ELB. */
    public ElasticLoadBalancingV2Client elb(ElasticLoadBalancingV2Client client) {
        return wrap(ElasticLoadBalancingV2Client.class, client, Set.of("registerTargets"));
    }

    /** {@code only}: the methods retried (empty: every method that names an id, see the class comment). */
    private <T> T wrap(Class<T> type, T client, Set<String> only) {
        InvocationHandler h = (proxy, method, args) -> {
            if (method.getDeclaringClass() == Object.class || !retried(method, only)) {
                return invoke(method, client, args);
            }
            long start = clock.nowMillis();
            for (int attempt = 1; ; attempt++) {
                try {
                    return invoke(method, client, args);
                } catch (RuntimeException e) {
                    Duration w = window(e);
                    if (w.isZero() || profileNotYetUsable(e) || clock.nowMillis() - start >= w.toMillis()) {
                        throw e; // a profile not yet usable is the engine's to retry: the kind decides (Instances)
                    }
                    clock.sleep(BACKOFF.delay(attempt));
                }
            }
        };
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, h));
    }

    private static boolean retried(Method m, Set<String> only) {
        String name = m.getName();
        if (!only.isEmpty()) {
            return only.contains(name);
        }
        return m.getParameterCount() == 1 && NOT_RETRIED_PREFIXES.stream().noneMatch(name::startsWith);
    }

    private static Object invoke(Method method, Object target, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
