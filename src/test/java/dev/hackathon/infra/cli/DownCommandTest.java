package dev.hackathon.infra.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.hackathon.infra.aws.AwsSession;
import dev.hackathon.infra.resources.Ownership;
import dev.hackathon.infra.resources.edge.LoadBalancers;
import dev.hackathon.infra.testing.AwsTeardownBehaviour;
import dev.hackathon.infra.testing.MotoServer;
import dev.hackathon.infra.testing.RecordingInterceptor;
import dev.hackathon.infra.testing.StackResources;
import dev.hackathon.infra.testing.TestCli;
import dev.hackathon.infra.testing.TestCli.Result;
import dev.hackathon.infra.testing.WithMoto;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.ResourceType;

/**
 * Issue 6 through the command line against moto: {@code down} on whatever exists, a foreign
 * resource named and left alone, security groups untangled, deletion protection reported
 * before anything is deleted.
 */
@WithMoto
class DownCommandTest {

    @TempDir
    Path dir;

    @Test
    void aForeignInstanceInTheStacksSubnetIsNamedAndLeftAloneAndASecondDownFinishesOnceItIsGone(
            MotoServer moto, AwsSession aws) {
        TestCli cli = new TestCli(moto);
        String config = TestCli.seedConfig(dir, "dn1").toString();
        assertEquals(0, cli.run("up", "--config", config).exit());
        Ec2Client ec2 = aws.ec2();
        String subnet = StackResources.ec2(ec2, "dn1").get("subnet/app-a");
        String image = ec2.describeImages(r -> r.owners("amazon")).images().get(0).imageId();
        // Someone's own instance, without the stack's tags, in the stack's app subnet.
        String foreign = ec2.runInstances(r -> r.imageId(image).instanceType("t3.micro").minCount(1).maxCount(1)
                .subnetId(subnet).tagSpecifications(t -> t.resourceType(ResourceType.INSTANCE)
                        .tags(x -> x.key("Name").value("my-experiment")))).instances().get(0).instanceId();

        try (AwsTeardownBehaviour ignored = AwsTeardownBehaviour.enforceDependencies(cli.faults, cli.clock(), moto)) {
            long start = cli.clock().nowMillis();
            Result first = cli.run("down", "--yes", "--config", config);

            assertEquals(1, first.exit(), first::toString);
            assertTrue(first.out().contains("deleting subnet (subnet/app-a): held by EC2 instance " + foreign
                    + " (running, not part of stack dn1), which down never deletes"), first::toString);
            Readme.assertTroubleshootingCovers(first.out());
            assertTrue(first.out().contains("left: vpc/main, subnet/app-a"), first::toString);
            // Everything else went; the foreign instance, its subnet and the VPC stay.
            assertEquals(Set.of("default-sg/main", "subnet/app-a", "vpc/main"), StackResources.ec2(ec2, "dn1").keySet());
            assertEquals("running", state(ec2, foreign));
            // No waiting for what will not go by itself: the subnet failed at AWS's first refusal.
            // (the refusal is the behaviour layer's: it enforces what moto does not)
            assertEquals(1, cli.faults.layerInjectedCount("ec2:DeleteSubnet"), cli.faults.injected()::toString);
            assertTrue(cli.clock().nowMillis() - start < 60_000, "virtual ms: " + (cli.clock().nowMillis() - start));

            ec2.terminateInstances(r -> r.instanceIds(foreign));
            Result second = cli.run("down", "--yes", "--config", config);

            assertEquals(0, second.exit(), second::toString);
            assertEquals(Map.of(), StackResources.ec2(ec2, "dn1"));
        }
    }

