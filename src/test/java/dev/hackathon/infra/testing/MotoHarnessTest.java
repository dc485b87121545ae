package dev.hackathon.infra.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import dev.hackathon.infra.aws.AwsSession;
import dev.hackathon.infra.testing.FaultInjector.Injected;
import dev.hackathon.infra.testing.FaultInjector.Kind;
import dev.hackathon.infra.testing.RecordingInterceptor.Call;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.Vpc;
import software.amazon.awssdk.services.elasticache.ElastiCacheClient;
import software.amazon.awssdk.services.elasticache.model.CacheSubnetGroupInUseException;
import software.amazon.awssdk.services.elasticache.model.CacheSubnetGroupNotFoundException;
import software.amazon.awssdk.services.elasticache.model.InvalidReplicationGroupStateException;
import software.amazon.awssdk.services.elasticache.model.ReplicationGroupNotFoundException;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;
import software.amazon.awssdk.services.ssm.model.ParameterAlreadyExistsException;
import software.amazon.awssdk.services.ssm.model.ParameterType;

/** The harness itself, end to end through the real SDK: moto, its patches, the recorder, the fault injector. */
// Studies moto itself (what it answers, which gaps the patches fill): plain moto, no AWS behaviour layer.
@WithMoto(awsBehaviour = false)
@SuppressWarnings("unchecked") // the SDK's Consumer<Builder>... overloads (tags, filters) are generic varargs
class MotoHarnessTest {

    private static final String STACK_TAG = "hackathon-infra:stack";

    @Test
    void createsVpcWithTagsAndFindsItByTag(AwsSession aws, RecordingInterceptor calls) {
        Ec2Client ec2 = aws.ec2();
        String id = createVpc(ec2, "10.10.0.0/16", "find-by-tag");

        List<Vpc> found = vpcsTagged(ec2, "find-by-tag");

        assertEquals(1, found.size());
        assertEquals(id, found.get(0).vpcId());
        assertTrue(found.get(0).tags().contains(tag("hackathon-infra:key", "vpc")));
        assertEquals(1, calls.mutatingCalls().size());
        assertEquals(1, calls.count("CreateVpc"));
        assertEquals(1, calls.count("ec2:DescribeVpcs"));
        assertEquals("ec2:CreateVpc=1, ec2:DescribeVpcs=1", calls.summary());
    }

    @Test
    void cacheSubnetGroupIsDeletedAndInUseWhileAReplicationGroupIsThere(AwsSession aws, RecordingInterceptor calls) {
        Ec2Client ec2 = aws.ec2();
        ElastiCacheClient cache = aws.elasticache();
        String vpc = createVpc(ec2, "10.20.0.0/16", "cache");
        String subnet = ec2.createSubnet(r -> r.vpcId(vpc).cidrBlock("10.20.1.0/24").availabilityZone("ap-northeast-1a"))
                .subnet().subnetId();
        cache.createCacheSubnetGroup(r -> r.cacheSubnetGroupName("harness-cache").cacheSubnetGroupDescription("harness")
                .subnetIds(subnet).tags(t -> t.key(STACK_TAG).value("cache")));
        cache.createReplicationGroup(r -> r.replicationGroupId("harness-rg").replicationGroupDescription("harness")
                .engine("valkey").cacheNodeType("cache.t4g.micro").cacheSubnetGroupName("harness-cache")
                .transitEncryptionEnabled(true).atRestEncryptionEnabled(true));

        assertThrows(CacheSubnetGroupInUseException.class,
                () -> cache.deleteCacheSubnetGroup(r -> r.cacheSubnetGroupName("harness-cache")));

        assertEquals("deleting",
                cache.deleteReplicationGroup(r -> r.replicationGroupId("harness-rg")).replicationGroup().status());
        // AWS refuses to delete a deleting group; plain moto said yes again.
        assertThrows(InvalidReplicationGroupStateException.class,
                () -> cache.deleteReplicationGroup(r -> r.replicationGroupId("harness-rg")));
        // Still deleting: its nodes still sit in the subnets.
        assertThrows(CacheSubnetGroupInUseException.class,
                () -> cache.deleteCacheSubnetGroup(r -> r.cacheSubnetGroupName("harness-cache")));
        // A poller sees it deleting once, then gone.
        assertEquals("deleting", cache.describeReplicationGroups(r -> r.replicationGroupId("harness-rg"))
                .replicationGroups().get(0).status());
        assertThrows(ReplicationGroupNotFoundException.class,
                () -> cache.describeReplicationGroups(r -> r.replicationGroupId("harness-rg")));

        cache.deleteCacheSubnetGroup(r -> r.cacheSubnetGroupName("harness-cache"));

        assertThrows(CacheSubnetGroupNotFoundException.class,
                () -> cache.deleteCacheSubnetGroup(r -> r.cacheSubnetGroupName("harness-cache")));
        assertTrue(cache.describeCacheSubnetGroups().cacheSubnetGroups().stream()
                .noneMatch(g -> g.cacheSubnetGroupName().equals("harness-cache")));
        assertEquals(2, calls.calls("elasticache:DeleteCacheSubnetGroup").stream()
                .filter(c -> "CacheSubnetGroupInUse".equals(c.errorCode())).count());
    }

