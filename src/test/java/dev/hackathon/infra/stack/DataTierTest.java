package dev.hackathon.infra.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import dev.hackathon.infra.aws.AwsSession;
import dev.hackathon.infra.config.StackConfig;
import dev.hackathon.infra.engine.Event;
import dev.hackathon.infra.engine.RunListener;
import dev.hackathon.infra.engine.RunResult;
import dev.hackathon.infra.engine.VirtualClock;
import dev.hackathon.infra.resources.Ownership;
import dev.hackathon.infra.testing.EventLog;
import dev.hackathon.infra.testing.FaultInjector;
import dev.hackathon.infra.testing.MotoExtension;
import dev.hackathon.infra.testing.MotoServer;
import dev.hackathon.infra.testing.RecordingInterceptor;
import dev.hackathon.infra.testing.TestConfigs;
import dev.hackathon.infra.testing.WithMoto;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.elasticache.ElastiCacheClient;
import software.amazon.awssdk.services.elasticache.model.CacheSubnetGroup;
import software.amazon.awssdk.services.elasticache.model.CreateReplicationGroupRequest;
import software.amazon.awssdk.services.elasticache.model.ReplicationGroup;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.DBInstance;
import software.amazon.awssdk.services.rds.model.DBSubnetGroup;

/**
 * Issue 3 end to end against moto, through StackService on the stack's graph (network +
 * data and whatever else is wired): the database and cache exactly as configured, read
 * back through Describe; idempotent; in status with their outputs; removed by down with
 * their subnet groups, also when AWS's slow teardown errors are injected; deletion
 * protection stops down unless confirmed.
 */
@WithMoto
class DataTierTest {

    private static StackService service(AwsSession aws, StackConfig config, boolean confirm, RunListener listener) {
        return new StackService(config, aws, new VirtualClock(System.currentTimeMillis()),
                StackService.defaultSettings(config), listener, confirm);
    }

    private static StackService service(AwsSession aws, StackConfig config) {
        return service(aws, config, false, RunListener.NONE);
    }

    static StackConfig with(StackConfig c, StackConfig.Database db, StackConfig.Cache cache) {
        return new StackConfig(c.stack(), c.region(), c.profile(), c.tags(), c.expiresAt(), c.network(), db, cache,
                c.instance(), c.bedrock(), c.loadBalancer(), c.source());
    }

