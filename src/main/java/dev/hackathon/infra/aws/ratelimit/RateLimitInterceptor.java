package dev.hackathon.infra.aws.ratelimit;

import software.amazon.awssdk.awscore.AwsExecutionAttribute;
import software.amazon.awssdk.core.exception.AbortedException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.regions.Region;

/**
 * Takes the tokens of a call from the fleet's shared {@link RateLimiter} right before each
 * attempt is sent: the SDK calls {@code beforeTransmission} once per attempt, so a retry
 * after throttling waits its turn like any other call. Keyed by the call's service and
 * operation (its API family), the session's account and the call's Region.
 */
final class RateLimitInterceptor implements ExecutionInterceptor {

    private final RateLimiter limiter;
    private final String team;
    private final String account;

    RateLimitInterceptor(RateLimiter limiter, String team, String account) {
        this.limiter = limiter;
        this.team = team;
        this.account = account;
    }

    @Override
    public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
        Region region = attributes.getAttribute(AwsExecutionAttribute.AWS_REGION);
        try {
            limiter.acquire(team, account, region == null ? "none" : region.id(),
                    attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME),
                    attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME), context.request());
        } catch (InterruptedException e) {
            // Stopped (SIGINT) while waiting: the call was never sent, so it is safe to give it up.
            Thread.currentThread().interrupt();
            throw AbortedException.builder().message("stopped while waiting for AWS's rate limit").cause(e).build();
        }
    }
}
