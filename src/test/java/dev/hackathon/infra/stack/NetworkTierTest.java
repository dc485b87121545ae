package dev.hackathon.infra.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import dev.hackathon.infra.aws.AwsSession;
import dev.hackathon.infra.config.StackConfig;
import dev.hackathon.infra.engine.RunListener;
import dev.hackathon.infra.engine.RunResult;
import dev.hackathon.infra.engine.VirtualClock;
import dev.hackathon.infra.resources.Ownership;
import dev.hackathon.infra.resources.network.PermissionSet;
import dev.hackathon.infra.testing.FaultInjector;
import dev.hackathon.infra.testing.RecordingInterceptor;
import dev.hackathon.infra.testing.TestConfigs;
import dev.hackathon.infra.testing.StackResources;
import dev.hackathon.infra.testing.WithMoto;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.RouteTable;
import software.amazon.awssdk.services.ec2.model.SecurityGroup;
import software.amazon.awssdk.services.ec2.model.Subnet;
import software.amazon.awssdk.services.ec2.model.Tag;

/** Issue 2 end to end against moto: up, idempotence, status and drift, down, foreign resources. */
@WithMoto
class NetworkTierTest {

    private static StackService service(AwsSession aws, StackConfig config) {
        return new StackService(config, aws, new VirtualClock(System.currentTimeMillis()),
                StackService.defaultSettings(config), RunListener.NONE);
    }

    /** Only the network tier, whatever other tiers the graph grows: this test is about the network. */
    private static Set<String> networkKeys(StackService s) {
        return s.graph().nodes().stream().map(n -> n.key())
                .filter(k -> k.matches("(vpc|subnet|igw|eip|nat|rt|sg|default-sg)/.*")).collect(Collectors.toCollection(TreeSet::new));
    }

    @Test
    void upCreatesTheTaggedNetworkOnceAndDownRemovesOnlyItsOwn(AwsSession aws, RecordingInterceptor calls) {
        Ec2Client ec2 = aws.ec2();
        String foreignVpc = ec2.createVpc(r -> r.cidrBlock("10.9.0.0/16")).vpc().vpcId();
        String foreignSg = ec2.createSecurityGroup(r -> r.groupName("foreign").description("not ours").vpcId(foreignVpc)).groupId();
        StackConfig config = TestConfigs.seed("net1");
        StackService s = service(aws, config);

        RunResult up = s.up(s.discover());
        assertTrue(up.succeeded(), () -> up.failures().toString());

        // Everything the network tier declares exists, tagged with stack and key.
        Map<String, String> found = taggedKeys(ec2, "net1");
        for (String key : networkKeys(s)) {
            assertTrue(found.containsKey(key), "missing " + key + " in " + found.keySet());
        }
        assertEquals(6, ec2.describeSubnets(r -> r.filters(stack("net1"))).subnets().size());
        for (Subnet sn : ec2.describeSubnets(r -> r.filters(stack("net1"))).subnets()) {
            assertFalse(Boolean.TRUE.equals(sn.mapPublicIpOnLaunch()), "no public IPs on launch");
        }
        // Security groups: alb open on 80/443 v4+v6, app only from alb, db/cache only from app and no egress.
        Map<String, SecurityGroup> groups = ec2.describeSecurityGroups(r -> r.filters(stack("net1"))).securityGroups()
                .stream().collect(Collectors.toMap(g -> tag(g.tags(), Ownership.KEY_TAG), g -> g));
        String alb = groups.get("sg/alb").groupId();
        String app = groups.get("sg/app").groupId();
        assertEquals(Set.of("tcp:80-80 from 0.0.0.0/0", "tcp:80-80 from ::/0", "tcp:443-443 from 0.0.0.0/0",
                "tcp:443-443 from ::/0"), PermissionSet.of(groups.get("sg/alb").ipPermissions()));
        assertEquals(Set.of("tcp:80-80 from " + alb, "tcp:3000-3000 from " + alb),
                PermissionSet.of(groups.get("sg/app").ipPermissions()));
        assertEquals(Set.of("tcp:5432-5432 from " + app), PermissionSet.of(groups.get("sg/db").ipPermissions()));
        assertEquals(Set.of("tcp:6379-6379 from " + app), PermissionSet.of(groups.get("sg/cache").ipPermissions()));
        assertTrue(groups.get("sg/db").ipPermissionsEgress().isEmpty(), "db group must have no egress");
        assertTrue(groups.get("sg/cache").ipPermissionsEgress().isEmpty(), "cache group must have no egress");
        SecurityGroup dflt = groups.get("default-sg/main");
        assertTrue(dflt.ipPermissions().isEmpty() && dflt.ipPermissionsEgress().isEmpty(), "default SG locked down");
        // Routes: public → IGW, app → NAT, data → none; each table holds its tier's two subnets.
        Map<String, RouteTable> tables = ec2.describeRouteTables(r -> r.filters(stack("net1"))).routeTables().stream()
                .collect(Collectors.toMap(t -> tag(t.tags(), Ownership.KEY_TAG), t -> t));
        assertEquals(found.get("igw/main"), defaultRoute(tables.get("rt/public")));
        assertEquals(found.get("nat/a"), defaultRoute(tables.get("rt/app")));
        assertEquals(null, defaultRoute(tables.get("rt/data")));
        tables.values().forEach(t -> assertEquals(2, t.associations().stream().filter(a -> a.subnetId() != null).count()));

        // A second up changes nothing: zero mutating calls.
        calls.clear();
        RunResult again = s.up(s.discover());
        assertTrue(again.succeeded());
        assertEquals(List.of(), calls.mutatingCalls(), calls.summary());
        assertTrue(s.status(s.discover()).healthy());

        // down removes everything the stack owns and nothing else; twice is a no-op.
        RunResult down = s.down(s.discover());
        assertTrue(down.succeeded(), () -> down.failures().toString());
        assertEquals(Map.of(), taggedKeys(ec2, "net1"));
        assertEquals(1, ec2.describeVpcs(r -> r.vpcIds(foreignVpc)).vpcs().size(), "foreign VPC survives");
        assertEquals(1, ec2.describeSecurityGroups(r -> r.groupIds(foreignSg)).securityGroups().size(), "foreign SG survives");
        calls.clear();
        assertTrue(s.down(s.discover()).succeeded());
        assertEquals(List.of(), calls.mutatingCalls(), calls.summary());
    }

