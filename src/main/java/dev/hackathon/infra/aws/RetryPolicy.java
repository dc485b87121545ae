package dev.hackathon.infra.aws;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Set;

import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkServiceException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.retries.StandardRetryStrategy;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.retries.api.RetryStrategy;

/**
 * The SDK-level retries, explicit rather than left to defaults that change between releases.
 * Throttling is always retried (a throttled call never ran). A 5xx or a broken connection is
 * retried too, except on a create: its first attempt may have succeeded with the answer lost,
 * and a blind second attempt would make a second VPC (most creates take no idempotency token).
 * Those errors go back to the engine, which looks the key up by tag before it tries again.
 * The circuit breaker is off: the engine bounds retries itself, and a run under sustained
 * faults must not stop retrying half-way.
 */
public final class RetryPolicy {

    public static final int MAX_ATTEMPTS = 8;

    private static final Set<String> THROTTLING = Set.of("Throttling", "ThrottlingException", "ThrottledException",
            "RequestThrottledException", "TooManyRequestsException", "RequestLimitExceeded", "SlowDown",
            "RequestThrottled", "BandwidthLimitExceeded", "EC2ThrottledException", "PriorRequestNotComplete",
            "ProvisionedThroughputExceededException", "TransactionInProgressException");
    private static final Set<String> TRANSIENT = Set.of("InternalError", "InternalFailure", "InternalServerError",
            "ServiceUnavailable", "RequestTimeout", "RequestTimeoutException", "IDPCommunicationError",
            "Unavailable", "InsufficientCacheClusterCapacity");

    /** Set for the duration of a call on the calling thread, where the sync client retries. */
    private static final ThreadLocal<String> CURRENT_OPERATION = new ThreadLocal<>();

    private RetryPolicy() {
    }

    public static RetryStrategy strategy() {
        return StandardRetryStrategy.builder()
                .useClientDefaults(false)
                .maxAttempts(MAX_ATTEMPTS)
                .circuitBreakerEnabled(false)
                .backoffStrategy(BackoffStrategy.exponentialDelay(Duration.ofMillis(100), Duration.ofSeconds(10)))
                .throttlingBackoffStrategy(BackoffStrategy.exponentialDelay(Duration.ofMillis(500), Duration.ofSeconds(20)))
                .treatAsThrottling(RetryPolicy::isThrottling)
                .retryOnException(RetryPolicy::sdkShouldRetry)
                .build();
    }

    /** The interceptor that tells the strategy which operation is running; goes first. */
    public static ExecutionInterceptor operationMarker() {
        return new ExecutionInterceptor() {
            @Override
            public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
                CURRENT_OPERATION.set(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME));
            }

            @Override
            public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
                CURRENT_OPERATION.remove();
            }

            @Override
            public void onExecutionFailure(Context.FailedExecution context, ExecutionAttributes attributes) {
                CURRENT_OPERATION.remove();
            }
        };
    }

    static boolean sdkShouldRetry(Throwable e) {
        if (isThrottling(e)) {
            return true;
        }
        if (isUnreachable(e)) {
            // A wrong --endpoint-url or no network: say so in a second rather than after eight
            // attempts and 15 s of backoff. During a run the engine still retries it (isTransient).
            return false;
        }
        return mayHaveExecuted(e) && !isCreate(CURRENT_OPERATION.get());
    }

    /**
     * The endpoint could not be reached at all: connection refused, no route, unknown host, a
     * connect timeout, or a TLS certificate this machine does not trust. The request never left
     * this machine.
     */
    public static boolean isUnreachable(Throwable e) {
        if (HttpClients.isUntrustedCertificate(e)) {
            return true;
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.net.ConnectException || t instanceof java.net.NoRouteToHostException
                    || t instanceof java.net.UnknownHostException) {
                return true;
            }
            if (t instanceof java.net.SocketTimeoutException && t.getMessage() != null
                    && t.getMessage().toLowerCase(java.util.Locale.ROOT).contains("connect timed out")) {
                return true;
            }
        }
        return false;
    }

    /** Operations that make something new; a duplicate is possible if they are repeated blindly. */
    static boolean isCreate(String operation) {
        return operation != null && (operation.startsWith("Create") || operation.startsWith("Allocate")
                || operation.startsWith("Run") || operation.startsWith("Put"));
    }

    public static boolean isThrottling(Throwable e) {
        if (e instanceof SdkServiceException s && (s.isThrottlingException() || s.statusCode() == 429)) {
            return true;
        }
        String code = AwsErrors.code(e);
        return code != null && THROTTLING.contains(code);
    }

    /** Errors after which the request may or may not have run: server errors and lost connections. */
    public static boolean mayHaveExecuted(Throwable e) {
        if (e instanceof AwsServiceException a) {
            // An error without a code (a body that did not parse) has only its status to go by.
            String code = AwsErrors.code(a);
            return a.statusCode() >= 500 || (code != null && TRANSIENT.contains(code));
        }
        if (e instanceof SdkServiceException s) {
            return s.statusCode() >= 500;
        }
        if (e instanceof SdkClientException) {
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof IOException || t instanceof UncheckedIOException) {
                    return true;
                }
            }
        }
        return false;
    }

    /** For the engine: errors worth another try after the SDK gave up. */
    public static boolean isTransient(Throwable e) {
        return isThrottling(e) || mayHaveExecuted(e);
    }
}
