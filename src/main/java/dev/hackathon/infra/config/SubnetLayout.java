package dev.hackathon.infra.config;

import java.util.ArrayList;
import java.util.List;

/**
 * Where each subnet sits in the VPC's CIDR: the VPC block is cut into 16 equal blocks
 * (prefix + 4) and each AZ takes three in a row (public, app, data), AZ by AZ, so adding
 * an AZ later appends blocks and never moves an existing subnet. A /16 gives /20 subnets.
 */
public final class SubnetLayout {

    public enum Tier { PUBLIC("public"), APP("app"), DATA("data");

        private final String label;

        Tier(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /** One subnet: {@code suffix} is a, b, c ... by AZ position; {@code key()} is e.g. subnet/app-a. */
    public record Subnet(Tier tier, int azIndex, String availabilityZone, String cidr) {
        public String suffix() {
            return String.valueOf((char) ('a' + azIndex));
        }

        public String name() {
            return tier.label() + "-" + suffix();
        }

        public String key() {
            return "subnet/" + name();
        }
    }

    /** Smallest VPC prefix we accept (AWS's largest VPC) and the largest (its /28 subnets are AWS's smallest). */
    public static final int MIN_PREFIX = 16;
    public static final int MAX_PREFIX = 24;
    public static final int MAX_AZS = 5;

    private SubnetLayout() {
    }

    /** The subnets of a VPC; throws IllegalArgumentException when the CIDR is malformed or does not fit. */
    public static List<Subnet> subnets(String vpcCidr, List<String> azs) {
        Cidr vpc = Cidr.parse(vpcCidr);
        if (vpc.prefix() < MIN_PREFIX || vpc.prefix() > MAX_PREFIX) {
            throw new IllegalArgumentException("VPC prefix must be /" + MIN_PREFIX + " to /" + MAX_PREFIX
                    + " so that its subnets are /20 to /28, got /" + vpc.prefix());
        }
        if (azs.size() * 3 > 16) {
            throw new IllegalArgumentException(azs.size() + " AZs need " + azs.size() * 3
                    + " subnets; a VPC is cut into 16");
        }
        int subPrefix = vpc.prefix() + 4;
        long size = 1L << (32 - subPrefix);
        List<Subnet> out = new ArrayList<>();
        for (int az = 0; az < azs.size(); az++) {
            for (Tier tier : Tier.values()) {
                long index = az * 3L + tier.ordinal();
                out.add(new Subnet(tier, az, azs.get(az), Cidr.format(vpc.address() + index * size, subPrefix)));
            }
        }
        return out;
    }

    /** An IPv4 CIDR block. */
    public record Cidr(long address, int prefix) {

        public static Cidr parse(String text) {
            if (text == null) {
                throw new IllegalArgumentException("missing CIDR");
            }
            String[] parts = text.trim().split("/");
            if (parts.length != 2) {
                throw new IllegalArgumentException("not a CIDR (a.b.c.d/n): " + text);
            }
            String[] octets = parts[0].split("\\.", -1);
            if (octets.length != 4) {
                throw new IllegalArgumentException("not an IPv4 address: " + parts[0]);
            }
            long addr = 0;
            for (String o : octets) {
                if (!o.matches("\\d{1,3}") || Integer.parseInt(o) > 255) {
                    throw new IllegalArgumentException("not an IPv4 address: " + parts[0]);
                }
                addr = addr << 8 | Integer.parseInt(o);
            }
            if (!parts[1].matches("\\d{1,2}") || Integer.parseInt(parts[1]) > 32) {
                throw new IllegalArgumentException("bad prefix length: /" + parts[1]);
            }
            int prefix = Integer.parseInt(parts[1]);
            long mask = prefix == 0 ? 0 : (0xFFFFFFFFL << (32 - prefix)) & 0xFFFFFFFFL;
            if ((addr & ~mask & 0xFFFFFFFFL) != 0) {
                throw new IllegalArgumentException(text + " has host bits set; did you mean " + format(addr & mask, prefix) + "?");
            }
            return new Cidr(addr, prefix);
        }

        public static String format(long addr, int prefix) {
            return ((addr >> 24) & 255) + "." + ((addr >> 16) & 255) + "." + ((addr >> 8) & 255) + "." + (addr & 255)
                    + "/" + prefix;
        }

        @Override
        public String toString() {
            return format(address, prefix);
        }
    }
}
