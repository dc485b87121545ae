package dev.hackathon.infra.stack;

import java.util.ArrayList;
import java.util.List;

import dev.hackathon.infra.config.StackConfig;

/**
 * What the stack costs while it runs, from the config and the price table: the fixed hourly
 * parts (NAT gateway, public IPv4 addresses, ALB, instance, database, cache) plus storage.
 * Usage-based charges (data transfer, NAT processing per GB, ALB LCUs) are left out and said
 * to be. A type the table does not know makes that line "unknown" and the total a floor.
 */
public record CostEstimate(String region, String pricesAsOf, List<Line> lines) {

    static final double HOURS_PER_MONTH = 730;

    /** One priced part; {@code perHour} is null when the table does not know it. */
    public record Line(String item, String detail, Double perHour) {
    }

    public static CostEstimate of(StackConfig c, PriceTable table) {
        String r = c.region();
        List<Line> lines = new ArrayList<>();
        lines.add(hourly(table, r, "NAT gateway (fixed, runs even when idle)", "1 gateway", "nat-gateway", 1));
        // The NAT gateway's EIP and the internet-facing ALB's two addresses are public IPv4s.
        lines.add(hourly(table, r, "public IPv4 addresses", "3 (NAT EIP + 2 ALB)", "public-ipv4", 3));
        lines.add(hourly(table, r, "Application Load Balancer", "base hour, no LCUs", "alb", 1));
        lines.add(hourly(table, r, "EC2 instance", c.instance().type(), "ec2:" + c.instance().type(), 1));
        lines.add(monthly(table, r, "EC2 root volume", c.instance().volumeGb() + " GB gp3", "ebs:gp3",
                c.instance().volumeGb()));
        lines.add(hourly(table, r, "RDS PostgreSQL", c.database().instanceClass(), "rds:" + c.database().instanceClass(), 1));
        lines.add(monthly(table, r, "RDS storage", c.database().storageGb() + " GB gp3", "rds-storage:gp3",
                c.database().storageGb()));
        lines.add(hourly(table, r, "ElastiCache " + c.cache().engine(), c.cache().nodeType(),
                "cache-" + c.cache().engine() + ":" + c.cache().nodeType(), 1));
        return new CostEstimate(r, table.asOf(), lines);
    }

    /** The sum of the known lines. */
    public double perHour() {
        return lines.stream().filter(l -> l.perHour() != null).mapToDouble(Line::perHour).sum();
    }

    public double perDay() {
        return perHour() * 24;
    }

    public List<String> unknown() {
        return lines.stream().filter(l -> l.perHour() == null).map(l -> l.item() + " " + l.detail()).toList();
    }

    public String summary() {
        String base = String.format("Estimated cost: $%.3f/hour, $%.2f/day in %s (list prices as of %s; "
                + "data transfer, NAT processing and ALB LCUs extra)", perHour(), perDay(), region, pricesAsOf);
        return unknown().isEmpty() ? base : base + "; unknown, not included: " + String.join(", ", unknown());
    }

    private static Line hourly(PriceTable t, String region, String item, String detail, String key, int count) {
        return new Line(item, detail, t.price(region, key).map(p -> p * count).orElse(null));
    }

    private static Line monthly(PriceTable t, String region, String item, String detail, String key, int gb) {
        return new Line(item, detail, t.price(region, key).map(p -> p * gb / HOURS_PER_MONTH).orElse(null));
    }
}
