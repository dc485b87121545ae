package dev.hackathon.infra.resources.network;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.hackathon.infra.aws.AwsErrors;
import dev.hackathon.infra.resources.DeletionHeldException;
import dev.hackathon.infra.resources.AwsErrorClassifier;
import dev.hackathon.infra.resources.Ownership;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.NatGateway;
import software.amazon.awssdk.services.ec2.model.NetworkInterface;
import software.amazon.awssdk.services.ec2.model.SecurityGroup;

/**
 * What holds a subnet, security group, VPC, internet gateway or address that AWS refuses to
 * delete: the network interfaces in it (and whose they are: an instance, a NAT gateway, a
 * load balancer's or database's AWS-managed interface), the groups whose rules refer to a
 * group, and what else sits in a VPC. Each holder says whether it is the stack's (by its
 * tags) and whether it stays: a holder that is not the stack's and is not on its way out
 * (a running instance someone put in the subnet) never goes by itself, since down never
 * deletes it, so waiting for it is pointless.
 *
 * <p>Interfaces without an owner that can be read (AWS-managed ones, bare ones) never count
 * as staying: on AWS they usually belong to something still deleting, and a wrong "stays"
 * would give up on a deletion that only needed time.
 */
public final class BlockerDiagnosis {

    /** One holder, as a person reads it: "EC2 instance i-0abc (running, not part of stack demo)". */
    public record Blocker(String description, boolean stays) {
        @Override
        public String toString() {
            return description;
        }
    }

    private static final Pattern NAT_ID = Pattern.compile("nat-[0-9a-f]+");
    private static final Set<String> LEAVING = Set.of("shutting-down", "terminated", "deleting", "deleted", "failed");

    static final int LOOK_EVERY = 6;

    private final Ec2Client ec2;
    private final Ownership owner;
    private final Map<String, Look> looks = new ConcurrentHashMap<>();

    public BlockerDiagnosis(Ec2Client ec2, Ownership owner) {
        this.ec2 = ec2;
        this.owner = owner;
    }

    /**
     * Runs the delete of one resource. A dependency error comes back as a
     * {@link DeletionHeldException} naming what holds the resource (retried while waiting
     * helps, failing at once when a foreign holder stays); any other error, or one whose
     * holders cannot be found, as it was.
     *
     * <p>The holders are looked up at the first refusal (a foreign one ends the wait at once)
     * and then at every {@value #LOOK_EVERY}th, about once a minute once the engine's backoff
     * reaches its cap; the refusals in between are reported with what the last look found.
     */
    public void deleting(String resourceId, Runnable delete, Supplier<List<Blocker>> holders) {
        try {
            delete.run();
            looks.remove(resourceId);
        } catch (RuntimeException e) {
            if (!AwsErrorClassifier.isHeld(e)) {
                throw e;
            }
            Look last = looks.get(resourceId);
            int refusals = last == null ? 1 : last.refusals() + 1;
            List<Blocker> found = last == null ? null : last.holders();
            if (last == null || refusals % LOOK_EVERY == 0) {
                try {
                    found = holders.get();
                } catch (RuntimeException diagnosisFailed) {
                    e.addSuppressed(diagnosisFailed);
                    found = List.of();
                }
            }
            looks.put(resourceId, new Look(refusals, found));
            if (found.isEmpty()) {
                throw e;
            }
            throw held(e, found);
        }
    }

    /** Refusals seen for one resource and what held it at the last look. */
    private record Look(int refusals, List<Blocker> holders) {
    }

    private DeletionHeldException held(RuntimeException awsError, List<Blocker> found) {
        List<String> all = found.stream().map(Blocker::description).toList();
        List<String> staying = found.stream().filter(Blocker::stays).map(Blocker::description).toList();
        if (!staying.isEmpty()) {
            return new DeletionHeldException("held by " + String.join(", ", staying) + ", which down never deletes ("
                    + AwsErrors.describe(awsError) + ")", all, false,
                    "remove it, or move it out of the stack's network, then run down again", awsError);
        }
        return new DeletionHeldException(AwsErrors.describe(awsError) + "; held by " + String.join(", ", all), all,
                true, null, awsError);
    }

