package dev.hackathon.infra.stack;

import java.util.ArrayList;
import java.util.List;

import dev.hackathon.infra.config.StackConfig;
import dev.hackathon.infra.config.SubnetLayout.Tier;
import dev.hackathon.infra.engine.Node;
import dev.hackathon.infra.resources.data.CacheSubnetGroups;
import dev.hackathon.infra.resources.data.DbInstances;
import dev.hackathon.infra.resources.data.DbSubnetGroups;
import dev.hackathon.infra.resources.data.ReplicationGroups;

/**
 * The data tier: a PostgreSQL instance and a Valkey/Redis cache, each in a subnet group
 * over the private data subnets and behind its own security group (no egress). The
 * dependencies also order teardown: the database and cache go (fully) before their subnet
 * groups and security groups, the subnet groups before the data subnets.
 */
public final class DataTier {

    public static final String DB_SUBNET_GROUP = "db-subnet-group/main";
    public static final String DB = "db/main";
    public static final String CACHE_SUBNET_GROUP = "cache-subnet-group/main";
    public static final String CACHE = ReplicationGroups.MAIN;

    private DataTier() {
    }

    public static List<Node> nodes(StackConfig config, StackKinds k) {
        List<String> dataSubnets = NetworkTier.subnetKeys(config, Tier.DATA);
        String[] subnetDeps = dataSubnets.toArray(String[]::new);
        List<Node> nodes = new ArrayList<>();

        nodes.add(Node.of(DB_SUBNET_GROUP, k.dbSubnetGroups,
                new DbSubnetGroups.Spec(dataSubnets, "hackathon-infra " + config.stack() + ": private data subnets"),
                subnetDeps));
        StackConfig.Database db = config.database();
        nodes.add(Node.of(DB, k.dbInstances, new DbInstances.Spec(db.engine(), db.version(), db.instanceClass(),
                db.storageGb(), db.name(), db.username(), db.backupRetentionDays(), db.deletionProtection(),
                DB_SUBNET_GROUP, NetworkTier.SG_DB), DB_SUBNET_GROUP, NetworkTier.SG_DB));

        nodes.add(Node.of(CACHE_SUBNET_GROUP, k.cacheSubnetGroups,
                new CacheSubnetGroups.Spec(dataSubnets, "hackathon-infra " + config.stack() + ": private data subnets"),
                subnetDeps));
        StackConfig.Cache cache = config.cache();
        nodes.add(Node.of(CACHE, k.replicationGroups, new ReplicationGroups.Spec(cache.engine(), cache.nodeType(),
                CACHE_SUBNET_GROUP, NetworkTier.SG_CACHE), CACHE_SUBNET_GROUP, NetworkTier.SG_CACHE));
        return nodes;
    }
}
