package dev.hackathon.infra.output.html;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.hackathon.infra.config.ConfigException;
import dev.hackathon.infra.config.ConfigLoader;
import dev.hackathon.infra.config.StackConfig;
import dev.hackathon.infra.engine.Change;
import dev.hackathon.infra.stack.CostEstimate;
import dev.hackathon.infra.stack.ResourceStatus;
import dev.hackathon.infra.stack.StatusReport;

/**
 * A stack's status as {@code status} reports it, with one part in each state the pages show:
 * the api target failing its health checks, the api rule drifted, the cache still creating, the
 * db security group with an egress rule (security drift), the HTTPS listener missing, a left-over
 * resource; the rest healthy. Some values are hostile on purpose (markup in an id and a drift
 * value, a host as long as ALB allows) to show they are escaped and cut.
 */
final class PageFixtures {

    static final Instant NOW = Instant.parse("2026-05-01T09:30:00Z");
    static final String HOSTILE_ID = "sg-0123<script>alert('x')</script>";
    static final String HOSTILE_DRIFT = "\"><img src=x onerror=alert(1)>";
    static final String LONG_HOST = "a-very-long-team-subdomain-name-that-fills-the-box." + "x".repeat(40) + ".example.com";

    private PageFixtures() {
    }

    static StackConfig config() {
        try {
            StackConfig base = ConfigLoader.load(Path.of("src/test/resources/fleets/base.yaml")).withStack("team-a");
            List<StackConfig.Rule> rules = List.of(new StackConfig.Rule("a.example.com", "app", 100),
                    new StackConfig.Rule(LONG_HOST, "api", 101));
            StackConfig.LoadBalancer lb = base.loadBalancer();
            return base.withLoadBalancer(new StackConfig.LoadBalancer(lb.certificateArn(), lb.targets(), rules));
        } catch (ConfigException e) {
            throw new IllegalStateException(e);
        }
    }