    public List<Blocker> ofSubnet(String subnetId) {
        return ofInterfaces(filter("subnet-id", subnetId));
    }

    /** Interfaces (instances, load balancers, databases) using the group, and groups whose rules refer to it. */
    public List<Blocker> ofSecurityGroup(String groupId) {
        List<Blocker> out = ofInterfaces(filter("group-id", groupId));
        Map<String, SecurityGroup> referring = new HashMap<>();
        for (String f : List.of("ip-permission.group-id", "egress.ip-permission.group-id")) {
            ec2.describeSecurityGroupsPaginator(r -> r.filters(filter(f, groupId))).securityGroups()
                    .forEach(g -> referring.putIfAbsent(g.groupId(), g));
        }
        referring.remove(groupId); // a group may refer to itself; that does not hold it
        referring.values().forEach(g -> {
            boolean ours = owner.owns(Ec2Kind.tagMap(g.tags()));
            out.add(new Blocker("security group " + g.groupId() + " (" + g.groupName() + ", " + whose(ours)
                    + ") whose rules refer to it", !ours));
        });
        return out;
    }

    /** Interfaces in the VPC, and subnets, groups, route tables and gateways in it that are not the stack's. */
    public List<Blocker> ofVpc(String vpcId) {
        List<Blocker> out = ofInterfaces(filter("vpc-id", vpcId));
        Filter inVpc = filter("vpc-id", vpcId);
        ec2.describeSubnetsPaginator(r -> r.filters(inVpc)).subnets().stream()
                .filter(s -> !owner.owns(Ec2Kind.tagMap(s.tags())))
                .forEach(s -> out.add(foreign("subnet " + s.subnetId())));
        ec2.describeSecurityGroupsPaginator(r -> r.filters(inVpc)).securityGroups().stream()
                .filter(g -> !"default".equals(g.groupName()) && !owner.owns(Ec2Kind.tagMap(g.tags())))
                .forEach(g -> out.add(foreign("security group " + g.groupId() + " (" + g.groupName() + ")")));
        ec2.describeRouteTablesPaginator(r -> r.filters(inVpc)).routeTables().stream()
                .filter(t -> t.associations().stream().noneMatch(a -> Boolean.TRUE.equals(a.main()))
                        && !owner.owns(Ec2Kind.tagMap(t.tags())))
                .forEach(t -> out.add(foreign("route table " + t.routeTableId())));
        ec2.describeInternetGatewaysPaginator(r -> r.filters(filter("attachment.vpc-id", vpcId))).internetGateways()
                .stream().filter(g -> !owner.owns(Ec2Kind.tagMap(g.tags())))
                .forEach(g -> out.add(foreign("internet gateway " + g.internetGatewayId())));
        return out;
    }

    /** What keeps an internet gateway attached: interfaces in the VPC with a public address mapped. */
    public List<Blocker> ofMappedAddresses(String vpcId) {
        return describe(interfaces(filter("vpc-id", vpcId)).stream()
                .filter(n -> n.association() != null && n.association().publicIp() != null).toList());
    }

    /** The interface an Elastic IP is still associated with. */
    public List<Blocker> ofAddress(String allocationId) {
        List<String> enis = ec2.describeAddresses(r -> r.filters(filter("allocation-id", allocationId))).addresses()
                .stream().map(a -> a.networkInterfaceId()).filter(id -> id != null).toList();
        return enis.isEmpty() ? List.of() : ofInterfaces(filter("network-interface-id", enis.toArray(String[]::new)));
    }

    private List<Blocker> ofInterfaces(Filter filter) {
        return describe(interfaces(filter));
    }

    private List<NetworkInterface> interfaces(Filter filter) {
        return ec2.describeNetworkInterfacesPaginator(r -> r.filters(filter)).networkInterfaces().stream().toList();
    }

