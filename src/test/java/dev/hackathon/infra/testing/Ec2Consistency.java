package dev.hackathon.infra.testing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import software.amazon.awssdk.core.SdkResponse;
import software.amazon.awssdk.services.ec2.model.AllocateAddressResponse;
import software.amazon.awssdk.services.ec2.model.CreateInternetGatewayResponse;
import software.amazon.awssdk.services.ec2.model.CreateNatGatewayResponse;
import software.amazon.awssdk.services.ec2.model.CreateRouteTableResponse;
import software.amazon.awssdk.services.ec2.model.CreateSecurityGroupResponse;
import software.amazon.awssdk.services.ec2.model.CreateSubnetResponse;
import software.amazon.awssdk.services.ec2.model.CreateVpcResponse;
import software.amazon.awssdk.services.ec2.model.DescribeAddressesResponse;
import software.amazon.awssdk.services.ec2.model.DescribeInstancesResponse;
import software.amazon.awssdk.services.ec2.model.DescribeInternetGatewaysResponse;
import software.amazon.awssdk.services.ec2.model.DescribeNatGatewaysResponse;
import software.amazon.awssdk.services.ec2.model.DescribeRouteTablesResponse;
import software.amazon.awssdk.services.ec2.model.DescribeSecurityGroupsResponse;
import software.amazon.awssdk.services.ec2.model.DescribeSubnetsResponse;
import software.amazon.awssdk.services.ec2.model.DescribeVpcsResponse;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.Reservation;
import software.amazon.awssdk.services.ec2.model.RunInstancesResponse;

/**
 * EC2's eventual consistency (AWS's "Eventual consistency in the Amazon EC2 API" page; design.md
 * §4), which moto lacks: for a while after a create, the new id is not known everywhere.
 *
 * <ul>
 * <li><b>Calls naming a new id.</b> The first {@link #REFUSED_CALLS} attempts of any EC2 call
 *     (ModifyVpcAttribute, AttachInternetGateway, AuthorizeSecurityGroupIngress, CreateRoute,
 *     AssociateRouteTable, CreateSubnet in the new VPC, CreateTags, RunInstances in the new
 *     subnet, Describe by id, ...) that names an id made by CreateVpc, CreateSubnet,
 *     CreateSecurityGroup, CreateInternetGateway, CreateRouteTable, AllocateAddress,
 *     CreateNatGateway or RunInstances within the last {@link #WINDOW} answer the id's own
 *     NotFound code ({@code InvalidVpcID.NotFound}, {@code InvalidGroup.NotFound}, ...), and
 *     are not executed. Deletes are left alone (a NotFound there reads as "already gone"; the
 *     teardown behaviour models what deletes meet). Counted in calls as well as time, so a
 *     test whose engine clock is virtual while the injector's is the wall clock still sees
 *     the window end once the tool has retried. A Describe answer that lists the id ends it
 *     too (the id is known by then).</li>
 * <li><b>Tag-filtered listings lag.</b> A resource whose create answer was lost (the call ran,
 *     the answer never came back: {@link FaultInjector.Kind#LOST_RESPONSE}) is missing from the
 *     first {@link #UNLISTED_LISTINGS} tag-filtered Describe answers of its kind within the
 *     window: the engine's lookup before a second create must keep looking for a while
 *     before it concludes the first one never ran.</li>
 * </ul>
 */
final class Ec2Consistency {

    /** How long a new id may be unknown; the refusals also stop after {@link #REFUSED_CALLS}. */
    static final Duration WINDOW = Duration.ofSeconds(20);
    static final int REFUSED_CALLS = 2;
    static final int UNLISTED_LISTINGS = 2;

    /** NotFound code by id prefix, as EC2 answers when a call names an id it does not know (yet). */
    static final Map<String, String> NOT_FOUND = Map.of(
            "vpc-", "InvalidVpcID.NotFound",
            "subnet-", "InvalidSubnetID.NotFound",
            "sg-", "InvalidGroup.NotFound",
            "igw-", "InvalidInternetGatewayID.NotFound",
            "rtb-", "InvalidRouteTableID.NotFound",
            "eipalloc-", "InvalidAllocationID.NotFound",
            "nat-", "NatGatewayNotFound",
            "i-", "InvalidInstanceID.NotFound");