    @Test
    void downWorksOnWhateverExistsAfterAFailedUpAHalfDoneDownAndDeletionsByHand(MotoServer moto, AwsSession aws) {
        TestCli cli = new TestCli(moto);
        String config = TestCli.seedConfig(dir, "dn2").toString();
        // An up that stops partway: the database cannot be created, so its dependents are not either.
        cli.faults.fail("rds:CreateDBInstance", "InvalidParameterCombination", 400);
        Result up = cli.run("up", "--config", config);
        assertEquals(1, up.exit(), up::toString);
        cli.faults.clearRules();
        // And someone deleted the NAT gateway and the cache by hand.
        Ec2Client ec2 = aws.ec2();
        String nat = StackResources.ec2(ec2, "dn2").get("nat/a");
        ec2.deleteNatGateway(r -> r.natGatewayId(nat));
        aws.elasticache().deleteReplicationGroup(r -> r.replicationGroupId("dn2-cache-main"));

        // A down that cannot finish: the VPC is refused until the deletion timeout ends.
        cli.faults.fail("ec2:DeleteVpc", "DependencyViolation", 400);
        Result halfDone = cli.run("down", "--yes", "--timeout", "3m", "--config", config);
        assertEquals(1, halfDone.exit(), halfDone::toString);
        assertTrue(halfDone.out().contains("deleting VPC (vpc/main): DependencyViolation"), halfDone::toString);
        assertTrue(halfDone.out().contains("left: vpc/main"), halfDone::toString);
        assertEquals(Set.of("default-sg/main", "vpc/main"), StackResources.ec2(ec2, "dn2").keySet());
        cli.faults.clearRules();

        Result rest = cli.run("down", "--yes", "--config", config);
        assertEquals(0, rest.exit(), rest::toString);
        assertEquals(Map.of(), StackResources.ec2(ec2, "dn2"));

        // Twice: nothing left, nothing changed.
        cli.calls.clear();
        Result again = cli.run("down", "--yes", "--config", config);
        assertEquals(0, again.exit(), again::toString);
        assertTrue(again.err().contains("Nothing to delete: no resource is tagged with stack dn2"), again::toString);
        assertEquals(List.of(), changesToTheStack(cli.calls), cli.calls::summary);
    }

    @Test
    void securityGroupsReferringToEachOtherAreUntangledWhateverTheOrder(MotoServer moto, AwsSession aws) {
        TestCli cli = new TestCli(moto);
        String config = TestCli.seedConfig(dir, "dn3").toString();
        assertEquals(0, cli.run("up", "--config", config).exit());
        Ec2Client ec2 = aws.ec2();
        Map<String, String> ids = StackResources.ec2(ec2, "dn3");
        // Two groups of the stack no longer in the config, referring to each other and to sg/app,
        // which refers to one of them: no order of deletion satisfies AWS.
        String a = group(ec2, "dn3", "sg/old-a", ids.get("vpc/main"));
        String b = group(ec2, "dn3", "sg/old-b", ids.get("vpc/main"));
        allow(ec2, a, b);
        allow(ec2, b, a);
        allow(ec2, b, ids.get("sg/app"));
        allow(ec2, ids.get("sg/app"), a);

        try (AwsTeardownBehaviour ignored = AwsTeardownBehaviour.enforceDependencies(cli.faults, cli.clock(), moto)) {
            Result down = cli.run("down", "--yes", "--timeout", "10m", "--config", config);

            assertEquals(0, down.exit(), down::toString);
            assertEquals(Map.of(), StackResources.ec2(ec2, "dn3"));
            assertTrue(cli.calls.count("ec2:RevokeSecurityGroupIngress") >= 2, cli.calls::summary);
        }
    }

