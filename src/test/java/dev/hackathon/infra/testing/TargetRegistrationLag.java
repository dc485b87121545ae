package dev.hackathon.infra.testing;

import java.time.Duration;

import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.RunInstancesResponse;

/**
 * ELB does not know an instance that has only just started (design.md §4; terraform retries
 * RegisterTargets on {@code InvalidTarget} for 10 minutes): the first {@link #REFUSED_CALLS}
 * RegisterTargets naming an instance launched within {@link #WINDOW} answer {@code InvalidTarget}
 * and register nothing.
 */
final class TargetRegistrationLag {

    static final Duration WINDOW = Duration.ofMinutes(1);
    static final int REFUSED_CALLS = 2;

    private TargetRegistrationLag() {
    }

    static void install(AwsBehaviour.Lags lags) {
        FaultInjector faults = lags.faults();
        faults.afterAnswer("ec2:RunInstances", (q, a) -> {
            if (!lags.byTool().getAsBoolean()) {
                return;
            }
            long t = lags.now().getAsLong();
            for (Instance i : ((RunInstancesResponse) a).instances()) {
                String id = i.instanceId();
                faults.on("elasticloadbalancingv2:RegisterTargets").standing()
                        .routeIf(request -> lags.byTool().getAsBoolean() && request.toString().contains(id))
                        .when(body -> body.contains("=" + id))
                        .times(REFUSED_CALLS)
                        .between(t, t + WINDOW.toMillis())
                        .error("InvalidTarget", 400, "The following targets are not in a running state and cannot be"
                                + " registered: '" + id + "'");
            }
        });
    }
}
