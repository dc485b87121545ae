package dev.hackathon.infra.testing;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;

import software.amazon.awssdk.services.ec2.model.DescribeInstancesResponse;
import software.amazon.awssdk.services.ec2.model.DescribeNatGatewaysResponse;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.NatGateway;
import software.amazon.awssdk.services.ec2.model.NatGatewayAddress;
import software.amazon.awssdk.services.ec2.model.Reservation;
import software.amazon.awssdk.services.ec2.model.TerminateInstancesRequest;
import software.amazon.awssdk.services.rds.model.DBInstance;
import software.amazon.awssdk.services.rds.model.DeleteDbInstanceRequest;
import software.amazon.awssdk.services.rds.model.DescribeDbInstancesRequest;
import software.amazon.awssdk.services.rds.model.DescribeDbInstancesResponse;

/**
 * Deletes that take minutes on AWS and none on moto (design.md §4): moto drops a deleted
 * database at once, and shows a deleted NAT gateway "deleted" and a terminated instance
 * "terminated" at once. Here, after DeleteDBInstance, DeleteNatGateway or TerminateInstances
 * succeeds, the resource stays listed by the tool's Describe calls in the state AWS shows
 * meanwhile, for its next {@link #SIGHTINGS} listings: the database {@code deleting} (under its
 * identifier, which a new CreateDBInstance cannot take: DBInstanceAlreadyExists), the NAT gateway
 * {@code deleting} (its Elastic IP still associated: a new CreateNatGateway with it answers
 * Resource.AlreadyAssociated), the instance {@code shutting-down}. The cache's deleting state is
 * {@link CacheStates}'s.
 *
 * <p>Per moto server, as AWS's state is per account: the run after a killed {@code down} meets
 * what the dead run began. Counted in listings, not time: the next run's clock may start past
 * the dead run's lock expiry, and a window in time would be over before it looked. Recorded when
 * the answer arrives (not after the call), so a process that dies right after its delete call
 * (CrashAfter) still leaves the resource deleting.
 */
final class DeletingStates {

    static final int SIGHTINGS = 4;

    /** Per moto server: id → listings left in which it shows as being deleted. */
    private static final Map<URI, Map<String, int[]>> SERVERS = new ConcurrentHashMap<>();
    /** Per moto server: the databases as last listed, to list one moto has dropped. */
    private static final Map<URI, Map<String, DBInstance>> LAST_SEEN = new ConcurrentHashMap<>();
    /** Per moto server: Elastic IP allocations a deleting NAT gateway still holds. */
    private static final Map<URI, Map<String, String>> HELD_ADDRESSES = new ConcurrentHashMap<>();

    private final Map<String, int[]> leaving;
    private final Map<String, DBInstance> lastSeen;
    private final Map<String, String> heldAddresses;
    private final BooleanSupplier byTool;

    private DeletingStates(URI server, BooleanSupplier byTool) {
        this.leaving = SERVERS.computeIfAbsent(server, s -> new ConcurrentHashMap<>());
        this.lastSeen = LAST_SEEN.computeIfAbsent(server, s -> new ConcurrentHashMap<>());
        this.heldAddresses = HELD_ADDRESSES.computeIfAbsent(server, s -> new ConcurrentHashMap<>());
        this.byTool = byTool;
    }

    /** Forgets every resource's state (moto was reset). */
    static void forget(URI server) {
        SERVERS.remove(server);
        LAST_SEEN.remove(server);
        HELD_ADDRESSES.remove(server);
    }

