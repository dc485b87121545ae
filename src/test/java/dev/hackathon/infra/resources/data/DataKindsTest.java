package dev.hackathon.infra.resources.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

import dev.hackathon.infra.engine.Change;
import dev.hackathon.infra.engine.Context;
import dev.hackathon.infra.engine.Observed;
import dev.hackathon.infra.engine.Status;
import dev.hackathon.infra.resources.Ownership;
import software.amazon.awssdk.services.elasticache.ElastiCacheClient;
import software.amazon.awssdk.services.elasticache.model.ModifyReplicationGroupRequest;
import software.amazon.awssdk.services.elasticache.model.ModifyReplicationGroupResponse;
import software.amazon.awssdk.services.elasticache.model.ReplicationGroup;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.DBInstance;
import software.amazon.awssdk.services.rds.model.ModifyDbInstanceRequest;
import software.amazon.awssdk.services.rds.model.ModifyDbInstanceResponse;

/**
 * The data kinds' decisions that moto cannot show: version rules, readiness mapping,
 * refused changes, and cache updates (moto has no ModifyReplicationGroup) with a mocked client.
 */
class DataKindsTest {

    private static final Ownership OWNER = new Ownership("unit");
    private static final DbInstances.Spec DB_SPEC = new DbInstances.Spec("postgres", "16", "db.t4g.micro", 20, "app",
            "app", 1, false, "db-subnet-group/main", "sg/db");

    /** A context where sg/db is sg-db, sg/cache is sg-cache, and tags are the ownership pair. */
    private static final Context CTX = new Context() {
        @Override
        public Optional<Observed> find(String key) {
            return Map.of("sg/db", "sg-db", "sg/cache", "sg-cache", "db-subnet-group/main", "unit-db-subnet-group-main",
                    "cache-subnet-group/main", "unit-cache-subnet-group-main").entrySet().stream()
                    .filter(e -> e.getKey().equals(key)).findFirst()
                    .map(e -> new Observed(key, e.getValue(), "available", Map.of(), null));
        }

        @Override
        public Map<String, String> tags(String key) {
            Map<String, String> t = new LinkedHashMap<>();
            t.put(Ownership.STACK_TAG, "unit");
            t.put(Ownership.KEY_TAG, key);
            return t;
        }
    };

    private static DBInstance.Builder inSync() {
        return DBInstance.builder().dbInstanceIdentifier("unit-db-main").dbInstanceArn("arn:aws:rds:x:1:db:unit-db-main")
                .engine("postgres").engineVersion("16.4").dbInstanceClass("db.t4g.micro").allocatedStorage(20)
                .storageType("gp3").backupRetentionPeriod(1).deletionProtection(false).publiclyAccessible(false)
                .storageEncrypted(true).masterUserSecret(s -> s.secretArn("arn:aws:secretsmanager:x:1:secret:rds"))
                .vpcSecurityGroups(g -> g.vpcSecurityGroupId("sg-db")).copyTagsToSnapshot(true)
                .autoMinorVersionUpgrade(true).dbInstanceStatus("available");
    }

    private static Observed observed(DBInstance db) {
        return new Observed("db/main", db.dbInstanceIdentifier(), db.dbInstanceStatus(), CTX.tags("db/main"), db);
    }

    @Test
    void versionsMatchOnTheMajorAndOnlyAMinorUpgradeIsMadeInPlace() {
        assertNull(DbInstances.versionChange("16.4", "16"));
        assertNull(DbInstances.versionChange("16.4", "16.3"), "auto minor upgrades move ahead of a pinned minor");
        assertEquals("engineVersion", DbInstances.versionChange("16.2", "16.10").field(), "numeric, not text, order");
        assertEquals("engineMajorVersion", DbInstances.versionChange("15.7", "16").field());
        assertEquals("engineMajorVersion", DbInstances.versionChange("17.1", "16").field());
    }

