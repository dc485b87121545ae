package dev.hackathon.infra.aws.ratelimit;

import java.util.ArrayList;
import java.util.List;

import dev.hackathon.infra.aws.ratelimit.FleetSimulation.Call;

/**
 * The calls one stack's {@code up} makes, as chains of calls that follow one another (a
 * resource's create and settings, a poller waiting for it), in roughly the order the engine
 * starts them (design.md §1 and §3: discovery, network, IAM, data, edge, instance, DNS; pollers
 * back off to about ten seconds). A model for the limiter tests, not a recording: what matters
 * is the mix, the bursts and the steady polling.
 */
final class StackCalls {

    private StackCalls() {
    }

    static List<List<Call>> up() {
        List<List<Call>> chains = new ArrayList<>();
        chains.add(List.of(c("Ssm", "PutParameter")));
        for (String d : List.of("DescribeVpcs", "DescribeSubnets", "DescribeInternetGateways", "DescribeAddresses",
                "DescribeNatGateways", "DescribeRouteTables", "DescribeSecurityGroups", "DescribeInstances",
                "DescribeImages")) {
            chains.add(List.of(c("Ec2", d)));
        }
        for (String d : List.of("DescribeLoadBalancers", "DescribeTargetGroups")) {
            chains.add(List.of(c("ElasticLoadBalancingV2", d)));
        }
        chains.add(List.of(c("Rds", "DescribeDBInstances"), c("Rds", "DescribeDBSubnetGroups")));
        chains.add(List.of(c("ElastiCache", "DescribeReplicationGroups"), c("ElastiCache", "DescribeCacheSubnetGroups")));
        chains.add(List.of(c("Iam", "GetRole"), c("Iam", "GetInstanceProfile")));
        chains.add(List.of(c("Ec2", "CreateVpc"), c("Ec2", "ModifyVpcAttribute"), c("Ec2", "ModifyVpcAttribute")));
        for (int i = 0; i < 6; i++) {
            chains.add(List.of(c("Ec2", "CreateSubnet")));
        }
        chains.add(List.of(c("Ec2", "CreateInternetGateway"), c("Ec2", "AttachInternetGateway")));
        chains.add(List.of(c("Ec2", "AllocateAddress")));
        chains.add(polled(List.of(c("Ec2", "CreateNatGateway")), c("Ec2", "DescribeNatGateways"), 12));
        for (int i = 0; i < 3; i++) {
            chains.add(List.of(c("Ec2", "CreateRouteTable"), c("Ec2", "CreateRoute"), c("Ec2", "AssociateRouteTable"),
                    c("Ec2", "AssociateRouteTable")));
        }
        for (int i = 0; i < 4; i++) {
            chains.add(List.of(c("Ec2", "CreateSecurityGroup"), c("Ec2", i < 2 ? "AuthorizeSecurityGroupIngress"
                    : "RevokeSecurityGroupEgress")));
        }
        chains.add(List.of(c("Iam", "CreateRole"), c("Iam", "PutRolePolicy"), c("Iam", "PutRolePolicy"),
                c("Iam", "AttachRolePolicy"), c("Iam", "CreateInstanceProfile"), c("Iam", "AddRoleToInstanceProfile")));
        chains.add(polled(List.of(c("Rds", "CreateDBSubnetGroup"), c("Rds", "CreateDBInstance")),
                c("Rds", "DescribeDBInstances"), 42));
        chains.add(polled(List.of(c("ElastiCache", "CreateCacheSubnetGroup"), c("ElastiCache", "CreateReplicationGroup")),
                c("ElastiCache", "DescribeReplicationGroups"), 60));
        chains.add(polled(List.of(c("Acm", "ListCertificates"), c("Acm", "RequestCertificate")),
                c("Acm", "DescribeCertificate"), 6));
        for (int i = 0; i < 2; i++) {
            chains.add(List.of(c("ElasticLoadBalancingV2", "CreateTargetGroup"),
                    c("ElasticLoadBalancingV2", "ModifyTargetGroupAttributes")));
        }
        List<Call> alb = new ArrayList<>(polled(List.of(c("ElasticLoadBalancingV2", "CreateLoadBalancer"),
                c("ElasticLoadBalancingV2", "ModifyLoadBalancerAttributes")),
                c("ElasticLoadBalancingV2", "DescribeLoadBalancers"), 15));
        for (String op : List.of("CreateListener", "CreateListener", "CreateRule", "CreateRule")) {
            alb.add(c("ElasticLoadBalancingV2", op));
        }
        chains.add(alb);
        List<Call> instance = new ArrayList<>(polled(List.of(c("Ec2", "RunInstances")), c("Ec2", "DescribeInstances"), 4));
        instance.add(c("ElasticLoadBalancingV2", "RegisterTargets"));
        instance.add(c("ElasticLoadBalancingV2", "RegisterTargets"));
        chains.add(polled(instance, c("ElasticLoadBalancingV2", "DescribeTargetHealth"), 8));
        chains.add(List.of(c("Route53", "ListHostedZonesByName"), c("Route53", "ChangeResourceRecordSets"),
                c("Route53", "GetChange").after(2_000), c("Route53", "GetChange").after(5_000),
                c("Route53", "ChangeResourceRecordSets"), c("Route53", "GetChange").after(2_000),
                c("Route53", "GetChange").after(5_000)));
        chains.add(List.of(c("Ssm", "DeleteParameter")));
        return List.copyOf(chains);
    }

    static int size() {
        return up().stream().mapToInt(List::size).sum();
    }

    private static Call c(String service, String operation) {
        return Call.of(service, operation);
    }

    /** The calls, then a poller: one describe a second at first, backing off to one every ten. */
    private static List<Call> polled(List<Call> first, Call poll, int polls) {
        List<Call> chain = new ArrayList<>(first);
        long interval = 1_000;
        for (int i = 0; i < polls; i++) {
            chain.add(poll.after(interval));
            interval = Math.min(10_000, interval * 2);
        }
        return chain;
    }
}
