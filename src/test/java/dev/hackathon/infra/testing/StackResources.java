package dev.hackathon.infra.testing;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import dev.hackathon.infra.resources.Ownership;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.Tag;

/** What a stack has on the emulator, read directly (not through the tool's own discovery). */
public final class StackResources {

    private StackResources() {
    }

    /** Key → id of every live EC2 network resource tagged with the stack. */
    public static Map<String, String> ec2(Ec2Client ec2, String stack) {
        Map<String, String> out = new TreeMap<>();
        Filter f = Filter.builder().name("tag:" + Ownership.STACK_TAG).values(stack).build();
        ec2.describeVpcs(r -> r.filters(f)).vpcs().forEach(v -> out.put(key(v.tags()), v.vpcId()));
        ec2.describeSubnets(r -> r.filters(f)).subnets().forEach(v -> out.put(key(v.tags()), v.subnetId()));
        ec2.describeInternetGateways(r -> r.filters(f)).internetGateways().forEach(v -> out.put(key(v.tags()), v.internetGatewayId()));
        ec2.describeAddresses(r -> r.filters(f)).addresses().forEach(v -> out.put(key(v.tags()), v.allocationId()));
        // moto ignores the tag filter of DescribeNatGateways: the stack tag is checked here.
        ec2.describeNatGateways(r -> r.filter(f)).natGateways().stream()
                .filter(n -> !n.stateAsString().equals("deleted") && n.tags().stream()
                        .anyMatch(t -> t.key().equals(Ownership.STACK_TAG) && t.value().equals(stack)))
                .forEach(v -> out.put(key(v.tags()), v.natGatewayId()));
        ec2.describeRouteTables(r -> r.filters(f)).routeTables().forEach(v -> out.put(key(v.tags()), v.routeTableId()));
        ec2.describeSecurityGroups(r -> r.filters(f)).securityGroups().forEach(v -> out.put(key(v.tags()), v.groupId()));
        return out;
    }

    private static String key(List<Tag> tags) {
        return tags.stream().filter(t -> t.key().equals(Ownership.KEY_TAG)).map(Tag::value).findFirst().orElse(null);
    }
}