    @Test
    void databaseInSyncHasNoDiffAndDriftIsClassified() {
        DbInstances kind = new DbInstances(mock(RdsClient.class), OWNER);
        assertEquals(List.of(), kind.diff("db/main", DB_SPEC, observed(inSync().build()), CTX));

        DBInstance open = inSync().publiclyAccessible(true).storageEncrypted(false).masterUserSecret((software.amazon.awssdk.services.rds.model.MasterUserSecret) null)
                .vpcSecurityGroups(g -> g.vpcSecurityGroupId("sg-db"), g -> g.vpcSecurityGroupId("sg-wide-open")).build();
        List<Change> changes = kind.diff("db/main", DB_SPEC, observed(open), CTX);
        assertEquals(Set.of("publiclyAccessible", "storageEncrypted", "masterUserPassword", "securityGroups"),
                Set.copyOf(changes.stream().map(Change::field).toList()));
        assertTrue(changes.stream().allMatch(Change::security), changes::toString);
        assertTrue(kind.policy().forcesNew(changes), "encryption cannot be turned on in place");
        assertFalse(kind.policy().forcesNew(List.of(Change.dependencyRecreated())),
                "a database is never replaced because a dependency was");
    }

    @Test
    void majorUpgradeAndShrinkAreShownButRefusedWhileTheRestIsApplied() {
        RdsClient rds = mock(RdsClient.class);
        when(rds.modifyDBInstance(any(ModifyDbInstanceRequest.class)))
                .thenReturn(ModifyDbInstanceResponse.builder().dbInstance(inSync().dbInstanceStatus("modifying").build()).build());
        DbInstances kind = new DbInstances(rds, OWNER);
        Observed old = observed(inSync().engineVersion("15.7").allocatedStorage(50).backupRetentionPeriod(7).build());
        List<Change> changes = kind.diff("db/main", DB_SPEC, old, CTX);
        assertEquals(Set.of("engineMajorVersion", "allocatedStorage.shrink", "backupRetentionPeriod"),
                Set.copyOf(changes.stream().map(Change::field).toList()));
        assertFalse(kind.policy().forcesNew(changes), "never replaced for a version");

        IllegalStateException e = assertThrows(IllegalStateException.class, () -> kind.update("db/main", DB_SPEC, old, changes, CTX));
        assertTrue(e.getMessage().contains("engineMajorVersion: 15.7 -> 16"), e.getMessage());
        ArgumentCaptor<ModifyDbInstanceRequest> sent = ArgumentCaptor.forClass(ModifyDbInstanceRequest.class);
        verify(rds).modifyDBInstance(sent.capture());
        assertEquals(1, sent.getValue().backupRetentionPeriod());
        assertEquals(Boolean.TRUE, sent.getValue().applyImmediately());
        assertNull(sent.getValue().engineVersion());
        assertNull(sent.getValue().allowMajorVersionUpgrade());
        assertNull(sent.getValue().allocatedStorage());
    }

    @Test
    void databaseStateFollowsItsStatus() {
        DbInstances kind = new DbInstances(mock(RdsClient.class), OWNER);
        assertEquals(Status.READY, kind.state(observed(inSync().build())));
        for (String s : List.of("creating", "backing-up", "modifying", "upgrading", "rebooting", "configuring-enhanced-monitoring")) {
            assertEquals(Status.PENDING, kind.state(observed(inSync().dbInstanceStatus(s).build())), s);
        }
        for (String s : List.of("failed", "incompatible-network", "incompatible-parameters", "storage-full")) {
            assertTrue(kind.state(observed(inSync().dbInstanceStatus(s).build())).isFailed(), s);
        }
        assertTrue(kind.policy().waitsUntilGone());
        assertEquals(Status.DELETING, kind.state(observed(inSync().dbInstanceStatus("deleting").build())),
                "the engine waits for it to go instead of deleting it again");
    }

