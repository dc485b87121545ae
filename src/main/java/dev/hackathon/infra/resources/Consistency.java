package dev.hackathon.infra.resources;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import java.util.function.Supplier;

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
        return new ConsistentEc2Client(client, this);
    }

    /** The ELB client whose RegisterTargets is retried while the instance is not yet known to ELB. */
    public ElasticLoadBalancingV2Client elb(ElasticLoadBalancingV2Client client) {
        // A proxy is fine here: the ELBv2 interface is small (EC2's is not: ConsistentEc2Client).
        Set<String> only = Set.of("registerTargets");
        InvocationHandler h = (proxy, method, args) -> method.getDeclaringClass() == Object.class
                || !only.contains(method.getName())
                ? invoke(method, client, args)
                : retrying(() -> invokeUnchecked(method, client, args));
        return ElasticLoadBalancingV2Client.class.cast(Proxy.newProxyInstance(
                ElasticLoadBalancingV2Client.class.getClassLoader(), new Class<?>[] {ElasticLoadBalancingV2Client.class}, h));
    }

    /** One EC2 operation by its method name: repeated in place when it names an id (see the class comment). */
    <T> T call(String operation, Supplier<T> call) {
        return NOT_RETRIED_PREFIXES.stream().anyMatch(operation::startsWith) ? call.get() : retrying(call);
    }

    private <T> T retrying(Supplier<T> call) {
        long start = clock.nowMillis();
        for (int attempt = 1; ; attempt++) {
            try {
                return call.get();
            } catch (RuntimeException e) {
                Duration w = window(e);
                if (w.isZero() || profileNotYetUsable(e) || clock.nowMillis() - start >= w.toMillis()) {
                    throw e; // a profile not yet usable is the engine's to retry: the kind decides (Instances)
                }
                try {
                    clock.sleep(BACKOFF.delay(attempt));
                } catch (InterruptedException stop) {
                    Thread.currentThread().interrupt(); // the run is stopping: the error stands
                    throw e;
                }
            }
        }
    }

    private static Object invoke(Method method, Object target, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    private static Object invokeUnchecked(Method method, Object target, Object[] args) {
        try {
            return invoke(method, target, args);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }
}
