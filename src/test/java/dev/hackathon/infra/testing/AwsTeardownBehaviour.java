package dev.hackathon.infra.testing;

import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;

import dev.hackathon.infra.aws.AwsSession;
import dev.hackathon.infra.engine.Clock;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Filter;

/**
 * How real AWS behaves during a teardown where moto does not (design.md §4), installed on a
 * {@link FaultInjector} so that a teardown passing on moto says something about AWS:
 *
 * <ul>
 * <li><b>Lingering holders.</b> When a DeleteNatGateway, DeleteLoadBalancer, DeleteDBInstance
 *     or DeleteReplicationGroup succeeds at time t (the injector's clock, virtual in tests),
 *     the deletions its network interfaces and addresses hold fail with AWS's own codes until
 *     t plus its linger time: the NAT gateway holds the subnets (DependencyViolation), its
 *     Elastic IP (InvalidIPAddress.InUse, then AuthFailure just after it is freed) and the IGW
 *     detach (DependencyViolation, "mapped public address(es)"); a load balancer the subnets,
 *     the security groups and the detach; a database or cache its subnet group
 *     (InvalidDBSubnetGroupStateFault, CacheSubnetGroupInUse), the security groups and subnets.
 *     Moto drops deleted resources at once, so these windows stand for the time AWS takes
 *     (shortened: a database takes ~7 min on AWS; what matters is that each outlasts many
 *     retries), and they hold every resource of the kind, not only the deleted one's.</li>
 * <li><b>Dependencies moto does not enforce.</b> DeleteSubnet and DeleteVpc fail with
 *     DependencyViolation while an instance that is not terminated is in them, and
 *     DeleteSecurityGroup while such an instance uses the group or a rule of another group
 *     refers to it: asked of moto when each attempt arrives, so terminating the instance or
 *     revoking the rule lets the next attempt through.</li>
 * </ul>
 * Close it to close the session it reads moto with (its rules stay on the injector, and a rule
 * asked after that opens a new one: {@link TestCli} closes it after every run).
 */
public final class AwsTeardownBehaviour implements AutoCloseable {

    public static final Duration NAT_GATEWAY = Duration.ofSeconds(90);
    /** Of the NAT gateway's window, how long its address is still associated; then AuthFailure until the end. */
    public static final Duration ADDRESS_IN_USE = Duration.ofSeconds(60);
    public static final Duration LOAD_BALANCER = Duration.ofMinutes(2);
    public static final Duration DATABASE = Duration.ofMinutes(2);
    public static final Duration CACHE = Duration.ofMinutes(3);

    static final String SUBNET_IN_USE = "The subnet has dependencies and cannot be deleted.";
    static final String GROUP_IN_USE = "resource has a dependent object";
    static final String MAPPED = "Network vpc has some mapped public address(es). Please unmap those public"
            + " address(es) before detaching the gateway.";
    private static final List<String> LIVE_INSTANCE_STATES = List.of("pending", "running", "shutting-down", "stopping",
            "stopped");

    private final FaultInjector faults;
    /** Null when the {@link AwsBehaviour} layer on the injector already enforces the dependencies. */
    private final java.net.URI server;
    private AwsSession moto;
    private int opened;

    private AwsTeardownBehaviour(FaultInjector faults, java.net.URI server) {
        this.faults = faults;
        this.server = server;
    }

    /** The session the rules read moto with, opened when a rule first asks. */
    private synchronized Ec2Client ec2() {
        if (moto == null) {
            moto = MotoExtension.session(server, new RecordingInterceptor(), new FaultInjector());
            opened++;
        }
        return moto.ec2();
    }

    /** Both behaviours, on the injector's calls; {@code clock} is the run's (the injector is set to it). */
    public static AwsTeardownBehaviour install(FaultInjector faults, Clock clock, MotoServer server) {
        AwsTeardownBehaviour b = enforceDependencies(faults, clock, server);
        b.lingerAfterDeletes();
        return b;
    }

    /**
     * Only the dependencies moto does not enforce: no lingering, so a run's own errors stand out.
     * The {@link AwsBehaviour} layer (on by default) already includes them; then this only sets the clock.
     */
    public static AwsTeardownBehaviour enforceDependencies(FaultInjector faults, Clock clock, MotoServer server) {
        faults.clock(clock::nowMillis);
        return AwsBehaviour.isOn(faults) ? new AwsTeardownBehaviour(faults, null) : refusing(faults, server.endpoint());
    }

    /** The dependency rules on the injector's own clock; for {@link AwsBehaviour}. */
    static AwsTeardownBehaviour refusing(FaultInjector faults, java.net.URI server) {
        // Its own session, outside the injector: the rules ask moto while an attempt waits.
        AwsTeardownBehaviour b = new AwsTeardownBehaviour(faults, server);
        b.refuseWhileInUse();
        faults.rules().forEach(FaultInjector.Rule::standing);
        return b;
    }

