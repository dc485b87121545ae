package dev.hackathon.infra.testing;

import java.time.Duration;

import com.fasterxml.jackson.databind.ObjectMapper;

import software.amazon.awssdk.services.ssm.model.PutParameterRequest;

/**
 * SSM Parameter Store under contention, which moto never shows (AWS Systems Manager API
 * Reference, PutParameter, Errors: {@code TooManyUpdates}, "There are concurrent updates for a
 * resource that supports one update at a time."; Common Errors and the Systems Manager service
 * quotas: calls above an API's transactions per second answer {@code ThrottlingException}
 * "Rate exceeded"). The run lock (an SSM parameter every changing run writes) meets both when
 * two runs start together or something else in the account calls SSM in a burst.
 *
 * <p>What causes contention is another writer, not the run itself, so a test starts it, each
 * kind for a span of the injector's clock from now (not a number of calls); the call is not
 * executed:
 * <ul>
 * <li>{@link #concurrentUpdates}: PutParameter on one parameter answers TooManyUpdates (HTTP
 *     400; the SDK does not retry it);</li>
 * <li>{@link #throttled}: every SSM call answers ThrottlingException (HTTP 400). The SDK
 *     retries it first, sleeping real time between attempts, so only on the wall clock does
 *     the SDK's own backoff move past the span.</li>
 * </ul>
 */
public final class SsmContention {

    static final String CONCURRENT_UPDATES =
            "There are concurrent updates for a resource that supports one update at a time.";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final FaultInjector faults;

    private SsmContention(FaultInjector faults) {
        this.faults = faults;
    }

    /** Contention on this injector's calls, timed on its clock. */
    public static SsmContention on(FaultInjector faults) {
        return new SsmContention(faults);
    }

    /** From now, for {@code span}: PutParameter on {@code parameter} answers TooManyUpdates. */
    public FaultInjector.Rule concurrentUpdates(String parameter, Duration span) {
        return faults.on("ssm:PutParameter").standing()
                .routeIf(request -> request instanceof PutParameterRequest p && parameter.equals(p.name()))
                .when(body -> parameter.equals(name(body)))
                .during(span)
                .error("TooManyUpdates", 400, CONCURRENT_UPDATES);
    }

    /** The parameter a JSON request body names. */
    private static String name(String body) {
        try {
            return JSON.readTree(body).path("Name").asText(null);
        } catch (java.io.IOException e) {
            return null;
        }
    }

    /** From now, for {@code span}: every SSM call answers ThrottlingException. */
    public FaultInjector.Rule throttled(Duration span) {
        return faults.on("ssm:*").standing().during(span).throttle();
    }
}
