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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.hackathon.infra.aws.AwsSession;
import dev.hackathon.infra.resources.Ownership;
import dev.hackathon.infra.testing.FaultInjector;
import dev.hackathon.infra.testing.MotoServer;
import dev.hackathon.infra.testing.StackInventory;
import dev.hackathon.infra.testing.TestCli;
import dev.hackathon.infra.testing.TestCli.Result;
import dev.hackathon.infra.testing.WithMoto;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.ec2.model.CreateNatGatewayRequest;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.RunInstancesRequest;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.TagSpecification;

/**
 * Lost responses: the call ran on the server, its answer never came back (the client sees a
 * 500). The SDK never repeats a create after that; the engine looks the key up by tag and
 * takes what it finds, so no key ever gets two resources. When two do exist (made by hand
 * here), {@code up} keeps one, deletes the other and says so.
 */
@WithMoto
class LostResponseTest {

    static final double LOST = 0.1;

    @TempDir
    Path dir;

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 4, 5})
    void upWithATenthOfCreateAnswersLostMakesExactlyOneResourcePerKey(long seed, MotoServer moto, AwsSession aws) {
        String stack = "lost-" + seed;
        String config = TestCli.seedConfig(dir, stack).toString();
        SortedSet<String> before = StackInventory.account(aws);
        TestCli cli = new TestCli(moto);
        cli.faults.seed(seed);
        for (String creates : List.of("Create*", "Allocate*", "Run*")) {
            cli.faults.loseResponse(creates).withProbability(LOST);
        }

        Result up = cli.run("up", "--config", config);

        assertEquals(0, up.exit(), up::toString);
        List<FaultInjector.Injected> lost = cli.faults.injected();
        assertFalse(lost.isEmpty(), "seed " + seed + " lost no answer: pick another seed");
        System.err.println("seed " + seed + ": lost " + lost);
        cli.faults.clearRules();
        Stacks.assertWholeAndHealthy(cli, config, aws, stack);
        Stacks.assertDownLeavesNothing(cli, config, aws, stack, before);
    }

    @Test
    void twoResourcesWithOneKeyAreCutToOneAndUpSaysWhichItDeleted(MotoServer moto, AwsSession aws) {
        String config = TestCli.seedConfig(dir, "twins").toString();
        SortedSet<String> before = StackInventory.account(aws);
        TestCli cli = new TestCli(moto);
        assertEquals(0, cli.run("up", "--config", config).exit());
        String vpc = only(StackInventory.of(aws, "twins"), "vpc vpc/main");
        String eip = only(StackInventory.of(aws, "twins"), "elastic-ip eip/nat-a");
        // Copies carrying the same stack and key tags, as a lost create without a lookup would leave.
        String twinVpc = aws.ec2().createVpc(r -> r.cidrBlock("10.1.0.0/16")
                .tagSpecifications(tags(ResourceType.VPC, "twins", "vpc/main"))).vpc().vpcId();
        String twinEip = aws.ec2().allocateAddress(r -> r.domain("vpc")
                .tagSpecifications(tags(ResourceType.ELASTIC_IP, "twins", "eip/nat-a"))).allocationId();
        assertEquals(List.of(vpc, twinVpc), StackInventory.of(aws, "twins").get("vpc vpc/main"));
        assertEquals(3, cli.run("status", "--config", config).exit(), "status sees the copies");

        Result up = cli.run("up", "--yes", "--config", config);

        assertEquals(0, up.exit(), up::toString);
        assertTrue(up.err().contains("deleted duplicate vpc/main " + twinVpc + " (two resources carried one key)"), up::toString);
        assertTrue(up.err().contains("deleted duplicate eip/nat-a " + twinEip + " (two resources carried one key)"), up::toString);
        assertTrue(up.out().contains("2 deleted"), up::toString);
        Map<String, List<String>> after = StackInventory.of(aws, "twins");
        assertEquals(List.of(vpc), after.get("vpc vpc/main"), "the VPC the stack is built in stays");
        assertEquals(List.of(eip), after.get("elastic-ip eip/nat-a"), "the address the NAT gateway holds stays");
        Stacks.assertWholeAndHealthy(cli, config, aws, "twins");
        Stacks.assertDownLeavesNothing(cli, config, aws, "twins", before);
    }

    @Test
    void clientTokensAreDerivedFromStackAndKey(MotoServer moto, AwsSession aws) {
        String config = TestCli.seedConfig(dir, "tokens").toString();
        Requests requests = new Requests();
        TestCli cli = new TestCli(moto).intercept(requests);
        assertEquals(0, cli.run("up", "--config", config).exit());

        Map<String, List<String>> stack = StackInventory.of(aws, "tokens");
        Ownership owner = new Ownership("tokens");
        CreateNatGatewayRequest nat = requests.nat;
        assertEquals(owner.clientToken("nat/a", only(stack, "subnet subnet/public-a"), only(stack, "elastic-ip eip/nat-a")),
                nat.clientToken());
        RunInstancesRequest run = requests.run;
        assertEquals(owner.clientToken("instance/app", only(stack, "subnet subnet/app-a"), run.imageId(),
                run.instanceTypeAsString()), run.clientToken());
        assertTrue(nat.clientToken().matches("hi-[0-9a-f]{48}") && run.clientToken().length() <= 64, "AWS takes 64 ASCII");
        assertEquals(0, cli.run("down", "--yes", "--config", config).exit());
    }

    /** The two create requests that carry a ClientToken, as the SDK was asked to send them. */
    private static final class Requests implements ExecutionInterceptor {
        volatile CreateNatGatewayRequest nat;
        volatile RunInstancesRequest run;

        @Override
        public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
            if (context.request() instanceof CreateNatGatewayRequest r) {
                nat = r;
            } else if (context.request() instanceof RunInstancesRequest r) {
                run = r;
            }
        }
    }

    private static TagSpecification tags(ResourceType type, String stack, String key) {
        return TagSpecification.builder().resourceType(type).tags(Tag.builder().key(Ownership.STACK_TAG).value(stack).build(),
                Tag.builder().key(Ownership.KEY_TAG).value(key).build()).build();
    }

    private static String only(Map<String, List<String>> inventory, String label) {
        List<String> ids = inventory.get(label);
        assertEquals(1, ids == null ? 0 : ids.size(), () -> label + " in " + inventory);
        return ids.get(0);
    }
}