    private void refuseWhileInUse() {
        faults.on("ec2:DeleteSubnet").when(body -> hasLiveInstances(ec2(), "subnet-id", FaultInjector.param(body, "SubnetId")))
                .error("DependencyViolation", 400, SUBNET_IN_USE);
        faults.on("ec2:DeleteVpc").when(body -> hasLiveInstances(ec2(), "vpc-id", FaultInjector.param(body, "VpcId")))
                .error("DependencyViolation", 400, "The vpc has dependencies and cannot be deleted.");
        faults.on("ec2:DeleteSecurityGroup").when(body -> groupInUse(ec2(), FaultInjector.param(body, "GroupId")))
                .error("DependencyViolation", 400, GROUP_IN_USE);
    }

    private void lingerAfterDeletes() {
        faults.afterSuccess("ec2:DeleteNatGateway", r -> {
            long t = faults.now();
            refuse(t, NAT_GATEWAY, "ec2:DeleteSubnet", "DependencyViolation", SUBNET_IN_USE);
            refuse(t, NAT_GATEWAY, "ec2:DetachInternetGateway", "DependencyViolation", MAPPED);
            refuse(t, ADDRESS_IN_USE, "ec2:ReleaseAddress", "InvalidIPAddress.InUse", "Address is in use.");
            faults.on("ec2:ReleaseAddress").between(t + ADDRESS_IN_USE.toMillis(), t + NAT_GATEWAY.toMillis())
                    .error("AuthFailure", 400, "You do not have permission to access the specified resource.");
        });
        faults.afterSuccess("elasticloadbalancingv2:DeleteLoadBalancer", r -> {
            long t = faults.now();
            refuse(t, LOAD_BALANCER, "ec2:DeleteSubnet", "DependencyViolation", SUBNET_IN_USE);
            refuse(t, LOAD_BALANCER, "ec2:DeleteSecurityGroup", "DependencyViolation", GROUP_IN_USE);
            refuse(t, LOAD_BALANCER, "ec2:DetachInternetGateway", "DependencyViolation", MAPPED);
        });
        holdsItsSubnetGroup("rds:DeleteDBInstance", DATABASE, "rds:DeleteDBSubnetGroup", "InvalidDBSubnetGroupStateFault",
                "Cannot delete the subnet group because at least one database instance is still using it.");
        holdsItsSubnetGroup("elasticache:DeleteReplicationGroup", CACHE, "elasticache:DeleteCacheSubnetGroup",
                "CacheSubnetGroupInUse", "Cache subnet group is currently in use by a cache cluster.");
    }

    /** A deleting database or cache: its subnet group, the security groups and the subnets. */
    private void holdsItsSubnetGroup(String delete, Duration window, String deleteSubnetGroup, String code, String message) {
        faults.afterSuccess(delete, r -> {
            long t = faults.now();
            refuse(t, window, deleteSubnetGroup, code, message);
            refuse(t, window, "ec2:DeleteSecurityGroup", "DependencyViolation", GROUP_IN_USE);
            refuse(t, window, "ec2:DeleteSubnet", "DependencyViolation", SUBNET_IN_USE);
        });
    }

    /** The window is set before the error, so the rule never fires unbounded while it is being built. */
    private void refuse(long from, Duration window, String operation, String code, String message) {
        faults.on(operation).between(from, from + window.toMillis()).error(code, 400, message);
    }

    private static boolean hasLiveInstances(Ec2Client ec2, String filter, String id) {
        return id != null && ec2.describeInstancesPaginator(r -> r.filters(
                        Filter.builder().name(filter).values(id).build(),
                        Filter.builder().name("instance-state-name").values(LIVE_INSTANCE_STATES).build()))
                .reservations().stream().anyMatch(res -> !res.instances().isEmpty());
    }

    private static boolean groupInUse(Ec2Client ec2, String groupId) {
        if (groupId == null) {
            return false;
        }
        if (hasLiveInstances(ec2, "instance.group-id", groupId)) {
            return true;
        }
        Predicate<String> other = id -> !id.equals(groupId); // a group may refer to itself
        for (String f : List.of("ip-permission.group-id", "egress.ip-permission.group-id")) {
            if (ec2.describeSecurityGroups(r -> r.filters(Filter.builder().name(f).values(groupId).build()))
                    .securityGroups().stream().anyMatch(g -> other.test(g.groupId()))) {
                return true;
            }
        }
        return false;
    }

    @Override
    public synchronized void close() {
        if (moto != null) {
            moto.close();
            moto = null;
        }
    }

    synchronized int sessionsOpened() {
        return opened;
    }

    /** Whether its session is open now (a test checks that a run closed it). */
    synchronized boolean sessionOpen() {
        return moto != null;
    }
}