    @Test
    void aRuleWhoseAnswerWasLostAndWhichAwsThenCallsDuplicateIsTakenAsMade(AwsSession aws, FaultInjector faults,
                                                                         RecordingInterceptor calls) {
        StackConfig config = TestConfigs.seed("net3");
        StackService s = service(aws, config);
        // The rule is added, its answer lost (HTTP 500): the SDK repeats the call (it is no
        // create), and EC2 answers InvalidPermission.Duplicate. The first call worked: up reads
        // the group again and goes on with what is left (the data groups' egress revoke).
        faults.loseResponse("ec2:AuthorizeSecurityGroupIngress").times(1);

        RunResult up = s.up(s.discover());

        assertTrue(up.succeeded(), () -> up.failures().toString());
        assertEquals(List.of(FaultInjector.Kind.LOST_RESPONSE), faults.injected("ec2:AuthorizeSecurityGroupIngress").stream()
                .map(FaultInjector.Injected::kind).toList());
        assertTrue(calls.calls("ec2:AuthorizeSecurityGroupIngress").stream()
                .anyMatch(c -> "InvalidPermission.Duplicate".equals(c.errorCode())), calls.summary());
        assertTrue(s.status(s.discover()).healthy(), "every rule once, no egress on the data groups");
        assertTrue(s.down(s.discover()).succeeded());
    }

    @Test
    void statusReportsDriftAndUpRepairsIt(AwsSession aws) {
        StackConfig config = TestConfigs.seed("net2");
        StackService s = service(aws, config);
        assertTrue(s.up(s.discover()).succeeded());
        Ec2Client ec2 = aws.ec2();
        StatusReport ok = s.status(s.discover());
        assertTrue(ok.healthy(), () -> ok.resources().toString());

        // Behind the tool's back: a subnet deleted, an ingress rule added, egress opened on the db group.
        Map<String, String> ids = taggedKeys(ec2, "net2");
        ec2.deleteSubnet(r -> r.subnetId(ids.get("subnet/data-b")));
        ec2.authorizeSecurityGroupIngress(r -> r.groupId(ids.get("sg/app")).ipPermissions(PermissionSet.permission("tcp:22-22 from 0.0.0.0/0")));
        ec2.authorizeSecurityGroupEgress(r -> r.groupId(ids.get("sg/db")).ipPermissions(PermissionSet.permission("-1:all from 0.0.0.0/0")));

        StatusReport drift = s.status(s.discover());
        assertFalse(drift.healthy());
        assertFalse(byKey(drift, "subnet/data-b").present());
        assertTrue(byKey(drift, "sg/app").drift().stream().anyMatch(c -> c.field().equals("ingress")));
        assertTrue(byKey(drift, "sg/db").securityFinding(), "egress on the db group is a security finding");
        assertTrue(drift.warnings().stream().anyMatch(w -> w.startsWith("SECURITY") && w.contains("sg/db")));

        assertTrue(s.up(s.discover()).succeeded());
        StatusReport repaired = s.status(s.discover());
        assertTrue(repaired.healthy(), () -> repaired.resources().stream().filter(r -> !r.healthy()).toList().toString());
        assertTrue(s.down(s.discover()).succeeded());
    }

    private static ResourceStatus byKey(StatusReport r, String key) {
        return r.resources().stream().filter(x -> x.key().equals(key)).findFirst().orElseThrow();
    }

    private static Filter stack(String name) {
        return Filter.builder().name("tag:" + Ownership.STACK_TAG).values(name).build();
    }

    private static String tag(List<Tag> tags, String key) {
        return tags.stream().filter(t -> t.key().equals(key)).map(Tag::value).findFirst().orElse(null);
    }

    private static String defaultRoute(RouteTable t) {
        return t.routes().stream().filter(r -> "0.0.0.0/0".equals(r.destinationCidrBlock()))
                .map(r -> r.natGatewayId() != null ? r.natGatewayId() : r.gatewayId()).findFirst().orElse(null);
    }

    /** Key → id of every live EC2 network resource tagged with the stack. */
    static Map<String, String> taggedKeys(Ec2Client ec2, String stack) {
        return StackResources.ec2(ec2, stack);
    }
}