    @Test
    void upCreatesDatabaseAndCacheAsConfiguredOnceAndDownRemovesThemWithTheirSubnetGroups(MotoServer server) {
        RecordingInterceptor calls = new RecordingInterceptor();
        CapturingInterceptor sent = new CapturingInterceptor();
        try (FaultInjector faults = new FaultInjector();
             AwsSession aws = new AwsSession(MotoExtension.REGION, server.endpoint(),
                     StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")),
                     List.of(faults, calls, sent))) {
            StackConfig config = TestConfigs.seed("data1");
            StackService s = service(aws, config);

            RunResult up = s.up(s.discover());
            assertTrue(up.succeeded(), () -> up.failures().toString());

            Map<String, String> net = NetworkTierTest.taggedKeys(aws.ec2(), "data1");
            Set<String> dataSubnets = Set.of(net.get("subnet/data-a"), net.get("subnet/data-b"));
            RdsClient rds = aws.rds();
            ElastiCacheClient cache = aws.elasticache();

            // The DB subnet group: the two data subnets, tagged.
            DBSubnetGroup dbGroup = rds.describeDBSubnetGroups(r -> r.dbSubnetGroupName("data1-db-subnet-group-main"))
                    .dbSubnetGroups().get(0);
            assertEquals(dataSubnets, dbGroup.subnets().stream().map(x -> x.subnetIdentifier()).collect(Collectors.toSet()));
            assertEquals(net.get("vpc/main"), dbGroup.vpcId());
            Map<String, String> groupTags = rdsTags(rds, dbGroup.dbSubnetGroupArn());
            assertEquals("data1", groupTags.get(Ownership.STACK_TAG));
            assertEquals("db-subnet-group/main", groupTags.get(Ownership.KEY_TAG));
            assertEquals("hackathon", groupTags.get("Project"));

            // The database, read back.
            DBInstance db = rds.describeDBInstances(r -> r.dbInstanceIdentifier("data1-db-main")).dbInstances().get(0);
            assertEquals("postgres", db.engine());
            assertTrue(db.engineVersion().equals("16") || db.engineVersion().startsWith("16."), db.engineVersion());
            assertEquals("db.t4g.micro", db.dbInstanceClass());
            assertEquals(20, db.allocatedStorage());
            assertEquals("gp3", db.storageType());
            assertEquals("app", db.dbName());
            assertEquals("app", db.masterUsername());
            assertEquals(Boolean.FALSE, db.publiclyAccessible());
            assertEquals(Boolean.TRUE, db.storageEncrypted());
            assertNotNull(db.masterUserSecret(), "master password managed in Secrets Manager");
            assertTrue(db.masterUserSecret().secretArn().startsWith("arn:aws:secretsmanager:"), db.masterUserSecret().secretArn());
            assertEquals(List.of(net.get("sg/db")), db.vpcSecurityGroups().stream().map(g -> g.vpcSecurityGroupId()).toList());
            assertEquals(Boolean.TRUE, db.copyTagsToSnapshot());
            assertEquals(Boolean.TRUE, db.autoMinorVersionUpgrade());
            assertEquals(1, db.backupRetentionPeriod());
            assertEquals(Boolean.FALSE, db.deletionProtection());
            assertEquals("data1-db-subnet-group-main", db.dbSubnetGroup().dbSubnetGroupName());
            assertEquals("db/main", tagValue(db.tagList().stream().collect(Collectors.toMap(t -> t.key(), t -> t.value())),
                    Ownership.KEY_TAG));
            // No password was ever sent: ManageMasterUserPassword, never MasterUserPassword.
            var createDb = sent.only(software.amazon.awssdk.services.rds.model.CreateDbInstanceRequest.class);
            assertEquals(null, createDb.masterUserPassword());
            assertEquals(Boolean.TRUE, createDb.manageMasterUserPassword());

            // The cache subnet group and the replication group, read back.
            CacheSubnetGroup cacheGroup = cache.describeCacheSubnetGroups(r -> r.cacheSubnetGroupName("data1-cache-subnet-group-main"))
                    .cacheSubnetGroups().get(0);
            assertEquals(dataSubnets, cacheGroup.subnets().stream().map(x -> x.subnetIdentifier()).collect(Collectors.toSet()));
            assertEquals("cache-subnet-group/main", cacheTags(cache, cacheGroup.arn()).get(Ownership.KEY_TAG));
            ReplicationGroup rg = cache.describeReplicationGroups(r -> r.replicationGroupId("data1-cache-main"))
                    .replicationGroups().get(0);
            assertEquals("valkey", rg.engine());
            assertEquals("cache.t4g.micro", rg.cacheNodeType());
            assertEquals(Boolean.TRUE, rg.transitEncryptionEnabled());
            assertEquals(Boolean.TRUE, rg.atRestEncryptionEnabled());
            assertEquals(1, rg.memberClusters().size(), "one node");
            Map<String, String> rgTags = cacheTags(cache, rg.arn());
            assertEquals("data1", rgTags.get(Ownership.STACK_TAG));
            assertEquals("cache/main", rgTags.get(Ownership.KEY_TAG));
            // Neither AWS's DescribeReplicationGroups nor moto's (empty) DescribeCacheClusters
            // returns the group's security groups here: check what was sent.
            CreateReplicationGroupRequest createRg = sent.only(CreateReplicationGroupRequest.class);
            assertEquals(List.of(net.get("sg/cache")), createRg.securityGroupIds());
            assertEquals("data1-cache-subnet-group-main", createRg.cacheSubnetGroupName());
            assertEquals(1, createRg.numCacheClusters());

            // Discovery is bulk: one listing per kind, tags read only for our few subnet/replication groups.
            calls.clear();
            s.discover();
            assertEquals(1, calls.count("rds:DescribeDBInstances"));
            assertEquals(1, calls.count("rds:DescribeDBSubnetGroups"));
            assertEquals(1, calls.count("rds:ListTagsForResource"), calls.summary());
            assertEquals(1, calls.count("elasticache:DescribeReplicationGroups"));
            assertEquals(1, calls.count("elasticache:DescribeCacheSubnetGroups"));
            assertEquals(2, calls.count("elasticache:ListTagsForResource"), calls.summary());

            // A second up changes nothing.
            calls.clear();
            RunResult again = s.up(s.discover());
            assertTrue(again.succeeded(), () -> again.failures().toString());
            assertEquals(List.of(), calls.mutatingCalls(), calls.summary());

            // status: present, ready, in sync, with the outputs (the secret's ARN, never a value).
            StatusReport status = s.status(s.discover());
            for (String key : List.of(DataTier.DB_SUBNET_GROUP, DataTier.DB, DataTier.CACHE_SUBNET_GROUP, DataTier.CACHE)) {
                ResourceStatus r = byKey(status, key);
                assertTrue(r.healthy(), () -> r.toString());
            }
            assertEquals(db.endpoint().address(), status.outputs().get("db.endpoint"));
            assertEquals("5432", status.outputs().get("db.port"));
            assertEquals(db.masterUserSecret().secretArn(), status.outputs().get("db.secretArn"));
            String primary = rg.nodeGroups().get(0).primaryEndpoint().address() + ":"
                    + rg.nodeGroups().get(0).primaryEndpoint().port();
            assertEquals(primary, status.outputs().get("cache.endpoint"));
            assertEquals(Set.of("db.endpoint", "db.port", "db.secretArn"), byKey(status, DataTier.DB).outputs().keySet());

            // down: both gone, and their subnet groups with them (DeleteCacheSubnetGroup called).
            calls.clear();
            RunResult down = s.down(s.discover());
            assertTrue(down.succeeded(), () -> down.failures().toString());
            assertEquals(List.of(), down.remaining());
            assertEquals(1, calls.count("rds:DeleteDBInstance"));
            assertEquals(1, calls.count("rds:DeleteDBSubnetGroup"));
            assertEquals(1, calls.count("elasticache:DeleteReplicationGroup"));
            assertEquals(1, calls.count("elasticache:DeleteCacheSubnetGroup"));
            assertTrue(calls.calls("elasticache:DeleteCacheSubnetGroup").get(0).succeeded());
            assertNoDataResources(aws, "data1");
            assertEquals(Map.of(), NetworkTierTest.taggedKeys(aws.ec2(), "data1"));

            // A second down is a no-op.
            calls.clear();
            assertTrue(s.down(s.discover()).succeeded());
            assertEquals(List.of(), calls.mutatingCalls(), calls.summary());
        }
    }