    @Test
    void listInstanceProfileTagsAnswers(AwsSession aws) {
        var iam = aws.iam();
        iam.createInstanceProfile(r -> r.instanceProfileName("harness-profile")
                .tags(t -> t.key(STACK_TAG).value("iam"), t -> t.key("hackathon-infra:key").value("profile")));

        var tags = iam.listInstanceProfileTags(r -> r.instanceProfileName("harness-profile")).tags().stream()
                .collect(Collectors.toMap(t -> t.key(), t -> t.value()));

        assertEquals(Map.of(STACK_TAG, "iam", "hackathon-infra:key", "profile"), tags);
        assertThrows(NoSuchEntityException.class,
                () -> iam.listInstanceProfileTags(r -> r.instanceProfileName("no-such-profile")));
    }

    @Test
    void injectedDependencyViolationIsNotExecuted(AwsSession aws, FaultInjector faults, RecordingInterceptor calls) {
        Ec2Client ec2 = aws.ec2();
        String vpc = createVpc(ec2, "10.30.0.0/16", "dependency");
        faults.fail("ec2:DeleteVpc", "DependencyViolation", 400).times(2);

        for (int i = 0; i < 2; i++) {
            Ec2Exception e = assertThrows(Ec2Exception.class, () -> ec2.deleteVpc(r -> r.vpcId(vpc)));
            assertEquals("DependencyViolation", e.awsErrorDetails().errorCode());
            assertEquals(400, e.statusCode());
            assertEquals(1, vpcsTagged(ec2, "dependency").size(), "an injected error must not reach the server");
        }
        ec2.deleteVpc(r -> r.vpcId(vpc));

        assertEquals(0, vpcsTagged(ec2, "dependency").size());
        assertEquals(2, faults.injectedCount("DeleteVpc"));
        List<Call> deletes = calls.calls("DeleteVpc");
        assertEquals(List.of(false, false, true), deletes.stream().map(Call::succeeded).toList());
        assertTrue(deletes.stream().allMatch(c -> c.attempts() == 1), "DependencyViolation is not retried by the SDK: " + deletes);
    }

    @Test
    void lostResponseIsExecutedOnTheServerAndNotRetriedBlindly(AwsSession aws, FaultInjector faults, RecordingInterceptor calls) {
        Ec2Client ec2 = aws.ec2();
        faults.loseResponse("Create*").times(1);

        // Attempt 1 created a VPC and the client got a 500. The SDK must not try again on its own
        // (RetryPolicy: no 5xx retry on a create), or the server would hold two VPCs for one key.
        Ec2Exception e = assertThrows(Ec2Exception.class, () -> createVpc(ec2, "10.40.0.0/16", "lost"));
        assertEquals(500, e.statusCode());
        List<Injected> lost = faults.injected("ec2:CreateVpc");
        assertEquals(1, lost.size());
        assertEquals(Kind.LOST_RESPONSE, lost.get(0).kind());
        assertEquals("InternalError", lost.get(0).errorCode());
        List<String> onServer = vpcsTagged(ec2, "lost").stream().map(Vpc::vpcId).toList();
        assertEquals(1, onServer.size(), "the lost attempt was executed, and only once: " + onServer);
        assertTrue(lost.get(0).serverResponse().contains(onServer.get(0)), lost.get(0).serverResponse());
        Call create = calls.calls("CreateVpc").get(0);
        assertFalse(create.succeeded());
        assertEquals(1, create.attempts());
    }

