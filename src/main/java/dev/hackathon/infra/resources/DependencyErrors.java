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
            "DependencyViolation", "InvalidGroup.InUse", "InvalidIPAddress.InUse",
            "InvalidDBSubnetGroupStateFault", "CacheSubnetGroupInUse", "ResourceInUse",
            "InvalidDBInstanceState", "InvalidReplicationGroupState", "InvalidCacheClusterState",
            "DeleteConflict", "InvalidNetworkInterface.InUse");

    /** As long as a teardown may take; the engine stops earlier at --timeout. */
    public static final Duration WINDOW = Duration.ofHours(1);

    private DependencyErrors() {
    }

    public static boolean isDependencyError(Throwable e) {
        return AwsErrors.hasCode(e, CODES.toArray(String[]::new));
    }

    /**
     * The retry window of an error raised while deleting: a dependency error, or one of the
     * kind's own {@code alsoCodes} (AuthFailure releasing a just-freed address: only there,
     * since elsewhere it means a real permission problem). A deletion held by something that
     * will not go away by itself is not retried.
     */
    public static Duration retryWindow(Throwable e, Phase phase, String... alsoCodes) {
        if (phase != Phase.DELETE) {
            return Duration.ZERO;
        }
        if (e instanceof DeletionHeldException held) {
            return held.waitingHelps() ? WINDOW : Duration.ZERO;
        }
        return isDependencyError(e) || AwsErrors.hasCode(e, alsoCodes) ? WINDOW : Duration.ZERO;
    }
}
