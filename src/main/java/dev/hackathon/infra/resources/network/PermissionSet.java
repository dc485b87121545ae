package dev.hackathon.infra.resources.network;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import software.amazon.awssdk.services.ec2.model.IpPermission;

/**
 * Security group rules flattened to comparable strings, one per port range and source
 * ({@code tcp:80-80 from 0.0.0.0/0}, {@code tcp:5432-5432 from sg-123}), so drift is a set
 * difference and a repair is one authorize or revoke per string.
 */
public final class PermissionSet {

    private PermissionSet() {
    }

    public static Set<String> of(List<IpPermission> permissions) {
        Set<String> out = new TreeSet<>();
        for (IpPermission p : permissions) {
            String ports = p.ipProtocol() + ":" + (p.fromPort() == null ? "all" : p.fromPort() + "-" + p.toPort());
            p.ipRanges().forEach(r -> out.add(ports + " from " + r.cidrIp()));
            p.ipv6Ranges().forEach(r -> out.add(ports + " from " + r.cidrIpv6()));
            p.userIdGroupPairs().forEach(g -> out.add(ports + " from " + g.groupId()));
            p.prefixListIds().forEach(l -> out.add(ports + " from " + l.prefixListId()));
        }
        return out;
    }

    public static String rule(String protocol, int port, String source) {
        return protocol + ":" + port + "-" + port + " from " + source;
    }

    /** Back from the string form to the API's shape, for authorize and revoke calls. */
    public static IpPermission permission(String rule) {
        String[] parts = rule.split(" from ");
        String[] proto = parts[0].split(":");
        String source = parts[1];
        IpPermission.Builder b = IpPermission.builder().ipProtocol(proto[0]);
        if (!proto[1].equals("all")) {
            String[] range = proto[1].split("-");
            b.fromPort(Integer.parseInt(range[0])).toPort(Integer.parseInt(range[1]));
        }
        if (source.startsWith("sg-")) {
            b.userIdGroupPairs(g -> g.groupId(source));
        } else if (source.startsWith("pl-")) {
            b.prefixListIds(l -> l.prefixListId(source));
        } else if (source.contains(":")) {
            b.ipv6Ranges(r -> r.cidrIpv6(source));
        } else {
            b.ipRanges(r -> r.cidrIp(source));
        }
        return b.build();
    }

    public static List<IpPermission> permissions(Set<String> rules) {
        List<IpPermission> out = new ArrayList<>();
        rules.forEach(r -> out.add(permission(r)));
        return out;
    }
}