    private static final Set<String> LEFT_ALONE = Set.of("Delete", "Terminate", "Release", "Detach", "Disassociate");
    /** The element of a create's answer that carries the id it made (an answer names others too: a subnet its VPC). */
    private static final Map<String, Pattern> CREATED_ID = Map.of(
            "CreateVpc", created("vpcId"), "CreateSubnet", created("subnetId"),
            "CreateSecurityGroup", created("groupId"), "CreateInternetGateway", created("internetGatewayId"),
            "CreateRouteTable", created("routeTableId"), "AllocateAddress", created("allocationId"),
            "CreateNatGateway", created("natGatewayId"), "RunInstances", created("instanceId"));

    private static Pattern created(String element) {
        return Pattern.compile("<" + element + ">([a-z]+-[0-9a-f]+)</" + element + ">");
    }

    private final FaultInjector faults;
    private final LongSupplier now;
    private final java.util.function.BooleanSupplier byTool;
    /** The refusal rule of each id still lagging. */
    private final Map<String, FaultInjector.Rule> lagging = new ConcurrentHashMap<>();
    /** Ids of lost creates not yet listed, with the listings they still miss. */
    private final Map<String, Unlisted> unlisted = new ConcurrentHashMap<>();

    private record Unlisted(long since, int[] remaining) {
    }

    private Ec2Consistency(AwsBehaviour.Lags lags) {
        this.faults = lags.faults();
        this.now = lags.now();
        this.byTool = lags.byTool();
    }

    static void install(AwsBehaviour.Lags lags) {
        FaultInjector faults = lags.faults();
        LongSupplier now = lags.now();
        Ec2Consistency c = new Ec2Consistency(lags);
        c.learn("ec2:CreateVpc", a -> List.of(((CreateVpcResponse) a).vpc().vpcId()));
        c.learn("ec2:CreateSubnet", a -> List.of(((CreateSubnetResponse) a).subnet().subnetId()));
        c.learn("ec2:CreateSecurityGroup", a -> List.of(((CreateSecurityGroupResponse) a).groupId()));
        c.learn("ec2:CreateInternetGateway", a -> List.of(((CreateInternetGatewayResponse) a).internetGateway().internetGatewayId()));
        c.learn("ec2:CreateRouteTable", a -> List.of(((CreateRouteTableResponse) a).routeTable().routeTableId()));
        c.learn("ec2:AllocateAddress", a -> List.of(((AllocateAddressResponse) a).allocationId()));
        c.learn("ec2:CreateNatGateway", a -> List.of(((CreateNatGatewayResponse) a).natGateway().natGatewayId()));
        c.learn("ec2:RunInstances", a -> ((RunInstancesResponse) a).instances().stream().map(Instance::instanceId).toList());
        faults.onInjected(i -> {
            Pattern id = CREATED_ID.get(i.operation());
            if (i.kind() == FaultInjector.Kind.LOST_RESPONSE && i.service().equals("ec2") && id != null
                    && i.serverResponse() != null) {
                Matcher m = id.matcher(i.serverResponse());
                // RunInstances: every instance; any other create: the first, its own (a VPC's CIDR association comes later)
                while (m.find()) {
                    c.unlisted.put(m.group(1), new Unlisted(now.getAsLong(), new int[] {UNLISTED_LISTINGS}));
                }
            }
        });
        c.hideUnlisted();
        // Once the tool has been answered about an id (a Describe that lists it), it is known.
        faults.afterAnswer("ec2:Describe*", (request, answer) -> {
            if (!c.lagging.isEmpty() && c.byTool.getAsBoolean()) {
                String text = answer.toString();
                c.lagging.entrySet().removeIf(e -> {
                    boolean seen = text.contains(e.getKey());
                    if (seen) {
                        e.getValue().remove();
                    }
                    return seen;
                });
            }
        });
    }

    private void learn(String create, Function<SdkResponse, List<String>> ids) {
        faults.afterAnswer(create, (request, answer) -> {
            if (byTool.getAsBoolean()) {
                ids.apply(answer).forEach(this::lag);
            }
        });
    }

    /** From now on, the first calls naming {@code id} are refused with its NotFound code. */
    private void lag(String id) {
        String code = NOT_FOUND.entrySet().stream().filter(e -> id.startsWith(e.getKey())).map(Map.Entry::getValue)
                .findFirst().orElseThrow();
        long t = now.getAsLong();
        lagging.put(id, faults.on("ec2:*").standing()
                .routeIf(request -> byTool.getAsBoolean() && request.toString().contains(id))
                .when(body -> names(body, id))
                .times(REFUSED_CALLS)
                .between(t, t + WINDOW.toMillis())
                .error(code, 400, "The ID '" + id + "' does not exist"));
    }