    @Test
    void downCompletesThroughTheDependencyErrorsOfRealAwsTeardown(AwsSession aws, RecordingInterceptor calls,
                                                                FaultInjector faults) {
        StackConfig config = TestConfigs.seed("data2");
        assertTrue(service(aws, config).up(service(aws, config).discover()).succeeded());
        EventLog events = new EventLog();
        StackService s = service(aws, config, false, events);

        // What AWS answers for minutes while a deleting database or cache still holds its ENIs.
        faults.fail("rds:DeleteDBSubnetGroup", "InvalidDBSubnetGroupStateFault", 400).times(3);
        faults.fail("elasticache:DeleteCacheSubnetGroup", "CacheSubnetGroupInUse", 400).times(3);
        faults.fail("ec2:DeleteSecurityGroup", "DependencyViolation", 400).times(3);
        faults.fail("ec2:DeleteSubnet", "DependencyViolation", 400).times(3);
        calls.clear();

        RunResult down = s.down(s.discover());

        assertTrue(down.succeeded(), () -> down.failures().toString());
        assertEquals(List.of(), down.remaining());
        for (String op : List.of("rds:DeleteDBSubnetGroup", "elasticache:DeleteCacheSubnetGroup",
                "ec2:DeleteSecurityGroup", "ec2:DeleteSubnet")) {
            assertEquals(3, faults.injectedCount(op), op);
            List<RecordingInterceptor.Call> c = calls.calls(op);
            assertTrue(c.get(c.size() - 1).succeeded(), op + " finally succeeds: " + c);
        }
        assertEquals(4, calls.count("rds:DeleteDBSubnetGroup"));
        assertEquals(4, calls.count("elasticache:DeleteCacheSubnetGroup"));
        assertNoDataResources(aws, "data2");
        assertEquals(Map.of(), NetworkTierTest.taggedKeys(aws.ec2(), "data2"));

        // The order comes from the dependencies: each goes only once what holds it is gone.
        events.assertDoneBeforeStarted(DataTier.DB, DataTier.DB_SUBNET_GROUP);
        events.assertDoneBeforeStarted(DataTier.DB, NetworkTier.SG_DB);
        events.assertDoneBeforeStarted(DataTier.CACHE, DataTier.CACHE_SUBNET_GROUP);
        events.assertDoneBeforeStarted(DataTier.CACHE, NetworkTier.SG_CACHE);
        events.assertDoneBeforeStarted(DataTier.DB_SUBNET_GROUP, "subnet/data-a");
        events.assertDoneBeforeStarted(DataTier.CACHE_SUBNET_GROUP, "subnet/data-b");
        assertTrue(events.events().stream().anyMatch(e -> e.type() == Event.Type.RETRYING && e.key().equals(DataTier.DB_SUBNET_GROUP)
                && e.detail().contains("InvalidDBSubnetGroupStateFault")), "retries are reported");
    }

