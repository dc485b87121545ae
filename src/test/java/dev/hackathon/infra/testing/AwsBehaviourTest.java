package dev.hackathon.infra.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.hackathon.infra.aws.AwsErrors;
import dev.hackathon.infra.aws.AwsSession;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.elasticache.ElastiCacheClient;
import software.amazon.awssdk.services.elasticache.model.ReplicationGroup;

/**
 * The behaviour layer is on by default for {@code @WithMoto} tests and answers as AWS does
 * for calls made the way the tool makes them (off the test's own thread); the test's own
 * calls by hand see plain moto.
 */
@WithMoto
class AwsBehaviourTest {

    private final ExecutorService tool = Executors.newSingleThreadExecutor();

    @AfterEach
    void stopTheToolThread() {
        tool.shutdownNow();
    }

    /** Runs as the tool: on a thread of its own. */
    private <T> T byTool(Supplier<T> call) {
        try {
            return tool.submit(call::get).get();
        } catch (java.util.concurrent.ExecutionException e) {
            throw (RuntimeException) e.getCause();
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aNewVpcIsUnknownToTheFirstCallsThatNameItAndKnownOnceListed(AwsSession aws, FaultInjector faults) {
        assertTrue(AwsBehaviour.isOn(faults), "on by default");
        Ec2Client ec2 = aws.ec2();
        String vpc = byTool(() -> ec2.createVpc(r -> r.cidrBlock("10.7.0.0/16")).vpc().vpcId());
        for (int i = 0; i < Ec2Consistency.REFUSED_CALLS; i++) {
            RuntimeException e = assertThrows(RuntimeException.class, () -> byTool(() ->
                    ec2.modifyVpcAttribute(r -> r.vpcId(vpc).enableDnsHostnames(b -> b.value(true)))));
            assertEquals("InvalidVpcID.NotFound", AwsErrors.code(e));
        }
        byTool(() -> ec2.modifyVpcAttribute(r -> r.vpcId(vpc).enableDnsHostnames(b -> b.value(true))));
        assertEquals(Ec2Consistency.REFUSED_CALLS, faults.layerInjectedCount("ec2:ModifyVpcAttribute"));

        String other = byTool(() -> ec2.createVpc(r -> r.cidrBlock("10.8.0.0/16")).vpc().vpcId());
        // By hand (the test's thread): plain moto.
        ec2.createTags(r -> r.resources(other).tags(t -> t.key("k").value("v")));
        // A listing that names it ends the lag for the tool too.
        byTool(() -> ec2.describeVpcs(r -> r.filters(Filter.builder().name("tag:k").values("v").build())));
        byTool(() -> ec2.createSubnet(r -> r.vpcId(other).cidrBlock("10.8.0.0/24")));
    }

    @Test
    void aCacheIsCreatingAndRefusesTagCallsUntilItIsAvailable(AwsSession aws, FaultInjector faults) {
        ElastiCacheClient cache = aws.elasticache();
        ReplicationGroup g = byTool(() -> cache.createReplicationGroup(r -> r.replicationGroupId("beh-cache")
                .replicationGroupDescription("d").engine("valkey").cacheNodeType("cache.t4g.micro").numCacheClusters(1)))
                .replicationGroup();
        assertEquals("creating", g.status());
        String arn = byTool(() -> cache.describeReplicationGroups(r -> r.replicationGroupId("beh-cache"))
                .replicationGroups().get(0).arn());
        RuntimeException e = assertThrows(RuntimeException.class,
                () -> byTool(() -> cache.listTagsForResource(r -> r.resourceName(arn))));
        assertEquals("InvalidReplicationGroupState", AwsErrors.code(e));
        assertEquals(CacheStates.NOT_AVAILABLE, AwsErrors.message(e));
        String state = "creating";
        for (int i = 0; i < 5 && state.equals("creating"); i++) {
            state = byTool(() -> cache.describeReplicationGroups(r -> r.replicationGroupId("beh-cache"))
                    .replicationGroups().get(0).status());
        }
        assertEquals("available", state);
        byTool(() -> cache.listTagsForResource(r -> r.resourceName(arn)));
        byTool(() -> cache.deleteReplicationGroup(r -> r.replicationGroupId("beh-cache")));
        e = assertThrows(RuntimeException.class, () -> byTool(() -> cache.addTagsToResource(r -> r.resourceName(arn)
                .tags(t -> t.key("k").value("v")))));
        assertEquals("InvalidReplicationGroupState", AwsErrors.code(e));
    }

    @Test
    void aDeletedDatabaseStaysDeletingForAFewListingsAndItsIdentifierIsNotFree(AwsSession aws) {
        var rds = aws.rds();
        Runnable create = () -> byTool(() -> rds.createDBInstance(r -> r.dbInstanceIdentifier("beh-db").engine("postgres")
                .dbInstanceClass("db.t4g.micro").allocatedStorage(20).masterUsername("app").masterUserPassword("secret123")));
        create.run();
        byTool(() -> rds.describeDBInstances()); // the tool has seen it
        byTool(() -> rds.deleteDBInstance(r -> r.dbInstanceIdentifier("beh-db").skipFinalSnapshot(true)));
        assertEquals(java.util.List.of(), rds.describeDBInstances().dbInstances(), "by hand: plain moto, gone at once");
        for (int i = 0; i < DeletingStates.SIGHTINGS; i++) {
            assertEquals("deleting", byTool(() -> rds.describeDBInstances().dbInstances().get(0).dbInstanceStatus()));
        }
        RuntimeException e = assertThrows(RuntimeException.class, create::run);
        assertEquals("DBInstanceAlreadyExists", AwsErrors.code(e));
        assertEquals(0, byTool(() -> rds.describeDBInstances().dbInstances().size()), "gone after its listings");
        create.run(); // the identifier is free again
    }

    @Test
    void clearRulesKeepsTheLayer(FaultInjector faults) {
        int standing = faults.rules().size();
        faults.fail("ec2:DescribeVpcs", "X", 400);
        faults.clearRules();
        assertEquals(standing, faults.rules().size());
        assertTrue(AwsBehaviour.isOn(faults));
    }
}
