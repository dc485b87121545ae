package dev.hackathon.infra.resources.network;

import static dev.hackathon.infra.aws.AwsErrors.ignoringNotFound;
import static dev.hackathon.infra.resources.TagDrift.tagDiff;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

import dev.hackathon.infra.aws.AwsErrors;
import dev.hackathon.infra.engine.Change;
import dev.hackathon.infra.engine.Context;
import dev.hackathon.infra.engine.Discovery;
import dev.hackathon.infra.engine.Observed;
import dev.hackathon.infra.resources.Ownership;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.Route;
import software.amazon.awssdk.services.ec2.model.RouteTable;
import software.amazon.awssdk.services.ec2.model.RouteTableAssociation;

/**
 * A route table with its subnet associations and its one default route: public tables
 * send 0.0.0.0/0 to the internet gateway, app tables to the NAT gateway, data tables
 * nowhere (no default route at all).
 */
public final class RouteTables extends Ec2Kind<RouteTables.Spec> {

    static final String DEFAULT_ROUTE = "0.0.0.0/0";

    /** {@code defaultRouteKey}: key of the IGW or NAT gateway; null for no default route. */
    public record Spec(String vpcKey, List<String> subnetKeys, String defaultRouteKey) {
    }

    public RouteTables(Ec2Client ec2, Ownership owner) {
        super(ec2, owner);
    }

    @Override
    public String name() {
        return "rt";
    }

    @Override
    public String label() {
        return "route table";
    }

    @Override
    public Set<String> dependsOnKinds() {
        return Set.of("vpc", "subnet", "igw", "nat");
    }

    @Override
    public List<Observed> discover(Discovery discovery) {
        List<Observed> out = new ArrayList<>();
        ec2.describeRouteTablesPaginator(r -> r.filters(stackFilter())).routeTables()
                .forEach(t -> out.add(observed(t.routeTableId(), "available", t.tags(), t).referring(references(t))));
        return out;
    }

    /**
     * The table alone; its default route and its subnets are the update that follows. The token
     * (with the VPC: a new VPC after a teardown must not get the old table back) makes a retried
     * call return the first table on AWS.
     */
    @Override
    public Observed create(String key, Spec spec, Context ctx) {
        String vpc = ctx.id(spec.vpcKey());
        RouteTable t = ec2.createRouteTable(r -> r.vpcId(vpc).clientToken(owner.clientToken(key, vpc))
                .tagSpecifications(tagSpec(ResourceType.ROUTE_TABLE, key, ctx))).routeTable();
        return observed(t.routeTableId(), "available", madeWith(t.tags(), key, ctx), t).referring(references(t));
    }

    @Override
    public List<Change> diff(String key, Spec spec, Observed actual, Context ctx) {
        RouteTable t = actual.raw(RouteTable.class);
        List<Change> out = new ArrayList<>();
        String wantTarget = spec.defaultRouteKey() == null ? null : ctx.idOrUnknown(spec.defaultRouteKey());
        String haveTarget = defaultRouteTarget(t);
        if (!Objects.equals(wantTarget, haveTarget)) {
            out.add(new Change("route " + DEFAULT_ROUTE, none(haveTarget), none(wantTarget)));
        }
        Set<String> want = new TreeSet<>();
        spec.subnetKeys().forEach(k -> want.add(ctx.idOrUnknown(k)));
        Set<String> have = associatedSubnets(t);
        if (!want.equals(have)) {
            out.add(new Change("associations", have, want));
        }
        out.addAll(tagDiff(key, actual, ctx));
        return out;
    }