    static StatusReport report() {
        List<ResourceStatus> r = new ArrayList<>();
        r.add(ok("vpc/main", "VPC", "vpc-0a1b2c3d4e5f60718", "available"));
        for (String s : List.of("public-a", "public-c", "app-a", "app-c", "data-a", "data-c")) {
            r.add(ok("subnet/" + s, "subnet", "subnet-0" + Math.abs(s.hashCode()), "available"));
        }
        r.add(ok("igw/main", "internet gateway", "igw-0aa11bb22cc33dd44", "attached"));
        r.add(ok("eip/nat-a", "Elastic IP", "eipalloc-0a1b2c3d4e5f60718", "allocated"));
        r.add(ok("nat/a", "NAT gateway", "nat-0f1e2d3c4b5a69788", "available"));
        for (String t : List.of("public", "app", "data")) {
            r.add(ok("rt/" + t, "route table", "rtb-0" + Math.abs(t.hashCode()), "ready"));
        }
        r.add(ok("sg/alb", "security group", "sg-0a1a1a1a1a1a1a1a1", "ready"));
        r.add(ok("sg/app", "security group", "sg-0b2b2b2b2b2b2b2b2", "ready"));
        r.add(new ResourceStatus("sg/db", "sg", "security group", HOSTILE_ID, "ready", true, true, true,
                List.of(Change.security("egress", "0.0.0.0/0 all", "none")), Map.of()));
        r.add(ok("sg/cache", "security group", "sg-0d4d4d4d4d4d4d4d4", "ready"));
        r.add(ok("db-subnet-group/main", "DB subnet group", "team-a-db-subnet-group-main", "Complete"));
        r.add(ok("db/main", "RDS DB instance", "team-a-db-main", "available"));
        r.add(ok("cache-subnet-group/main", "cache subnet group", "team-a-cache-subnet-group-main", "ready"));
        r.add(new ResourceStatus("cache/main", "cache", "replication group", "team-a-cache-main", "creating", true, false,
                true, List.of(), Map.of()));
        r.add(ok("iam-role/app", "IAM role", "team-a-app-ap-northeast-1", "ready"));
        r.add(ok("instance-profile/app", "instance profile", "team-a-app-ap-northeast-1", "ready"));
        r.add(ok("instance/app", "EC2 instance", "i-0123456789abcdef0", "running"));
        r.add(ok("tg/app", "target group",
                "arn:aws:elasticloadbalancing:ap-northeast-1:111122223333:targetgroup/team-a-tg-app/93d86f1cc98a20cb", "ready"));
        r.add(ok("tg/api", "target group",
                "arn:aws:elasticloadbalancing:ap-northeast-1:111122223333:targetgroup/team-a-tg-api/a3d86f1cc98a20cc", "ready"));
        r.add(ok("alb/main", "load balancer",
                "arn:aws:elasticloadbalancing:ap-northeast-1:111122223333:loadbalancer/app/team-a-alb-main/50dc6c495c0c9188",
                "active"));
        r.add(ok("cert/main", "ACM certificate", "arn:aws:acm:ap-northeast-1:111122223333:certificate/1234", "ISSUED"));
        r.add(new ResourceStatus("listener/https", "listener", "listener", null, null, false, false, false, List.of(),
                Map.of()));
        r.add(ok("listener/http", "listener", "arn:aws:elasticloadbalancing:ap-northeast-1:111122223333:listener/app/x/y/z",
                "ready"));
        r.add(ok("rule/a.example.com", "listener rule", "arn:aws:elasticloadbalancing:ap-northeast-1:1:listener-rule/a", "ready"));
        r.add(new ResourceStatus("rule/" + LONG_HOST, "rule", "listener rule",
                "arn:aws:elasticloadbalancing:ap-northeast-1:1:listener-rule/b", "ready", true, true, true,
                List.of(new Change("priority", 105, 101), new Change("note", HOSTILE_DRIFT, "none")), Map.of()));
        r.add(ok("target/app", "target registration", "i-0123456789abcdef0:3000", "healthy"));
        r.add(new ResourceStatus("target/api", "target", "target registration", "i-0123456789abcdef0:80", "unhealthy", true,
                true, false, List.of(), Map.of()));
        List<ResourceStatus> extra = List.of(new ResourceStatus("subnet/old-b", "subnet", "subnet",
                "subnet-0ffffffffffffffff", "available", true, true, true, List.of(), Map.of()));
        CostEstimate cost = new CostEstimate("ap-northeast-1", "2026-04-01", List.of(
                new CostEstimate.Line("NAT gateway", "1", 0.062), new CostEstimate.Line("ALB", "1", 0.0243),
                new CostEstimate.Line("EC2", "t3.small", 0.0272)));
        return new StatusReport("team-a", "ap-northeast-1", r, extra,
                Map.of("alb.dnsName", "team-a-alb-main-123.ap-northeast-1.elb.amazonaws.com"),
                List.of("a.example.com", LONG_HOST), List.of("SECURITY: sg/db has an egress rule <all traffic>"), cost);
    }

    static StackView stack() {
        return StackView.of(report(), config(), NOW);
    }

    static FleetView fleet() {
        StatusReport report = report();
        StackConfig config = config();
        List<FleetView.TeamRow> rows = new ArrayList<>();
        rows.add(FleetView.TeamRow.of("team-a", null, report, config, NOW.minusSeconds(5 * 3600), "team-a.html"));
        StatusReport healthy = healthy(report, "team-b");
        rows.add(FleetView.TeamRow.of("team-b", "111122223333", healthy, config.withStack("team-b"),
                NOW.minusSeconds(26 * 3600), "team-b.html"));
        rows.add(FleetView.TeamRow.failed("team-c", "444455556666", "ap-northeast-1",
                "AccessDenied: cannot assume role <OrganizationAccountAccessRole>", null));
        return new FleetView("spring-hack", NOW, rows);
    }

    /** The same stack with everything healthy. */
    static StatusReport healthy(StatusReport r, String stack) {
        List<ResourceStatus> all = r.resources().stream().map(s -> new ResourceStatus(s.key(), s.kind(), s.label(),
                s.id() == null ? "arn:aws:elasticloadbalancing:ap-northeast-1:1:listener/app/x/y/h" : s.id(),
                s.state() == null ? "ready" : s.state().equals("creating") ? "available" : s.state().equals("unhealthy")
                        ? "healthy" : s.state(), true, true, true, List.of(), Map.of())).toList();
        return new StatusReport(stack, r.region(), all, List.of(), r.outputs(), r.hosts(), List.of(), r.cost());
    }

    private static ResourceStatus ok(String key, String label, String id, String state) {
        return new ResourceStatus(key, key.substring(0, key.indexOf('/')), label, id, state, true, true, true, List.of(),
                Map.of());
    }
}