    /** Whether a query-protocol body names the id in a parameter (not in a filter, which only narrows a listing). */
    static boolean names(String body, String id) {
        String action = FaultInjector.param(body, "Action");
        if (action == null || LEFT_ALONE.stream().anyMatch(action::startsWith)) {
            return false;
        }
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0 && !pair.startsWith("Filter.")
                    && java.net.URLDecoder.decode(pair.substring(eq + 1), java.nio.charset.StandardCharsets.UTF_8).equals(id)) {
                return true;
            }
        }
        return false;
    }

    /** Drops lost-and-not-yet-listed resources from tag-filtered listings of their kind. */
    private void hideUnlisted() {
        faults.rewriteAnswer("ec2:DescribeVpcs", (q, a) -> tagFiltered(q) ? ((DescribeVpcsResponse) a).toBuilder()
                .vpcs(keep(((DescribeVpcsResponse) a).vpcs(), v -> v.vpcId())).build() : a);
        faults.rewriteAnswer("ec2:DescribeSubnets", (q, a) -> tagFiltered(q) ? ((DescribeSubnetsResponse) a).toBuilder()
                .subnets(keep(((DescribeSubnetsResponse) a).subnets(), v -> v.subnetId())).build() : a);
        faults.rewriteAnswer("ec2:DescribeSecurityGroups", (q, a) -> tagFiltered(q) ? ((DescribeSecurityGroupsResponse) a)
                .toBuilder().securityGroups(keep(((DescribeSecurityGroupsResponse) a).securityGroups(), v -> v.groupId()))
                .build() : a);
        faults.rewriteAnswer("ec2:DescribeInternetGateways", (q, a) -> tagFiltered(q) ? ((DescribeInternetGatewaysResponse) a)
                .toBuilder().internetGateways(keep(((DescribeInternetGatewaysResponse) a).internetGateways(),
                        v -> v.internetGatewayId())).build() : a);
        faults.rewriteAnswer("ec2:DescribeRouteTables", (q, a) -> tagFiltered(q) ? ((DescribeRouteTablesResponse) a)
                .toBuilder().routeTables(keep(((DescribeRouteTablesResponse) a).routeTables(), v -> v.routeTableId()))
                .build() : a);
        faults.rewriteAnswer("ec2:DescribeAddresses", (q, a) -> tagFiltered(q) ? ((DescribeAddressesResponse) a).toBuilder()
                .addresses(keep(((DescribeAddressesResponse) a).addresses(), v -> v.allocationId())).build() : a);
        faults.rewriteAnswer("ec2:DescribeNatGateways", (q, a) -> tagFiltered(q) ? ((DescribeNatGatewaysResponse) a)
                .toBuilder().natGateways(keep(((DescribeNatGatewaysResponse) a).natGateways(), v -> v.natGatewayId()))
                .build() : a);
        faults.rewriteAnswer("ec2:DescribeInstances", (q, a) -> {
            if (!tagFiltered(q)) {
                return a;
            }
            List<Reservation> out = new ArrayList<>();
            for (Reservation r : ((DescribeInstancesResponse) a).reservations()) {
                List<Instance> kept = keep(r.instances(), Instance::instanceId);
                if (!kept.isEmpty()) {
                    out.add(r.toBuilder().instances(kept).build());
                }
            }
            return ((DescribeInstancesResponse) a).toBuilder().reservations(out).build();
        });
    }

    private boolean tagFiltered(Object request) {
        return byTool.getAsBoolean() && request.toString().contains("Name=tag:");
    }

    private <T> List<T> keep(List<T> listed, Function<T, String> id) {
        if (unlisted.isEmpty()) {
            return listed;
        }
        long t = now.getAsLong();
        List<T> out = new ArrayList<>();
        for (T item : listed) {
            Unlisted u = unlisted.get(id.apply(item));
            if (u != null && t < u.since() + WINDOW.toMillis() && u.remaining()[0]-- > 0) {
                continue;
            }
            if (u != null) {
                unlisted.remove(id.apply(item));
            }
            out.add(item);
        }
        return out;
    }

}