    @Test
    void deletionProtectionStopsDownUnlessConfirmed(AwsSession aws, RecordingInterceptor calls) {
        StackConfig seed = TestConfigs.seed("data3");
        StackConfig.Database d = seed.database();
        StackConfig config = with(seed, new StackConfig.Database(d.engine(), d.version(), d.instanceClass(), d.storageGb(),
                d.name(), d.username(), d.backupRetentionDays(), true, false), seed.cache());
        StackService plain = service(aws, config);
        assertTrue(plain.up(plain.discover()).succeeded());
        RdsClient rds = aws.rds();
        assertEquals(Boolean.TRUE, rds.describeDBInstances(r -> r.dbInstanceIdentifier("data3-db-main"))
                .dbInstances().get(0).deletionProtection());

        // Not confirmed: down says so before it deletes anything; the whole stack stays.
        calls.clear();
        ProtectedResource.NotConfirmedException refused = assertThrows(ProtectedResource.NotConfirmedException.class,
                () -> plain.down(plain.discover()));
        assertEquals(List.of(DataTier.DB), refused.resources().stream().map(ProtectedResource::key).toList());
        assertEquals("nothing was deleted: database db/main (data3-db-main): deletion protection is on",
                refused.getMessage());
        assertEquals(List.of(), calls.mutatingCalls(), calls.summary());
        assertEquals(1, rds.describeDBInstances(r -> r.dbInstanceIdentifier("data3-db-main")).dbInstances().size());

        // Confirmed (--yes): protection turned off, then deleted, and the rest follows.
        calls.clear();
        StackService confirmed = service(aws, config, true, RunListener.NONE);
        RunResult down = confirmed.down(confirmed.discover());
        assertTrue(down.succeeded(), () -> down.failures().toString());
        assertEquals(1, calls.count("rds:ModifyDBInstance"));
        assertEquals(1, calls.count("rds:DeleteDBInstance"));
        assertTrue(indexOf(calls, "rds:ModifyDBInstance") < indexOf(calls, "rds:DeleteDBInstance"));
        assertNoDataResources(aws, "data3");
        assertEquals(Map.of(), NetworkTierTest.taggedKeys(aws.ec2(), "data3"));
    }

