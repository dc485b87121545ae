package dev.hackathon.infra.aws.ratelimit;

import software.amazon.awssdk.awscore.AwsExecutionAttribute;
import software.amazon.awssdk.core.exception.AbortedException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.regions.Region;

/**
 * Takes each attempt's tokens from the fleet's shared {@link RateLimiter}, keyed by the call's
 * service and operation (its API family), the session's account and the call's Region.
 *
 * <p>The first attempt waits for its tokens in {@code beforeExecution}: before the request is
 * signed (a SigV4 signature is refused after five minutes) and outside the SDK's per-attempt
 * timeout, so a long wait in line neither expires the request nor times the attempt out. A
 * retry (the SDK calls {@code beforeTransmission} once per attempt) takes its tokens at once,
 * in debt if need be: the SDK's own backoff already spaces it, and the calls after it wait
 * for the debt instead.
 */
final class RateLimitInterceptor implements ExecutionInterceptor {

    /** Set when the first attempt's tokens are taken; the first beforeTransmission clears it. */
    private static final ExecutionAttribute<Boolean> FIRST_ATTEMPT_PAID = new ExecutionAttribute<>("RateLimitPaid");

    private final RateLimiter limiter;
    private final String team;
    private final String account;

    RateLimitInterceptor(RateLimiter limiter, String team, String account) {
        this.limiter = limiter;
        this.team = team;
        this.account = account;
    }

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        try {
            limiter.acquire(team, account, region(attributes), service(attributes), operation(attributes),
                    context.request());
            attributes.putAttribute(FIRST_ATTEMPT_PAID, Boolean.TRUE);
        } catch (InterruptedException e) {
            // Stopped (SIGINT) while waiting: the call was never sent, so it is safe to give it up.
            Thread.currentThread().interrupt();
            throw AbortedException.builder().message("stopped while waiting for AWS's rate limit").cause(e).build();
        }
    }

    @Override
    public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
        if (Boolean.TRUE.equals(attributes.getAttribute(FIRST_ATTEMPT_PAID))) {
            attributes.putAttribute(FIRST_ATTEMPT_PAID, Boolean.FALSE);
            return;
        }
        limiter.charge(team, account, region(attributes), service(attributes), operation(attributes),
                context.request());
    }

    private static String region(ExecutionAttributes attributes) {
        Region region = attributes.getAttribute(AwsExecutionAttribute.AWS_REGION);
        return region == null ? "none" : region.id();
    }

    private static String service(ExecutionAttributes attributes) {
        return attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME);
    }

    private static String operation(ExecutionAttributes attributes) {
        return attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
    }
}