    @Override
    public Observed update(String key, Spec spec, Observed actual, List<Change> changes, Context ctx) {
        RouteTable t = actual.raw(RouteTable.class);
        String id = actual.id();
        String want = spec.defaultRouteKey() == null ? null : ctx.id(spec.defaultRouteKey());
        String have = defaultRouteTarget(t);
        if (!Objects.equals(want, have)) {
            if (want == null) {
                ec2.deleteRoute(r -> r.routeTableId(id).destinationCidrBlock(DEFAULT_ROUTE));
            } else if (have == null) {
                createDefaultRoute(id, want);
            } else if (want.startsWith("nat-")) {
                ec2.replaceRoute(r -> r.routeTableId(id).destinationCidrBlock(DEFAULT_ROUTE).natGatewayId(want));
            } else {
                ec2.replaceRoute(r -> r.routeTableId(id).destinationCidrBlock(DEFAULT_ROUTE).gatewayId(want));
            }
        }
        Set<String> wantSubnets = new TreeSet<>();
        spec.subnetKeys().forEach(k -> wantSubnets.add(ctx.id(k)));
        for (RouteTableAssociation a : t.associations()) {
            if (!Boolean.TRUE.equals(a.main()) && a.subnetId() != null && !wantSubnets.contains(a.subnetId())) {
                ignoringNotFound(() -> ec2.disassociateRouteTable(r -> r.associationId(a.routeTableAssociationId())));
            }
        }
        Set<String> haveSubnets = associatedSubnets(t);
        for (String subnet : wantSubnets) {
            if (!haveSubnets.contains(subnet)) {
                associate(id, subnet);
            }
        }
        repairTags(id, key, changes, ctx);
        return actual;
    }

    /** The subnets associated with it, and its routes' gateways. */
    private static Set<String> references(RouteTable t) {
        Set<String> out = new java.util.HashSet<>();
        t.associations().forEach(a -> {
            if (a.subnetId() != null) {
                out.add(a.subnetId());
            }
        });
        t.routes().forEach(r -> {
            if (r.gatewayId() != null) {
                out.add(r.gatewayId());
            }
            if (r.natGatewayId() != null) {
                out.add(r.natGatewayId());
            }
        });
        return out;
    }

    @Override
    public void delete(Observed actual, Context ctx) {
        for (RouteTableAssociation a : actual.raw(RouteTable.class).associations()) {
            if (!Boolean.TRUE.equals(a.main())) {
                ignoringNotFound(() -> ec2.disassociateRouteTable(r -> r.associationId(a.routeTableAssociationId())));
            }
        }
        ignoringNotFound(() -> ec2.deleteRouteTable(r -> r.routeTableId(actual.id())));
    }

    /**
     * Associates the subnet with the table. A subnet has one table: if it sits in another (moved
     * by hand, or the table of an earlier, interrupted run), AssociateRouteTable answers
     * Resource.AlreadyAssociated and the association is moved with ReplaceRouteTableAssociation.
     */
    private void associate(String tableId, String subnetId) {
        try {
            ec2.associateRouteTable(r -> r.routeTableId(tableId).subnetId(subnetId));
        } catch (RuntimeException e) {
            if (!AwsErrors.hasCode(e, "Resource.AlreadyAssociated")) {
                throw e;
            }
            String association = ec2.describeRouteTables(r -> r.filters(Filter.builder().name("association.subnet-id")
                            .values(subnetId).build())).routeTables().stream()
                    .flatMap(t -> t.associations().stream())
                    .filter(a -> subnetId.equals(a.subnetId()))
                    .map(RouteTableAssociation::routeTableAssociationId).findFirst().orElseThrow(() -> e);
            ec2.replaceRouteTableAssociation(r -> r.associationId(association).routeTableId(tableId));
        }
    }

    private void createDefaultRoute(String tableId, String target) {
        if (target.startsWith("nat-")) {
            ec2.createRoute(r -> r.routeTableId(tableId).destinationCidrBlock(DEFAULT_ROUTE).natGatewayId(target));
        } else {
            ec2.createRoute(r -> r.routeTableId(tableId).destinationCidrBlock(DEFAULT_ROUTE).gatewayId(target));
        }
    }

    private static String defaultRouteTarget(RouteTable t) {
        for (Route r : t.routes()) {
            if (DEFAULT_ROUTE.equals(r.destinationCidrBlock())) {
                return r.natGatewayId() != null ? r.natGatewayId() : r.gatewayId();
            }
        }
        return null;
    }

    private static Set<String> associatedSubnets(RouteTable t) {
        Set<String> out = new TreeSet<>();
        t.associations().stream().filter(a -> a.subnetId() != null).forEach(a -> out.add(a.subnetId()));
        return out;
    }

    private static String none(String s) {
        return s == null ? "(none)" : s;
    }
}
