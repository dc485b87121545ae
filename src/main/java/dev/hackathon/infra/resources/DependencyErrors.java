package dev.hackathon.infra.resources;

import java.time.Duration;
import java.util.Set;

import dev.hackathon.infra.aws.AwsErrors;
import dev.hackathon.infra.engine.Phase;

/**
 * Errors real AWS gives for minutes while a deleting NAT gateway, load balancer, database or
 * cache still holds network interfaces, or an address is still mapped. They are expected
 * during teardown: retried with backoff (the engine caps the total at the deletion timeout).
 */
public final class DependencyErrors {

    public static final Set<String> CODES = Set.of(
            "DependencyViolation", "InvalidGroup.InUse", "InvalidIPAddress.InUse", "AuthFailure",
            "InvalidDBSubnetGroupStateFault", "CacheSubnetGroupInUse", "ResourceInUse",
            "InvalidDBInstanceState", "InvalidReplicationGroupState", "InvalidCacheClusterState",
            "DeleteConflict", "InvalidNetworkInterface.InUse");

    /** As long as a teardown may take; the engine stops earlier at --timeout. */
    public static final Duration WINDOW = Duration.ofHours(1);

    private DependencyErrors() {
    }

    public static Duration retryWindow(Throwable e, Phase phase) {
        if (phase == Phase.DELETE && AwsErrors.hasCode(e, CODES.toArray(String[]::new))) {
            return WINDOW;
        }
        return Duration.ZERO;
    }
}
