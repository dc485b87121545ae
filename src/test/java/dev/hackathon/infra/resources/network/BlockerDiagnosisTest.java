package dev.hackathon.infra.resources.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import dev.hackathon.infra.engine.Phase;
import dev.hackathon.infra.resources.DeletionHeldException;
import dev.hackathon.infra.engine.ErrorClass;
import dev.hackathon.infra.engine.Policy;
import dev.hackathon.infra.resources.AwsErrorClassifier;
import dev.hackathon.infra.resources.Ownership;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.DescribeInstancesRequest;
import software.amazon.awssdk.services.ec2.model.DescribeInstancesResponse;
import software.amazon.awssdk.services.ec2.model.DescribeNatGatewaysRequest;
import software.amazon.awssdk.services.ec2.model.DescribeNatGatewaysResponse;
import software.amazon.awssdk.services.ec2.model.DescribeNetworkInterfacesRequest;
import software.amazon.awssdk.services.ec2.model.DescribeNetworkInterfacesResponse;
import software.amazon.awssdk.services.ec2.model.DescribeSecurityGroupsRequest;
import software.amazon.awssdk.services.ec2.model.DescribeSecurityGroupsResponse;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.NatGateway;
import software.amazon.awssdk.services.ec2.model.NetworkInterface;
import software.amazon.awssdk.services.ec2.model.SecurityGroup;
import software.amazon.awssdk.services.ec2.model.Tag;

/**
 * Who holds a resource, from what AWS says about its network interfaces: the owners real AWS
 * reports (load balancer, RDS, NAT gateway interfaces) that moto does not produce, and when
 * a holder makes waiting pointless.
 */
class BlockerDiagnosisTest {

    private static final Tag OURS = Tag.builder().key(Ownership.STACK_TAG).value("demo").build();

    /** A hand-written EC2 that answers the Describes the diagnosis makes from fixed lists. */
    private static final class FakeEc2 implements Ec2Client {
        final List<NetworkInterface> interfaces = new ArrayList<>();
        final List<Instance> instances = new ArrayList<>();
        final List<NatGateway> nats = new ArrayList<>();
        final List<SecurityGroup> referring = new ArrayList<>();
        final AtomicInteger describes = new AtomicInteger();

        @Override
        public DescribeNetworkInterfacesResponse describeNetworkInterfaces(DescribeNetworkInterfacesRequest r) {
            describes.incrementAndGet();
            return DescribeNetworkInterfacesResponse.builder().networkInterfaces(interfaces).build();
        }

        @Override
        public DescribeInstancesResponse describeInstances(DescribeInstancesRequest r) {
            return DescribeInstancesResponse.builder().reservations(x -> x.instances(instances)).build();
        }

        @Override
        public DescribeNatGatewaysResponse describeNatGateways(DescribeNatGatewaysRequest r) {
            return DescribeNatGatewaysResponse.builder().natGateways(nats).build();
        }

        @Override
        public DescribeSecurityGroupsResponse describeSecurityGroups(DescribeSecurityGroupsRequest r) {
            boolean ingress = r.filters().get(0).name().equals("ip-permission.group-id");
            return DescribeSecurityGroupsResponse.builder().securityGroups(ingress ? referring : List.of()).build();
        }

        @Override
        public String serviceName() {
            return "ec2";
        }

        @Override
        public void close() {
        }
    }

    private final FakeEc2 ec2 = new FakeEc2();
    private final BlockerDiagnosis diagnosis = new BlockerDiagnosis(ec2, new Ownership("demo"));

    private static NetworkInterface eni(String id, String description, boolean requesterManaged) {
        return NetworkInterface.builder().networkInterfaceId(id).description(description)
                .requesterManaged(requesterManaged).status("in-use").interfaceType("interface").build();
    }

    private static Ec2Exception dependencyViolation() {
        return (Ec2Exception) Ec2Exception.builder().statusCode(400).awsErrorDetails(AwsErrorDetails.builder()
                .errorCode("DependencyViolation").errorMessage("The subnet has dependencies").build()).build();
    }

