package dev.hackathon.infra.resources;

import java.util.Locale;
import java.util.Set;

import dev.hackathon.infra.aws.AwsErrors;
import dev.hackathon.infra.aws.RetryPolicy;
import dev.hackathon.infra.engine.ErrorClass;
import dev.hackathon.infra.engine.ErrorClassifier;
import dev.hackathon.infra.engine.Phase;
import dev.hackathon.infra.engine.Policy;

/**
 * The one reading of AWS errors for a run: what each means for the step it ended
 * ({@link ErrorClass}, whose table says how long each is retried). In order:
 * <ol>
 * <li>a delete refused while something on its way out holds the resource ({@link #HELD_CODES},
 *     the kind's own {@link Policy#heldCodes}, a {@link DeletionHeldException} whose holders go
 *     by themselves): held. Only on a delete: AuthFailure releasing an address a deleting NAT
 *     gateway still holds is a dependency there, and a credentials problem anywhere else;</li>
 * <li>credentials missing or expired: the run ends (exit 4);</li>
 * <li>the kind's own codes ({@link Policy#retryCodes});</li>
 * <li>on a create or an update: "already there" ({@link #ALREADY_THERE}: a lost answer's call
 *     did it), then InvalidTarget (ELB does not know the new instance yet), then any NotFound,
 *     in any service, and a new instance profile RunInstances refuses: not yet known. A
 *     Describe does not come here and a delete's NotFound is success, so a NotFound that
 *     ends a create or an update names something made seconds ago;</li>
 * <li>throttling that outlasted the SDK, then a server error or dropped connection (the call
 *     may have run);</li>
 * <li>anything else fails the step.</li>
 * </ol>
 */
public final class AwsErrorClassifier implements ErrorClassifier {

    public static final AwsErrorClassifier INSTANCE = new AwsErrorClassifier();

    /**
     * Errors real AWS gives for minutes while a deleting NAT gateway, load balancer, database or
     * cache still holds network interfaces, or an address is still mapped.
     */
    public static final Set<String> HELD_CODES = Set.of(
            "DependencyViolation", "InvalidGroup.InUse", "InvalidIPAddress.InUse",
            "InvalidDBSubnetGroupStateFault", "CacheSubnetGroupInUse", "ResourceInUse",
            "InvalidDBInstanceState", "InvalidReplicationGroupState", "InvalidCacheClusterState",
            "DeleteConflict", "InvalidNetworkInterface.InUse");

    /**
     * What AWS answers when what a call makes is there already: a call repeated after its first
     * answer was lost (by the SDK or by the engine) whose first attempt worked.
     */
    public static final Set<String> ALREADY_THERE = Set.of(
            "InvalidPermission.Duplicate", "RouteAlreadyExists", "EntityAlreadyExists", "DuplicateTargetGroupName",
            "DuplicateLoadBalancerName", "DuplicateListener", "InvalidGroup.Duplicate", "DBInstanceAlreadyExists",
            "DBSubnetGroupAlreadyExists", "CacheSubnetGroupAlreadyExists", "ReplicationGroupAlreadyExists");

    private AwsErrorClassifier() {
    }

    @Override
    public ErrorClass classify(Throwable e, Phase step, Policy policy) {
        String code = AwsErrors.code(e);
        if (step == Phase.DELETE && (e instanceof DeletionHeldException held ? held.waitingHelps()
                : code != null && (HELD_CODES.contains(code) || policy.heldCodes().contains(code)))) {
            return ErrorClass.HELD;
        }
        if (e instanceof DeletionHeldException) {
            return ErrorClass.PERMANENT; // a holder that is not the stack's and stays
        }
        if (AwsErrors.isCredentialsError(e)) {
            return ErrorClass.CREDENTIALS;
        }
        if (code != null && policy.retryCodes().containsKey(code)) {
            return ErrorClass.KIND_CODE;
        }
        if (step == Phase.CREATE || step == Phase.UPDATE) {
            if (alreadyThere(e)) {
                return ErrorClass.ALREADY_DONE;
            }
            if ("InvalidTarget".equals(code)) {
                return ErrorClass.TARGET_NOT_YET_KNOWN;
            }
            if (AwsErrors.isNotFound(e) || profileNotYetUsable(e) || e instanceof NotYetKnown) {
                return ErrorClass.NOT_YET_KNOWN;
            }
        }
        if (RetryPolicy.isThrottling(e)) {
            return ErrorClass.THROTTLED;
        }
        return RetryPolicy.mayHaveExecuted(e) ? ErrorClass.LOST_ANSWER : ErrorClass.PERMANENT;
    }

    @Override
    public String code(Throwable e) {
        return AwsErrors.code(e);
    }

    static boolean alreadyThere(Throwable e) {
        String code = AwsErrors.code(e);
        String m = String.valueOf(AwsErrors.message(e)).toLowerCase(Locale.ROOT);
        return code != null && (ALREADY_THERE.contains(code)
                || code.equals("InvalidChangeBatch") && m.contains("already exists")
                // AddRoleToInstanceProfile when the role is in it already: a profile holds one role.
                || code.equals("LimitExceeded") && m.contains("instancesessionsperinstanceprofile"));
    }

    /**
     * RunInstances (or an association) naming a just-created profile: "Invalid IAM Instance
     * Profile name", or, just after its role was added, "... has no associated IAM Roles".
     */
    public static boolean profileNotYetUsable(Throwable error) {
        if (!AwsErrors.hasCode(error, "InvalidParameterValue")) {
            return false;
        }
        String m = String.valueOf(AwsErrors.message(error)).toLowerCase(Locale.ROOT);
        return m.contains("invalid iam instance profile") || m.contains("has no associated iam roles");
    }

    /** A kind's own way of saying what it names is not known yet (a listing that lags a create). */
    public static final class NotYetKnown extends RuntimeException {
        public NotYetKnown(String message) {
            super(message);
        }
    }

    /** Whether AWS refused a delete because something still uses the resource. */
    public static boolean isHeld(Throwable e) {
        return AwsErrors.hasCode(e, HELD_CODES.toArray(String[]::new));
    }
}