    @Test
    void throttlingIsRetriedTransparentlyInEveryProtocol(AwsSession aws, FaultInjector faults, RecordingInterceptor calls) {
        faults.throttle("ec2:DescribeVpcs").times(1);
        faults.throttle("elasticache:DescribeCacheSubnetGroups").times(1);
        faults.throttle("ssm:PutParameter").times(1);

        aws.ec2().describeVpcs();
        aws.elasticache().describeCacheSubnetGroups();
        aws.ssm().putParameter(r -> r.name("/harness/throttled").value("v").type(ParameterType.STRING));

        assertEquals(List.of("ec2:DescribeVpcs RequestLimitExceeded", "elasticache:DescribeCacheSubnetGroups Throttling",
                        "ssm:PutParameter ThrottlingException"),
                faults.injected().stream().map(i -> i.name() + " " + i.errorCode()).toList());
        for (Call c : calls.calls()) {
            assertTrue(c.succeeded() && c.attempts() == 2, c.toString());
        }
        // The throttled PutParameter was not executed: one value, version 1.
        assertEquals(1L, aws.ssm().getParameter(r -> r.name("/harness/throttled")).parameter().version());
    }

    @Test
    void injectedErrorsBecomeModelledExceptionsInQueryAndJsonProtocols(AwsSession aws, FaultInjector faults) {
        faults.fail("DeleteCacheSubnetGroup", "CacheSubnetGroupInUse", 400).times(1);
        faults.fail("PutParameter", "ParameterAlreadyExists", 400).times(1);

        CacheSubnetGroupInUseException inUse = assertThrows(CacheSubnetGroupInUseException.class,
                () -> aws.elasticache().deleteCacheSubnetGroup(r -> r.cacheSubnetGroupName("anything")));
        ParameterAlreadyExistsException exists = assertThrows(ParameterAlreadyExistsException.class,
                () -> aws.ssm().putParameter(r -> r.name("/harness/new").value("v").type(ParameterType.STRING)));

        assertEquals("CacheSubnetGroupInUse", inUse.awsErrorDetails().errorCode());
        assertEquals("ParameterAlreadyExists", exists.awsErrorDetails().errorCode());
        assertTrue(exists.getMessage().startsWith("Injected fault: ParameterAlreadyExists"), exists.getMessage());
    }

    @Test
    void proxiedCallsRunConcurrently(AwsSession aws, FaultInjector faults, RecordingInterceptor calls) throws Exception {
        faults.fail("DescribeVpcs", "NeverInjected", 400).times(0); // routes DescribeVpcs through the proxy
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> results = new ArrayList<>();
            for (int i = 0; i < 32; i++) {
                results.add(pool.submit(() -> aws.ec2().describeVpcs()));
            }
            for (Future<?> f : results) {
                f.get(30, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(32, calls.count("DescribeVpcs"));
        assertTrue(calls.calls().stream().allMatch(Call::succeeded), calls.summary());
        assertEquals(List.of(), faults.injected());
    }

    private static String createVpc(Ec2Client ec2, String cidr, String stack) {
        return ec2.createVpc(r -> r.cidrBlock(cidr).tagSpecifications(ts -> ts.resourceType(ResourceType.VPC)
                .tags(tag(STACK_TAG, stack), tag("hackathon-infra:key", "vpc")))).vpc().vpcId();
    }

    private static List<Vpc> vpcsTagged(Ec2Client ec2, String stack) {
        return ec2.describeVpcs(r -> r.filters(f -> f.name("tag:" + STACK_TAG).values(stack))).vpcs();
    }

    private static Tag tag(String key, String value) {
        return Tag.builder().key(key).value(value).build();
    }
}