    @Test
    void namesTheOwnersBehindAwsManagedInterfaces() {
        ec2.interfaces.add(eni("eni-1", "ELB app/demo-alb/50dc6c495c0c9188", true));
        ec2.interfaces.add(eni("eni-2", "ELB app/someone-else/1", true));
        ec2.interfaces.add(eni("eni-3", "RDSNetworkInterface", true));
        ec2.interfaces.add(eni("eni-4", "Interface for NAT Gateway nat-0abc", true));
        ec2.nats.add(NatGateway.builder().natGatewayId("nat-0abc").state("deleting").tags(OURS).build());
        ec2.interfaces.add(eni("eni-5", "ElastiCache demo-cache-main-001", true).toBuilder().requesterId("amazon-elasticache").build());

        List<String> found = diagnosis.ofSubnet("subnet-1").stream().map(BlockerDiagnosis.Blocker::toString).toList();

        assertEquals(List.of(
                "load balancer app/demo-alb/50dc6c495c0c9188 (interface eni-1, stack demo by name)",
                "load balancer app/someone-else/1 (interface eni-2, not part of stack demo by name)",
                "RDS database (AWS-managed interface eni-3)",
                "NAT gateway nat-0abc (deleting, stack demo)",
                "AWS-managed interface eni-5 (ElastiCache demo-cache-main-001, requester amazon-elasticache)"), found);
        // None of them stays for good: each goes with its owner's deletion, so down waits.
        assertTrue(diagnosis.ofSubnet("subnet-1").stream().noneMatch(BlockerDiagnosis.Blocker::stays));
    }

    @Test
    void aRunningInstanceThatIsNotTheStacksEndsTheWaitAtOnce() {
        ec2.interfaces.add(eni("eni-9", "", false).toBuilder().attachment(a -> a.instanceId("i-0f00")).build());
        ec2.instances.add(Instance.builder().instanceId("i-0f00").state(s -> s.name("running"))
                .tags(Tag.builder().key("Name").value("experiment").build()).build());

        DeletionHeldException held = assertThrows(DeletionHeldException.class,
                () -> diagnosis.deleting("subnet-1", () -> { throw dependencyViolation(); }, () -> diagnosis.ofSubnet("subnet-1")));

        assertEquals("held by EC2 instance i-0f00 (running, not part of stack demo), which down never deletes"
                + " (DependencyViolation: The subnet has dependencies)", held.getMessage());
        assertEquals("remove it, or move it out of the stack's network, then run down again", held.fix());
        assertFalse(held.waitingHelps());
        assertEquals(ErrorClass.PERMANENT, AwsErrorClassifier.INSTANCE.classify(held, Phase.DELETE, Policy.DEFAULT));
    }

    @Test
    void theStacksOwnHoldersAreWaitedForAndLookedUpAgainOnlyNowAndThen() {
        ec2.interfaces.add(eni("eni-9", "", false).toBuilder().attachment(a -> a.instanceId("i-0a")).build());
        ec2.instances.add(Instance.builder().instanceId("i-0a").state(s -> s.name("shutting-down")).tags(OURS).build());

        for (int refusal = 1; refusal <= BlockerDiagnosis.LOOK_EVERY; refusal++) {
            DeletionHeldException held = assertThrows(DeletionHeldException.class, () -> diagnosis.deleting("subnet-1",
                    () -> { throw dependencyViolation(); }, () -> diagnosis.ofSubnet("subnet-1")));
            assertEquals("DependencyViolation: The subnet has dependencies; held by EC2 instance i-0a (shutting-down,"
                    + " stack demo)", held.getMessage());
            assertTrue(held.waitingHelps());
            assertEquals(null, held.fix(), "nothing to do but wait");
            assertEquals(ErrorClass.HELD, AwsErrorClassifier.INSTANCE.classify(held, Phase.DELETE, Policy.DEFAULT));
        }
        assertEquals(2, ec2.describes.get(), "looked up at the first refusal and the " + BlockerDiagnosis.LOOK_EVERY + "th");
    }

    @Test
    void otherErrorsAndUnexplainedRefusalsPassThroughUnchanged() {
        Ec2Exception refused = dependencyViolation();
        assertSame(refused, assertThrows(Ec2Exception.class,
                () -> diagnosis.deleting("subnet-2", () -> { throw refused; }, List::of)));
        IllegalStateException other = new IllegalStateException("no");
        assertSame(other, assertThrows(IllegalStateException.class,
                () -> diagnosis.deleting("subnet-2", () -> { throw other; }, () -> diagnosis.ofSubnet("subnet-2"))));
        assertEquals(0, ec2.describes.get(), "an error that is not a dependency error is not diagnosed");
    }

    @Test
    void aGroupThatIsNotTheStacksReferringToOursStays() {
        ec2.referring.add(SecurityGroup.builder().groupId("sg-other").groupName("team-b").build());
        ec2.referring.add(SecurityGroup.builder().groupId("sg-1").groupName("self").tags(OURS).build());

        List<BlockerDiagnosis.Blocker> found = diagnosis.ofSecurityGroup("sg-1");

        assertEquals(List.of(new BlockerDiagnosis.Blocker(
                "security group sg-other (team-b, not part of stack demo) whose rules refer to it", true)), found);
    }
}