    @Test
    void deletionProtectionIsReportedBeforeAnyDeletionAndTurnedOffOnlyWhenConfirmed(MotoServer moto, AwsSession aws)
            throws IOException {
        Path file = TestCli.seedConfig(dir, "dn4");
        Files.writeString(file, Files.readString(file).replace("deletionProtection: false", "deletionProtection: true"));
        String config = file.toString();
        TestCli cli = new TestCli(moto);
        assertEquals(0, cli.run("up", "--config", config).exit());
        // Someone protected the load balancer by hand, too.
        String alb = aws.elb().describeLoadBalancers(r -> r.names("dn4-alb-main")).loadBalancers().get(0).loadBalancerArn();
        aws.elb().modifyLoadBalancerAttributes(r -> r.loadBalancerArn(alb).attributes(a -> a
                .key(LoadBalancers.DELETION_PROTECTION).value("true")));

        Result dry = cli.run("down", "--dry-run", "--config", config);
        assertEquals(0, dry.exit(), dry::toString);
        assertTrue(dry.err().contains("protected: database db/main (dn4-db-main): deletion protection is on"), dry::toString);

        // At a terminal, the prompt names the protection; a wrong answer stops before any change.
        TestCli refusing = new TestCli(moto).interactive("no\n");
        Result refused = refusing.run("down", "--config", config);
        assertEquals(2, refused.exit(), refused::toString);
        assertTrue(refused.err().contains("protected: database db/main (dn4-db-main): deletion protection is on"),
                refused::toString);
        assertTrue(refused.err().contains("protected: load balancer alb/main (" + alb + "): deletion protection is on"),
                refused::toString);
        assertTrue(refused.err().contains("and turn deletion protection off on database db/main, load balancer alb/main: "),
                refused::toString);
        // (At a terminal the answer's Enter ends the prompt's line; the test's input is not echoed.)
        Readme.assertTroubleshootingCovers(refused.err().replace(": error: ", ":\nerror: "));
        assertEquals(List.of(), changesToTheStack(refusing.calls), refusing.calls::summary);

        // --yes is the confirmation: protection off first, then the database, the load balancer and the rest.
        cli.calls.clear();
        Result down = cli.run("down", "--yes", "--config", config);
        assertEquals(0, down.exit(), down::toString);
        assertTrue(down.err().contains("--yes: turning deletion protection off on load balancer alb/main"), down::toString);
        assertEquals(List.of("rds:ModifyDBInstance", "rds:DeleteDBInstance"), names(cli.calls, "rds:ModifyDBInstance",
                "rds:DeleteDBInstance"));
        assertEquals(List.of("elasticloadbalancingv2:ModifyLoadBalancerAttributes",
                "elasticloadbalancingv2:DeleteLoadBalancer"), names(cli.calls,
                "elasticloadbalancingv2:ModifyLoadBalancerAttributes", "elasticloadbalancingv2:DeleteLoadBalancer"));

        // Typing the stack name is the confirmation too.
        assertEquals(0, cli.run("up", "--config", config).exit());
        Result typed = new TestCli(moto).interactive("dn4\n").run("down", "--config", config);
        assertEquals(0, typed.exit(), typed::toString);
        assertEquals(Map.of(), StackResources.ec2(aws.ec2(), "dn4"));
        assertEquals(List.of(), aws.rds().describeDBInstances(r -> { }).dbInstances().stream()
                .filter(d -> d.dbInstanceIdentifier().startsWith("dn4-")).toList());
    }

    /** The calls of these operations, in the order they were made. */
    private static List<String> names(RecordingInterceptor calls, String... operations) {
        return calls.calls().stream().map(RecordingInterceptor.Call::name).filter(List.of(operations)::contains).toList();
    }

    /** Every change but taking and releasing the run lock (an SSM parameter). */
    private static List<RecordingInterceptor.Call> changesToTheStack(RecordingInterceptor calls) {
        return calls.mutatingCalls().stream().filter(c -> !c.service().equals("ssm")).toList();
    }

    private static String state(Ec2Client ec2, String instanceId) {
        return ec2.describeInstances(r -> r.instanceIds(instanceId)).reservations().get(0).instances().get(0).state()
                .nameAsString();
    }

    private static String group(Ec2Client ec2, String stack, String key, String vpc) {
        return ec2.createSecurityGroup(r -> r.groupName(stack + "-" + key.replace('/', '-')).description(key).vpcId(vpc)
                .tagSpecifications(t -> t.resourceType(ResourceType.SECURITY_GROUP).tags(
                        x -> x.key(Ownership.STACK_TAG).value(stack), x -> x.key(Ownership.KEY_TAG).value(key))))
                .groupId();
    }

    /** {@code group} allows port 8080 from {@code source}. */
    private static void allow(Ec2Client ec2, String group, String source) {
        ec2.authorizeSecurityGroupIngress(r -> r.groupId(group).ipPermissions(p -> p.ipProtocol("tcp").fromPort(8080)
                .toPort(8080).userIdGroupPairs(g -> g.groupId(source))));
    }
}