    static void install(AwsBehaviour.Lags lags, URI server) {
        FaultInjector faults = lags.faults();
        DeletingStates d = new DeletingStates(server, lags.byTool());
        faults.rewriteAnswer("rds:DeleteDBInstance", (q, a) -> {
            d.begin(((DeleteDbInstanceRequest) q).dbInstanceIdentifier());
            return a;
        });
        faults.rewriteAnswer("ec2:DeleteNatGateway", (q, a) -> {
            d.begin(((software.amazon.awssdk.services.ec2.model.DeleteNatGatewayRequest) q).natGatewayId());
            return a;
        });
        faults.rewriteAnswer("ec2:TerminateInstances", (q, a) -> {
            ((TerminateInstancesRequest) q).instanceIds().forEach(d::begin);
            return a;
        });
        faults.rewriteAnswer("rds:DescribeDBInstances", (q, a) -> d.databases((DescribeDbInstancesRequest) q,
                (DescribeDbInstancesResponse) a));
        faults.rewriteAnswer("ec2:DescribeNatGateways", (q, a) -> d.natGateways((DescribeNatGatewaysResponse) a));
        faults.rewriteAnswer("ec2:DescribeInstances", (q, a) -> d.instances((DescribeInstancesResponse) a));
        faults.on("rds:CreateDBInstance").standing().routeIf(q -> d.byTool.getAsBoolean())
                .when(body -> d.isLeaving(FaultInjector.param(body, "DBInstanceIdentifier")))
                .error("DBInstanceAlreadyExists", 400, "DB instance already exists");
        faults.on("ec2:CreateNatGateway").standing().routeIf(q -> d.byTool.getAsBoolean())
                .when(body -> d.heldAddress(FaultInjector.param(body, "AllocationId")))
                .error("Resource.AlreadyAssociated", 400, "Elastic IP address is already associated");
    }

    private void begin(String id) {
        if (id != null) {
            leaving.put(id, new int[] {SIGHTINGS});
        }
    }

    private boolean isLeaving(String id) {
        return id != null && leaving.containsKey(id);
    }

    private boolean heldAddress(String allocationId) {
        return allocationId != null && heldAddresses.entrySet().stream()
                .anyMatch(e -> e.getValue().equals(allocationId) && leaving.containsKey(e.getKey()));
    }

    /** One sighting of a leaving id: true while it still shows as being deleted. */
    private synchronized boolean sighted(String id) {
        int[] left = leaving.get(id);
        if (left == null) {
            return false;
        }
        if (--left[0] < 0) {
            leaving.remove(id);
            heldAddresses.remove(id);
            return false;
        }
        return true;
    }

    private DescribeDbInstancesResponse databases(DescribeDbInstancesRequest q, DescribeDbInstancesResponse a) {
        a.dbInstances().forEach(db -> lastSeen.put(db.dbInstanceIdentifier(), db));
        if (!byTool.getAsBoolean() || a.marker() != null) {
            return a; // the test's own look is moto's; a leaving one is added to the last page
        }
        List<DBInstance> out = new ArrayList<>(a.dbInstances());
        Set<String> listed = new java.util.HashSet<>();
        out.forEach(db -> listed.add(db.dbInstanceIdentifier()));
        for (String id : List.copyOf(leaving.keySet())) {
            DBInstance db = lastSeen.get(id);
            if (db == null || listed.contains(id)
                    || (q.dbInstanceIdentifier() != null && !q.dbInstanceIdentifier().equals(id))) {
                continue;
            }
            if (sighted(id)) {
                out.add(db.toBuilder().dbInstanceStatus("deleting").build());
            } else {
                lastSeen.remove(id);
            }
        }
        return a.toBuilder().dbInstances(out).build();
    }

    private DescribeNatGatewaysResponse natGateways(DescribeNatGatewaysResponse a) {
        if (!byTool.getAsBoolean()) {
            return a;
        }
        List<NatGateway> out = new ArrayList<>();
        for (NatGateway n : a.natGateways()) {
            if ("deleted".equals(n.stateAsString()) && leaving.containsKey(n.natGatewayId())) {
                String id = n.natGatewayId();
                n.natGatewayAddresses().stream().map(NatGatewayAddress::allocationId).filter(x -> x != null)
                        .findFirst().ifPresent(alloc -> heldAddresses.put(id, alloc));
                if (sighted(n.natGatewayId())) {
                    n = n.toBuilder().state("deleting").build();
                }
            }
            out.add(n);
        }
        return a.toBuilder().natGateways(out).build();
    }

    private DescribeInstancesResponse instances(DescribeInstancesResponse a) {
        if (!byTool.getAsBoolean()) {
            return a;
        }
        List<Reservation> out = new ArrayList<>();
        for (Reservation r : a.reservations()) {
            List<Instance> instances = new ArrayList<>();
            for (Instance i : r.instances()) {
                if ("terminated".equals(i.state().nameAsString()) && leaving.containsKey(i.instanceId())
                        && sighted(i.instanceId())) {
                    i = i.toBuilder().state(s -> s.name("shutting-down").code(32)).build();
                }
                instances.add(i);
            }
            out.add(r.toBuilder().instances(instances).build());
        }
        return a.toBuilder().reservations(out).build();
    }
}