    @Test
    void theSnapshotIdIsStackKeyAndTime() {
        DbInstances kind = new DbInstances(mock(RdsClient.class), OWNER, new DbInstances.DeletePolicy(true, false),
                () -> Instant.parse("2025-03-04T05:06:07Z"));
        assertEquals("unit-db-main-final-20250304-050607", kind.finalSnapshotId("db/main"));
    }

    private static ReplicationGroup.Builder cacheInSync() {
        return ReplicationGroup.builder().replicationGroupId("unit-cache-main").arn("arn:aws:elasticache:x:1:replicationgroup:unit-cache-main")
                .engine("valkey").cacheNodeType("cache.t4g.micro").transitEncryptionEnabled(true)
                .atRestEncryptionEnabled(true).status("available");
    }

    private static final ReplicationGroups.Spec CACHE_SPEC = new ReplicationGroups.Spec("valkey", "cache.t4g.micro",
            "cache-subnet-group/main", "sg/cache");

    private static Observed observed(ReplicationGroup g, Set<String> groups) {
        return new Observed("cache/main", g.replicationGroupId(), g.status(), CTX.tags("cache/main"),
                new ReplicationGroups.CacheGroup(g, groups));
    }

    @Test
    void cacheSecurityGroupDriftIsASecurityFindingRepairedInPlace() {
        ElastiCacheClient cache = mock(ElastiCacheClient.class);
        when(cache.modifyReplicationGroup(any(ModifyReplicationGroupRequest.class)))
                .thenReturn(ModifyReplicationGroupResponse.builder().replicationGroup(cacheInSync().status("modifying").build()).build());
        ReplicationGroups kind = new ReplicationGroups(cache, OWNER);
        assertEquals(List.of(), kind.diff("cache/main", CACHE_SPEC, observed(cacheInSync().build(), Set.of("sg-cache")), CTX));
        assertEquals(List.of(), kind.diff("cache/main", CACHE_SPEC, observed(cacheInSync().build(), null), CTX),
                "unknown security groups (no member cluster listed) are not drift");

        Observed widened = observed(cacheInSync().build(), Set.of("sg-cache", "sg-other"));
        List<Change> changes = kind.diff("cache/main", CACHE_SPEC, widened, CTX);
        assertEquals(1, changes.size());
        assertTrue(changes.get(0).security());
        assertFalse(kind.policy().forcesNew(changes));
        Observed after = kind.update("cache/main", CACHE_SPEC, widened, changes, CTX);
        ArgumentCaptor<ModifyReplicationGroupRequest> sent = ArgumentCaptor.forClass(ModifyReplicationGroupRequest.class);
        verify(cache).modifyReplicationGroup(sent.capture());
        assertEquals(List.of("sg-cache"), sent.getValue().securityGroupIds());
        assertEquals(Boolean.TRUE, sent.getValue().applyImmediately());
        assertEquals(Status.PENDING, kind.state(after), "modifying: waited for");
    }

    @Test
    void cacheEngineOrEncryptionChangesReplaceNodeTypeDoesNot() {
        ReplicationGroups kind = new ReplicationGroups(mock(ElastiCacheClient.class), OWNER);
        List<Change> engine = kind.diff("cache/main", CACHE_SPEC, observed(cacheInSync().engine("redis").build(), null), CTX);
        assertEquals("engine", engine.get(0).field());
        assertTrue(kind.policy().forcesNew(engine));
        List<Change> plain = kind.diff("cache/main", CACHE_SPEC, observed(cacheInSync().transitEncryptionEnabled(false).build(), null), CTX);
        assertTrue(plain.get(0).security() && kind.policy().forcesNew(plain));
        List<Change> size = kind.diff("cache/main", CACHE_SPEC, observed(cacheInSync().cacheNodeType("cache.t4g.small").build(), null), CTX);
        assertFalse(kind.policy().forcesNew(size));
        assertTrue(kind.state(observed(cacheInSync().status("create-failed").build(), null)).isFailed());
        assertEquals(Status.PENDING, kind.state(observed(cacheInSync().status("creating").build(), null)));
    }
}