    @Test
    void redisEngineAndFinalSnapshotWork(AwsSession aws) {
        StackConfig seed = TestConfigs.seed("data4");
        StackConfig.Database d = seed.database();
        StackConfig config = with(seed, new StackConfig.Database(d.engine(), d.version(), d.instanceClass(), d.storageGb(),
                d.name(), d.username(), d.backupRetentionDays(), false, true), new StackConfig.Cache("redis", "cache.t4g.small"));
        StackService s = service(aws, config);
        RunResult up = s.up(s.discover());
        assertTrue(up.succeeded(), () -> up.failures().toString());

        ReplicationGroup rg = aws.elasticache().describeReplicationGroups(r -> r.replicationGroupId("data4-cache-main"))
                .replicationGroups().get(0);
        assertEquals("redis", rg.engine());
        assertEquals("cache.t4g.small", rg.cacheNodeType());
        assertEquals(Boolean.TRUE, rg.transitEncryptionEnabled());
        assertEquals(Boolean.TRUE, rg.atRestEncryptionEnabled());
        assertTrue(s.status(s.discover()).resources().stream().filter(r -> r.key().startsWith("cache"))
                .allMatch(ResourceStatus::healthy));

        RunResult down = s.down(s.discover());
        assertTrue(down.succeeded(), () -> down.failures().toString());
        assertNoDataResources(aws, "data4");
        // finalSnapshot: true → a manual snapshot named after stack, key and time.
        List<String> snapshots = aws.rds().describeDBSnapshots(r -> r.dbInstanceIdentifier("data4-db-main"))
                .dbSnapshots().stream().map(x -> x.dbSnapshotIdentifier()).toList();
        assertEquals(1, snapshots.size(), snapshots::toString);
        assertTrue(snapshots.get(0).matches("data4-db-main-final-\\d{8}-\\d{6}"), snapshots.get(0));
    }

    @Test
    void statusShowsDatabaseDriftAsSecurityFindingAndUpRepairsIt(AwsSession aws, RecordingInterceptor calls) {
        StackConfig config = TestConfigs.seed("data5");
        StackService s = service(aws, config);
        assertTrue(s.up(s.discover()).succeeded());
        RdsClient rds = aws.rds();
        DBInstance db = rds.describeDBInstances(r -> r.dbInstanceIdentifier("data5-db-main")).dbInstances().get(0);

        // Behind the tool's back: made public, backups extended, a tag removed.
        rds.modifyDBInstance(r -> r.dbInstanceIdentifier("data5-db-main").publiclyAccessible(true)
                .backupRetentionPeriod(7).applyImmediately(true));
        rds.removeTagsFromResource(r -> r.resourceName(db.dbInstanceArn()).tagKeys("Project"));

        StatusReport drift = s.status(s.discover());
        ResourceStatus r = byKey(drift, DataTier.DB);
        assertTrue(r.securityFinding(), r::toString);
        assertEquals(Set.of("publiclyAccessible", "backupRetentionPeriod", "tags.Project"),
                r.drift().stream().map(c -> c.field()).collect(Collectors.toCollection(TreeSet::new)));
        assertTrue(drift.warnings().stream().anyMatch(w -> w.startsWith("SECURITY") && w.contains(DataTier.DB)));

        calls.clear();
        RunResult up = s.up(s.discover());
        assertTrue(up.succeeded(), () -> up.failures().toString());
        assertEquals(1, calls.count("rds:ModifyDBInstance"), calls.summary());
        assertEquals(1, calls.count("rds:AddTagsToResource"), calls.summary());
        DBInstance repaired = rds.describeDBInstances(x -> x.dbInstanceIdentifier("data5-db-main")).dbInstances().get(0);
        assertEquals(Boolean.FALSE, repaired.publiclyAccessible());
        assertEquals(1, repaired.backupRetentionPeriod());
        assertTrue(byKey(s.status(s.discover()), DataTier.DB).healthy());
        assertTrue(s.down(s.discover()).succeeded());
        assertNoDataResources(aws, "data5");
    }

