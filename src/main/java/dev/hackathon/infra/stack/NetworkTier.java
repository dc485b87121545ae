package dev.hackathon.infra.stack;

import java.util.ArrayList;
import java.util.List;

import dev.hackathon.infra.config.StackConfig;
import dev.hackathon.infra.config.SubnetLayout;
import dev.hackathon.infra.config.SubnetLayout.Tier;
import dev.hackathon.infra.engine.Node;
import dev.hackathon.infra.resources.network.DefaultSecurityGroups;
import dev.hackathon.infra.resources.network.ElasticIps;
import dev.hackathon.infra.resources.network.InternetGateways;
import dev.hackathon.infra.resources.network.NatGateways;
import dev.hackathon.infra.resources.network.RouteTables;
import dev.hackathon.infra.resources.network.SecurityGroups;
import dev.hackathon.infra.resources.network.SecurityGroups.Ingress;
import dev.hackathon.infra.resources.network.Subnets;
import dev.hackathon.infra.resources.network.Vpcs;

/**
 * The network: VPC, public/app/data subnets per AZ, IGW, one NAT gateway with its EIP,
 * three route tables, the four security groups, and the default group locked down.
 */
public final class NetworkTier {

    public static final String VPC = "vpc/main";
    public static final String IGW = "igw/main";
    public static final String EIP = "eip/nat-a";
    public static final String NAT = "nat/a";
    public static final String SG_ALB = "sg/alb";
    public static final String SG_APP = "sg/app";
    public static final String SG_DB = "sg/db";
    public static final String SG_CACHE = "sg/cache";

    private NetworkTier() {
    }

    public static List<Node> nodes(StackConfig config, StackKinds k) {
        List<Node> nodes = new ArrayList<>();
        nodes.add(Node.of(VPC, k.vpcs, new Vpcs.Spec(config.network().cidr())));
        nodes.add(Node.of("default-sg/main", k.defaultSecurityGroups, new DefaultSecurityGroups.Spec(VPC), VPC));
        List<SubnetLayout.Subnet> subnets = subnets(config);
        for (SubnetLayout.Subnet s : subnets) {
            nodes.add(Node.of(s.key(), k.subnets, new Subnets.Spec(VPC, s.cidr(), s.availabilityZone()), VPC));
        }
        nodes.add(Node.of(IGW, k.internetGateways, new InternetGateways.Spec(VPC), VPC));
        nodes.add(Node.of(EIP, k.elasticIps, new ElasticIps.Spec()));
        String natSubnet = subnetKey(Tier.PUBLIC, 0);
        // The IGW must be attached before a public NAT gateway can route anything.
        nodes.add(Node.of(NAT, k.natGateways, new NatGateways.Spec(natSubnet, EIP), natSubnet, EIP, IGW));
        nodes.add(routeTable("rt/public", k, subnets, Tier.PUBLIC, IGW));
        nodes.add(routeTable("rt/app", k, subnets, Tier.APP, NAT));
        nodes.add(routeTable("rt/data", k, subnets, Tier.DATA, null));

        nodes.add(Node.of(SG_ALB, k.securityGroups, new SecurityGroups.Spec(VPC, "load balancer: 80 and 443 from anywhere",
                List.of(Ingress.fromCidr(80, "0.0.0.0/0"), Ingress.fromCidr(80, "::/0"),
                        Ingress.fromCidr(443, "0.0.0.0/0"), Ingress.fromCidr(443, "::/0")), false), VPC));
        List<Ingress> appIngress = new ArrayList<>();
        config.loadBalancer().targets().values().stream().map(StackConfig.Target::port).distinct().sorted()
                .forEach(port -> appIngress.add(Ingress.fromGroup(port, SG_ALB)));
        nodes.add(Node.of(SG_APP, k.securityGroups, new SecurityGroups.Spec(VPC, "app instance: target ports from the load balancer only",
                appIngress, false), VPC, SG_ALB));
        nodes.add(Node.of(SG_DB, k.securityGroups, new SecurityGroups.Spec(VPC, "database: 5432 from the app only, no egress",
                List.of(Ingress.fromGroup(5432, SG_APP)), true), VPC, SG_APP));
        nodes.add(Node.of(SG_CACHE, k.securityGroups, new SecurityGroups.Spec(VPC, "cache: 6379 from the app only, no egress",
                List.of(Ingress.fromGroup(6379, SG_APP)), true), VPC, SG_APP));
        return nodes;
    }

    public static List<SubnetLayout.Subnet> subnets(StackConfig config) {
        return SubnetLayout.subnets(config.network().cidr(), config.network().availabilityZones());
    }

    /** Key of the subnet of a tier in the AZ at this position: subnet/app-a for (APP, 0). */
    public static String subnetKey(Tier tier, int azIndex) {
        return "subnet/" + tier.label() + "-" + (char) ('a' + azIndex);
    }

    /** Keys of a tier's subnets in every AZ. */
    public static List<String> subnetKeys(StackConfig config, Tier tier) {
        return subnets(config).stream().filter(s -> s.tier() == tier).map(SubnetLayout.Subnet::key).toList();
    }

    private static Node routeTable(String key, StackKinds k, List<SubnetLayout.Subnet> subnets, Tier tier, String target) {
        List<String> keys = subnets.stream().filter(s -> s.tier() == tier).map(SubnetLayout.Subnet::key).toList();
        List<String> deps = new ArrayList<>(keys);
        deps.add(VPC);
        if (target != null) {
            deps.add(target);
        }
        return new Node(key, k.routeTables, new RouteTables.Spec(VPC, keys, target), java.util.Set.copyOf(deps));
    }
}
