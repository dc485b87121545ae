package dev.hackathon.infra.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

import dev.hackathon.infra.aws.AwsErrors;
import dev.hackathon.infra.aws.AwsSession;
import dev.hackathon.infra.resources.Ownership;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.elasticache.ElastiCacheClient;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Listener;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancer;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Rule;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroup;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.InstanceProfile;
import software.amazon.awssdk.services.iam.model.Role;
import software.amazon.awssdk.services.rds.RdsClient;

/**
 * Everything in the emulator that belongs to a stack, listed with plain SDK calls, one
 * listing per resource type, independently of the tool's own discovery: the check that a
 * run left exactly one resource per key and nothing else (no duplicate, no leak, no lock).
 *
 * <p>Each entry is labelled {@code <type> <key>} (the {@code hackathon-infra:key} tag, or
 * "untagged" when the stack tag is there without it) and maps to every id found under that
 * label; a healthy stack has exactly one id per label. Parts of an IAM role that carry no
 * tags of their own are labelled by the role's key: {@code iam-attached-policy <roleKey> <arn>},
 * {@code iam-inline-policy <roleKey> <name>}, {@code instance-profile-role <profileKey> <roleKey>}.
 * A dead resource (terminated instance, deleted NAT gateway) is not listed.
 */
public final class StackInventory {

    private StackInventory() {
    }

    /** Label → ids, sorted by label. */
    public static Map<String, List<String>> of(AwsSession aws, String stack) {
        Map<String, List<String>> out = new TreeMap<>();
        ec2(aws.ec2(), stack, out);
        rds(aws.rds(), stack, out);
        elasticache(aws.elasticache(), stack, out);
        iam(aws.iam(), stack, out);
        elb(aws.elb(), stack, out);
        lock(aws, stack, out);
        return out;
    }

    /**
     * Every resource in the account and region of the types the tool makes, tagged or not
     * ({@code "vpc vpc-0abc"}): compared with what was there before a test, it shows leaks
     * that carry no tags at all (a create whose tags were to follow in a second call).
     */
    public static java.util.SortedSet<String> account(AwsSession aws) {
        java.util.SortedSet<String> out = new java.util.TreeSet<>();
        Ec2Client ec2 = aws.ec2();
        ec2.describeVpcs().vpcs().forEach(v -> out.add("vpc " + v.vpcId()));
        ec2.describeSubnets().subnets().forEach(v -> out.add("subnet " + v.subnetId()));
        ec2.describeInternetGateways().internetGateways().forEach(v -> out.add("internet-gateway " + v.internetGatewayId()));
        ec2.describeAddresses().addresses().forEach(v -> out.add("elastic-ip " + v.allocationId()));
        ec2.describeNatGateways().natGateways().stream()
                .filter(n -> !n.stateAsString().equals("deleted") && !n.stateAsString().equals("failed"))
                .forEach(v -> out.add("nat-gateway " + v.natGatewayId()));
        ec2.describeRouteTables().routeTables().forEach(v -> out.add("route-table " + v.routeTableId()));
        ec2.describeSecurityGroups().securityGroups().forEach(v -> out.add("security-group " + v.groupId()));
        ec2.describeInstances().reservations().stream().flatMap(res -> res.instances().stream())
                .filter(i -> !i.state().nameAsString().equals("terminated"))
                .forEach(i -> out.add("instance " + i.instanceId()));
        ec2.describeVolumes().volumes().forEach(v -> out.add("volume " + v.volumeId()));
        // moto keeps a deleted NAT gateway's interface in its deleted VPC; AWS removes it (and
        // would refuse to delete a VPC that still held one), so only interfaces of live VPCs count.
        java.util.Set<String> vpcs = ec2.describeVpcs().vpcs().stream().map(v -> v.vpcId()).collect(Collectors.toSet());
        ec2.describeNetworkInterfaces().networkInterfaces().stream().filter(n -> vpcs.contains(n.vpcId()))
                .forEach(v -> out.add("network-interface " + v.networkInterfaceId()));
        aws.rds().describeDBInstances().dbInstances().forEach(d -> out.add("db-instance " + d.dbInstanceIdentifier()));
        aws.rds().describeDBSubnetGroups().dbSubnetGroups().forEach(g -> out.add("db-subnet-group " + g.dbSubnetGroupName()));
        aws.elasticache().describeReplicationGroups().replicationGroups()
                .forEach(g -> out.add("replication-group " + g.replicationGroupId()));
        aws.elasticache().describeCacheSubnetGroups().cacheSubnetGroups()
                .forEach(g -> out.add("cache-subnet-group " + g.cacheSubnetGroupName()));
        aws.iam().listRolesPaginator().roles().forEach(r -> out.add("iam-role " + r.roleName()));
        aws.iam().listInstanceProfilesPaginator().instanceProfiles()
                .forEach(p -> out.add("instance-profile " + p.instanceProfileName()));
        aws.elb().describeLoadBalancersPaginator().loadBalancers().forEach(l -> out.add("load-balancer " + l.loadBalancerName()));
        aws.elb().describeTargetGroupsPaginator().targetGroups().forEach(t -> out.add("target-group " + t.targetGroupName()));
        aws.ssm().describeParametersPaginator().stream().flatMap(p -> p.parameters().stream()).forEach(p -> out.add("ssm-parameter " + p.name()));
        return out;
    }