    @Test
    void aReplacedDataSubnetIsPutIntoBothSubnetGroupsInPlace(AwsSession aws, RecordingInterceptor calls) {
        StackConfig config = TestConfigs.seed("data7");
        StackService s = service(aws, config);
        assertTrue(s.up(s.discover()).succeeded());
        // Behind the tool's back: a data subnet deleted (moto allows it; on AWS it would be one without ENIs).
        String old = NetworkTierTest.taggedKeys(aws.ec2(), "data7").get("subnet/data-b");
        aws.ec2().deleteSubnet(r -> r.subnetId(old));

        StatusReport drift = s.status(s.discover());
        assertTrue(byKey(drift, DataTier.DB_SUBNET_GROUP).drift().stream().anyMatch(c -> c.field().equals("subnets")));
        assertTrue(byKey(drift, DataTier.CACHE_SUBNET_GROUP).drift().stream().anyMatch(c -> c.field().equals("subnets")));

        calls.clear();
        RunResult up = s.up(s.discover());
        assertTrue(up.succeeded(), () -> up.failures().toString());
        assertEquals(1, calls.count("rds:ModifyDBSubnetGroup"), calls.summary());
        assertEquals(1, calls.count("elasticache:ModifyCacheSubnetGroup"), calls.summary());
        assertEquals(0, calls.count("rds:DeleteDBInstance") + calls.count("elasticache:DeleteReplicationGroup"),
                "the database and cache stay");
        Map<String, String> net = NetworkTierTest.taggedKeys(aws.ec2(), "data7");
        Set<String> want = Set.of(net.get("subnet/data-a"), net.get("subnet/data-b"));
        assertFalse(want.contains(old));
        assertEquals(want, aws.rds().describeDBSubnetGroups(r -> r.dbSubnetGroupName("data7-db-subnet-group-main"))
                .dbSubnetGroups().get(0).subnets().stream().map(x -> x.subnetIdentifier()).collect(Collectors.toSet()));
        assertEquals(want, aws.elasticache().describeCacheSubnetGroups(r -> r.cacheSubnetGroupName("data7-cache-subnet-group-main"))
                .cacheSubnetGroups().get(0).subnets().stream().map(x -> x.subnetIdentifier()).collect(Collectors.toSet()));
        StatusReport after = s.status(s.discover());
        assertTrue(after.resources().stream().filter(r -> r.kind().contains("subnet-group")).allMatch(ResourceStatus::healthy),
                after.resources()::toString);
        assertTrue(s.down(s.discover()).succeeded());
        assertNoDataResources(aws, "data7");
    }

    @Test
    void ownershipIsDecidedByTagsNotByNamesAndDownLeavesForeignGroupsAlone(AwsSession aws) {
        var ec2 = aws.ec2();
        String vpc = ec2.createVpc(r -> r.cidrBlock("10.77.0.0/16")).vpc().vpcId();
        String a = ec2.createSubnet(r -> r.vpcId(vpc).cidrBlock("10.77.1.0/24").availabilityZone("ap-northeast-1a")).subnet().subnetId();
        String b = ec2.createSubnet(r -> r.vpcId(vpc).cidrBlock("10.77.2.0/24").availabilityZone("ap-northeast-1c")).subnet().subnetId();
        RdsClient rds = aws.rds();
        ElastiCacheClient cache = aws.elasticache();
        // Named like ours, but untagged or tagged for another stack.
        rds.createDBSubnetGroup(r -> r.dbSubnetGroupName("data6-db-subnet-group-foreign").dbSubnetGroupDescription("not ours")
                .subnetIds(a, b));
        rds.createDBSubnetGroup(r -> r.dbSubnetGroupName("data6-db-subnet-group-other").dbSubnetGroupDescription("not ours")
                .subnetIds(a, b).tags(t -> t.key(Ownership.STACK_TAG).value("data6-other")));
        cache.createCacheSubnetGroup(r -> r.cacheSubnetGroupName("data6-cache-subnet-group-foreign")
                .cacheSubnetGroupDescription("not ours").subnetIds(a, b));
        cache.createReplicationGroup(r -> r.replicationGroupId("data6-cache-foreign").replicationGroupDescription("not ours")
                .engine("valkey").cacheNodeType("cache.t4g.micro").cacheSubnetGroupName("data6-cache-subnet-group-foreign")
                .tags(t -> t.key(Ownership.STACK_TAG).value("data6-other")));

        StackService s = service(aws, TestConfigs.seed("data6"));
        assertTrue(s.discover().all().isEmpty(), "nothing is ours yet");
        assertTrue(s.up(s.discover()).succeeded());
        assertTrue(s.discover().orphans(s.graph()).isEmpty());
        RunResult down = s.down(s.discover());
        assertTrue(down.succeeded(), () -> down.failures().toString());

        assertEquals(Set.of("data6-db-subnet-group-foreign", "data6-db-subnet-group-other"),
                rds.describeDBSubnetGroups(r -> { }).dbSubnetGroups().stream().map(g -> g.dbSubnetGroupName())
                        .filter(n -> n.startsWith("data6-")).collect(Collectors.toSet()));
        assertEquals(List.of("data6-cache-subnet-group-foreign"), cache.describeCacheSubnetGroups(r -> { })
                .cacheSubnetGroups().stream().map(g -> g.cacheSubnetGroupName()).filter(n -> n.startsWith("data6-")).toList());
        assertEquals(List.of("data6-cache-foreign"), cache.describeReplicationGroups(r -> { }).replicationGroups().stream()
                .map(g -> g.replicationGroupId()).filter(n -> n.startsWith("data6-")).toList());
    }

