package dev.hackathon.infra.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.hackathon.infra.aws.AwsSession;
import dev.hackathon.infra.testing.MotoServer;
import dev.hackathon.infra.testing.StackInventory;
import dev.hackathon.infra.testing.TestCli;
import dev.hackathon.infra.testing.TestCli.Result;
import dev.hackathon.infra.testing.WithMoto;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.SecurityGroup;

/**
 * Someone used the EC2 console's "Launch more like this" on the stack's instance (a second
 * instance in the same subnet and groups, carrying every tag of the first, the stack's included)
 * and copied the app's security group with its tags. Through moto and the behaviour layer:
 * {@code status}, {@code plan}, {@code up} and {@code down} keep the instance the target groups
 * refer to and name the copy as one the stack never deletes; the copy of the group, a stateless
 * kind, is deleted by {@code up} as a copy of its key; {@code down} stops before deleting anything
 * while the instance copy stands in the stack's network, and once the person has terminated it,
 * leaves nothing.
 */
@WithMoto
class ConsoleCopyTest {

    @TempDir
    Path dir;

    @Test
    void aLaunchMoreLikeThisCopyIsKeptReportedAndNeverDeletedAndAGroupCopyIsDeleted(MotoServer moto, AwsSession aws) {
        String stack = "copies";
        String config = TestCli.seedConfig(dir, stack).toString();
        SortedSet<String> before = StackInventory.account(aws);
        TestCli cli = new TestCli(moto);
        Result up = cli.run("up", "--config", config);
        assertEquals(0, up.exit(), up::toString);
        Ec2Client ec2 = aws.ec2();
        Instance original = byKey(ec2, stack, "instance/app").get(0);
        Instance copy = launchMoreLikeThis(ec2, original);
        SecurityGroup group = groupOf(ec2, stack, "sg/app");
        String groupCopy = ec2.createSecurityGroup(r -> r.groupName(group.groupName() + "-copy").vpcId(group.vpcId())
                .description("copy of " + group.groupName()).tagSpecifications(t -> t.resourceType(ResourceType.SECURITY_GROUP)
                        .tags(group.tags()))).groupId();
        String reported = "a second one (" + copy.instanceId() + ") carries this key; the stack uses " + original.instanceId();

        Result status = cli.run("status", "--config", config);
        assertEquals(3, status.exit(), () -> "the group copy is extra: " + status);
        assertTrue(status.out().contains(reported), status::toString);
        assertTrue(status.out().contains(groupCopy), () -> "the group copy is listed as extra: " + status);

        Result plan = cli.run("plan", "--config", config);
        assertEquals(3, plan.exit(), plan::toString);
        assertTrue(plan.err().contains(reported), plan::toString);
        assertTrue(plan.out().contains("- sg/app (security group " + groupCopy + ") will be destroyed"), plan::toString);
        assertFalse(plan.out().contains(copy.instanceId()), () -> "no plan line touches the instance copy: " + plan);
        assertFalse(plan.out().contains("instance/app"), () -> "the instance the stack uses stays as it is: " + plan);

        Result again = cli.run("up", "--yes", "--config", config);
        assertEquals(0, again.exit(), again::toString);
        assertTrue(again.err().contains(reported), again::toString);
        assertEquals(List.of(group.groupId()), byKeyGroups(ec2, stack, "sg/app"), "the copy of the group is deleted");
        assertEquals(List.of(original.instanceId(), copy.instanceId()).stream().sorted().toList(),
                byKey(ec2, stack, "instance/app").stream().map(Instance::instanceId).sorted().toList(),
                "both instances still run: the copy is never terminated");
        Result healthy = cli.run("status", "--config", config);
        assertEquals(0, healthy.exit(), () -> "the stack itself is whole; the copy is a warning: " + healthy);
        assertTrue(healthy.out().contains(reported), healthy::toString);

        Map<String, List<String>> standing = StackInventory.of(aws, stack);
        Result refused = cli.run("down", "--yes", "--config", config);
        assertEquals(1, refused.exit(), refused::toString);
        assertTrue(refused.err().contains(reported) && refused.err().contains("stopped before deleting anything"),
                refused::toString);
        assertEquals(standing, StackInventory.of(aws, stack), "down deleted nothing while the copy stands");

        ec2.terminateInstances(r -> r.instanceIds(copy.instanceId())); // the person decides
        Stacks.assertDownLeavesNothing(cli, config, aws, stack, before);
    }

    /** What the console does: same image, type, subnet and groups, and a copy of every tag. */
    private static Instance launchMoreLikeThis(Ec2Client ec2, Instance original) {
        List<String> groups = original.securityGroups().stream().map(g -> g.groupId()).toList();
        return ec2.runInstances(r -> r.imageId(original.imageId()).instanceType(original.instanceType())
                .subnetId(original.subnetId()).securityGroupIds(groups).minCount(1).maxCount(1)
                .tagSpecifications(t -> t.resourceType(ResourceType.INSTANCE).tags(original.tags()))).instances().get(0);
    }

    private static List<Instance> byKey(Ec2Client ec2, String stack, String key) {
        return ec2.describeInstances(r -> r.filters(filters(stack, key))).reservations().stream()
                .flatMap(res -> res.instances().stream()).filter(i -> !i.state().nameAsString().equals("terminated"))
                .toList();
    }

    private static SecurityGroup groupOf(Ec2Client ec2, String stack, String key) {
        return ec2.describeSecurityGroups(r -> r.filters(filters(stack, key))).securityGroups().get(0);
    }

    private static List<String> byKeyGroups(Ec2Client ec2, String stack, String key) {
        return ec2.describeSecurityGroups(r -> r.filters(filters(stack, key))).securityGroups().stream()
                .map(SecurityGroup::groupId).toList();
    }

    private static List<Filter> filters(String stack, String key) {
        return List.of(Filter.builder().name("tag:hackathon-infra:stack").values(stack).build(),
                Filter.builder().name("tag:hackathon-infra:key").values(key).build());
    }
}