    /** One Describe each for the instances and NAT gateways behind the interfaces, whatever their number. */
    private List<Blocker> describe(List<NetworkInterface> enis) {
        List<String> instanceIds = enis.stream().filter(n -> n.attachment() != null && n.attachment().instanceId() != null)
                .map(n -> n.attachment().instanceId()).distinct().toList();
        Map<String, Instance> instances = new HashMap<>();
        if (!instanceIds.isEmpty()) {
            ec2.describeInstancesPaginator(r -> r.filters(filter("instance-id", instanceIds.toArray(String[]::new))))
                    .reservations().forEach(res -> res.instances().forEach(i -> instances.put(i.instanceId(), i)));
        }
        List<String> natIds = enis.stream().map(BlockerDiagnosis::natOf).filter(id -> id != null).distinct().toList();
        Map<String, NatGateway> nats = new HashMap<>();
        if (!natIds.isEmpty()) {
            ec2.describeNatGatewaysPaginator(r -> r.filter(filter("nat-gateway-id", natIds.toArray(String[]::new))))
                    .natGateways().forEach(n -> nats.put(n.natGatewayId(), n));
        }
        List<Blocker> out = new ArrayList<>();
        for (NetworkInterface n : enis) {
            Blocker b = blocker(n, instances, nats);
            if (out.stream().noneMatch(x -> x.description().equals(b.description()))) {
                out.add(b);
            }
        }
        return out;
    }

    private Blocker blocker(NetworkInterface n, Map<String, Instance> instances, Map<String, NatGateway> nats) {
        String instanceId = n.attachment() == null ? null : n.attachment().instanceId();
        if (instanceId != null) {
            Instance i = instances.get(instanceId);
            if (i == null) {
                return new Blocker("EC2 instance " + instanceId + " (gone)", false);
            }
            String state = i.state().nameAsString();
            boolean ours = owner.owns(Ec2Kind.tagMap(i.tags()));
            return new Blocker("EC2 instance " + instanceId + " (" + state + ", " + whose(ours) + ")",
                    !ours && !LEAVING.contains(state));
        }
        String natId = natOf(n);
        if (natId != null) {
            NatGateway nat = nats.get(natId);
            if (nat == null) {
                return new Blocker("NAT gateway " + natId + " (gone)", false);
            }
            boolean ours = owner.owns(Ec2Kind.tagMap(nat.tags()));
            return new Blocker("NAT gateway " + natId + " (" + nat.stateAsString() + ", " + whose(ours) + ")",
                    !ours && !LEAVING.contains(nat.stateAsString()));
        }
        String description = n.description() == null ? "" : n.description();
        if (description.startsWith("ELB ")) {
            // "ELB app/<name>/<id>": the tags are the load balancer's, out of EC2's reach; ours by our name prefix.
            String name = description.substring(4);
            String[] parts = name.split("/");
            boolean ours = parts.length > 1 && parts[1].startsWith(owner.stack() + "-");
            return new Blocker("load balancer " + name + " (interface " + n.networkInterfaceId() + ", "
                    + whose(ours) + " by name)", false);
        }
        if (description.equals("RDSNetworkInterface")) {
            return new Blocker("RDS database (AWS-managed interface " + n.networkInterfaceId() + ")", false);
        }
        if (Boolean.TRUE.equals(n.requesterManaged())) {
            return new Blocker("AWS-managed interface " + n.networkInterfaceId() + " (" + description
                    + (n.requesterId() == null ? "" : ", requester " + n.requesterId()) + ")", false);
        }
        boolean ours = owner.owns(Ec2Kind.tagMap(n.tagSet()));
        return new Blocker("network interface " + n.networkInterfaceId() + " ("
                + (description.isEmpty() ? n.interfaceTypeAsString() : description) + ", " + n.statusAsString() + ", "
                + whose(ours) + ")", false);
    }

    private static String natOf(NetworkInterface n) {
        if (n.description() == null || !n.description().contains("NAT Gateway")) {
            return null;
        }
        Matcher m = NAT_ID.matcher(n.description());
        return m.find() ? m.group() : null;
    }

    private Blocker foreign(String what) {
        return new Blocker(what + " (" + whose(false) + ")", true);
    }

    private String whose(boolean ours) {
        return ours ? "stack " + owner.stack() : "not part of stack " + owner.stack();
    }

    private static Filter filter(String name, String... values) {
        return Filter.builder().name(name).values(values).build();
    }
}