    // ---- helpers ----

    private static void assertNoDataResources(AwsSession aws, String stack) {
        RdsClient rds = aws.rds();
        ElastiCacheClient cache = aws.elasticache();
        assertFalse(rds.describeDBInstances(r -> { }).dbInstances().stream()
                .anyMatch(x -> x.dbInstanceIdentifier().startsWith(stack + "-")), "database gone");
        assertFalse(rds.describeDBSubnetGroups(r -> { }).dbSubnetGroups().stream()
                .anyMatch(x -> x.dbSubnetGroupName().startsWith(stack + "-")), "DB subnet group gone");
        assertFalse(cache.describeReplicationGroups(r -> { }).replicationGroups().stream()
                .anyMatch(x -> x.replicationGroupId().startsWith(stack + "-")), "replication group gone");
        assertFalse(cache.describeCacheSubnetGroups(r -> { }).cacheSubnetGroups().stream()
                .anyMatch(x -> x.cacheSubnetGroupName().startsWith(stack + "-")), "cache subnet group gone");
    }

    private static Map<String, String> rdsTags(RdsClient rds, String arn) {
        return rds.listTagsForResource(r -> r.resourceName(arn)).tagList().stream()
                .collect(Collectors.toMap(t -> t.key(), t -> t.value()));
    }

    private static Map<String, String> cacheTags(ElastiCacheClient cache, String arn) {
        return cache.listTagsForResource(r -> r.resourceName(arn)).tagList().stream()
                .collect(Collectors.toMap(t -> t.key(), t -> t.value()));
    }

    private static String tagValue(Map<String, String> tags, String key) {
        return tags.get(key);
    }

    private static ResourceStatus byKey(StatusReport r, String key) {
        return r.resources().stream().filter(x -> x.key().equals(key)).findFirst().orElseThrow();
    }

    private static int indexOf(RecordingInterceptor calls, String op) {
        List<RecordingInterceptor.Call> all = calls.calls();
        for (int i = 0; i < all.size(); i++) {
            if (all.get(i).name().equalsIgnoreCase(op)) {
                return i;
            }
        }
        return -1;
    }

    /** Keeps the requests the tool sent, to check what no Describe returns. */
    static final class CapturingInterceptor implements ExecutionInterceptor {
        private final List<Object> requests = Collections.synchronizedList(new ArrayList<>());

        @Override
        public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
            requests.add(context.request());
        }

        <T> T only(Class<T> type) {
            List<T> found;
            synchronized (requests) {
                found = requests.stream().filter(type::isInstance).map(type::cast).toList();
            }
            assertEquals(1, found.size(), type.getSimpleName() + " sent " + found.size() + " times");
            return found.get(0);
        }
    }
}