    /** The labels that have more than one id (copies of one key). */
    public static Map<String, List<String>> duplicates(Map<String, List<String>> inventory) {
        return inventory.entrySet().stream().filter(e -> e.getValue().size() > 1)
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue, (a, b) -> a, TreeMap::new));
    }

    private static void ec2(Ec2Client ec2, String stack, Map<String, List<String>> out) {
        // The filter narrows the listing; the tags are checked again on what comes back
        // because moto ignores tag filters on some calls (DescribeNatGateways).
        Filter f = Filter.builder().name("tag:" + Ownership.STACK_TAG).values(stack).build();
        ec2.describeVpcs(r -> r.filters(f)).vpcs().forEach(v -> ec2Owned(out, "vpc", stack, v.tags(), v.vpcId()));
        ec2.describeSubnets(r -> r.filters(f)).subnets().forEach(v -> ec2Owned(out, "subnet", stack, v.tags(), v.subnetId()));
        ec2.describeInternetGateways(r -> r.filters(f)).internetGateways()
                .forEach(v -> ec2Owned(out, "internet-gateway", stack, v.tags(), v.internetGatewayId()));
        ec2.describeAddresses(r -> r.filters(f)).addresses()
                .forEach(v -> ec2Owned(out, "elastic-ip", stack, v.tags(), v.allocationId()));
        ec2.describeNatGateways(r -> r.filter(f)).natGateways().stream()
                .filter(n -> !n.stateAsString().equals("deleted") && !n.stateAsString().equals("failed"))
                .forEach(v -> ec2Owned(out, "nat-gateway", stack, v.tags(), v.natGatewayId()));
        ec2.describeRouteTables(r -> r.filters(f)).routeTables()
                .forEach(v -> ec2Owned(out, "route-table", stack, v.tags(), v.routeTableId()));
        ec2.describeSecurityGroups(r -> r.filters(f)).securityGroups()
                .forEach(v -> ec2Owned(out, "security-group", stack, v.tags(), v.groupId()));
        ec2.describeInstances(r -> r.filters(f)).reservations().stream().flatMap(res -> res.instances().stream())
                .filter(i -> !i.state().nameAsString().equals("terminated"))
                .forEach(i -> ec2Owned(out, "instance", stack, i.tags(), i.instanceId()));
        ec2.describeVolumes(r -> r.filters(f)).volumes().forEach(v -> ec2Owned(out, "volume", stack, v.tags(), v.volumeId()));
    }

    private static void rds(RdsClient rds, String stack, Map<String, List<String>> out) {
        Function<String, Map<String, String>> tags = arn -> rds.listTagsForResource(r -> r.resourceName(arn)).tagList()
                .stream().collect(Collectors.toMap(t -> t.key(), t -> t.value(), (a, b) -> b));
        rds.describeDBInstances().dbInstances().forEach(d -> owned(out, "db-instance", stack, tags.apply(d.dbInstanceArn()),
                d.dbInstanceIdentifier()));
        rds.describeDBSubnetGroups().dbSubnetGroups().forEach(g -> owned(out, "db-subnet-group", stack,
                tags.apply(g.dbSubnetGroupArn()), g.dbSubnetGroupName()));
    }

    private static void elasticache(ElastiCacheClient cache, String stack, Map<String, List<String>> out) {
        Function<String, Map<String, String>> tags = arn -> cache.listTagsForResource(r -> r.resourceName(arn)).tagList()
                .stream().collect(Collectors.toMap(t -> t.key(), t -> t.value(), (a, b) -> b));
        cache.describeReplicationGroups().replicationGroups().forEach(g -> owned(out, "replication-group", stack,
                tags.apply(g.arn()), g.replicationGroupId()));
        cache.describeCacheSubnetGroups().cacheSubnetGroups().forEach(g -> owned(out, "cache-subnet-group", stack,
                tags.apply(g.arn()), g.cacheSubnetGroupName()));
    }

    private static void iam(IamClient iam, String stack, Map<String, List<String>> out) {
        // Every IAM entity the tool makes lives under /hackathon-infra/<stack>/<region>/; the tags say whose.
        String path = "/hackathon-infra/" + stack + "/";
        // The path is checked again on what comes back: moto ignores PathPrefix on ListInstanceProfiles.
        for (Role role : iam.listRolesPaginator(r -> r.pathPrefix(path)).roles()) {
            if (!role.path().startsWith(path)) {
                continue;
            }
            Map<String, String> tags = iam.listRoleTags(r -> r.roleName(role.roleName())).tags().stream()
                    .collect(Collectors.toMap(t -> t.key(), t -> t.value(), (a, b) -> b));
            String roleKey = label(tags, stack);
            add(out, "iam-role", roleKey, role.roleName());
            iam.listAttachedRolePolicies(r -> r.roleName(role.roleName())).attachedPolicies()
                    .forEach(p -> add(out, "iam-attached-policy", roleKey + " " + p.policyArn(), role.roleName()));
            iam.listRolePolicies(r -> r.roleName(role.roleName())).policyNames()
                    .forEach(p -> add(out, "iam-inline-policy", roleKey + " " + p, role.roleName()));
        }
        for (InstanceProfile profile : iam.listInstanceProfilesPaginator(r -> r.pathPrefix(path)).instanceProfiles()) {
            if (!profile.path().startsWith(path)) {
                continue;
            }
            Map<String, String> tags = iam.listInstanceProfileTags(r -> r.instanceProfileName(profile.instanceProfileName()))
                    .tags().stream().collect(Collectors.toMap(t -> t.key(), t -> t.value(), (a, b) -> b));
            String profileKey = label(tags, stack);
            add(out, "instance-profile", profileKey, profile.instanceProfileName());
            for (Role role : profile.roles()) {
                add(out, "instance-profile-role", profileKey + " " + role.roleName().replace(stack + "-", "<stack>-"),
                        profile.instanceProfileName());
            }
        }
    }

    private static void elb(ElasticLoadBalancingV2Client elb, String stack, Map<String, List<String>> out) {
        Function<String, Map<String, String>> tags = arn -> elb.describeTags(r -> r.resourceArns(arn)).tagDescriptions()
                .stream().flatMap(d -> d.tags().stream())
                .collect(Collectors.toMap(t -> t.key(), t -> t.value(), (a, b) -> b));
        Map<String, String> ourGroups = new TreeMap<>(); // ARN -> key
        for (TargetGroup tg : elb.describeTargetGroupsPaginator().targetGroups()) {
            Map<String, String> t = tags.apply(tg.targetGroupArn());
            owned(out, "target-group", stack, t, tg.targetGroupName());
            if (stack.equals(t.get(Ownership.STACK_TAG))) {
                ourGroups.put(tg.targetGroupArn(), label(t, stack));
            }
        }
        for (LoadBalancer lb : elb.describeLoadBalancersPaginator().loadBalancers()) {
            Map<String, String> t = tags.apply(lb.loadBalancerArn());
            if (!stack.equals(t.get(Ownership.STACK_TAG))) {
                continue;
            }
            owned(out, "load-balancer", stack, t, lb.loadBalancerName());
            // Listeners and rules of our load balancer belong to the stack, tagged or not.
            for (Listener l : elb.describeListeners(r -> r.loadBalancerArn(lb.loadBalancerArn())).listeners()) {
                add(out, "listener", label(tags.apply(l.listenerArn()), stack), l.listenerArn());
                for (Rule rule : elb.describeRules(r -> r.listenerArn(l.listenerArn())).rules()) {
                    if (!Boolean.TRUE.equals(rule.isDefault())) {
                        add(out, "listener-rule", label(tags.apply(rule.ruleArn()), stack), rule.ruleArn());
                    }
                }
            }
        }
        ourGroups.forEach((arn, key) -> elb.describeTargetHealth(r -> r.targetGroupArn(arn)).targetHealthDescriptions()
                .forEach(d -> add(out, "target-registration", key + " port " + d.target().port(), d.target().id())));
    }

    private static void lock(AwsSession aws, String stack, Map<String, List<String>> out) {
        String name = "/hackathon-infra/" + stack + "/lock";
        try {
            aws.ssm().getParameter(r -> r.name(name));
            add(out, "run-lock", name.replace(stack, "<stack>"), name);
        } catch (RuntimeException e) {
            if (!AwsErrors.isNotFound(e)) {
                throw e;
            }
        }
    }

    private static void owned(Map<String, List<String>> out, String type, String stack, Map<String, String> tags, String id) {
        if (stack.equals(tags.get(Ownership.STACK_TAG))) {
            add(out, type, label(tags, stack), id);
        }
    }

    private static String label(Map<String, String> tags, String stack) {
        if (!stack.equals(tags.get(Ownership.STACK_TAG))) {
            return "not-tagged-with-the-stack";
        }
        return tags.getOrDefault(Ownership.KEY_TAG, "untagged");
    }

    private static void ec2Owned(Map<String, List<String>> out, String type, String stack, List<Tag> tags, String id) {
        owned(out, type, stack, tags.stream().collect(Collectors.toMap(Tag::key, Tag::value, (a, b) -> b)), id);
    }

    private static void add(Map<String, List<String>> out, String type, String key, String id) {
        out.computeIfAbsent(type + " " + key, k -> new ArrayList<>()).add(id);
    }
}
