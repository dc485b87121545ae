package dev.hackathon.infra.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

import dev.hackathon.infra.aws.AwsErrors;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/**
 * Records every API call made through the clients it is installed on: one {@link Call} per
 * call (not per HTTP attempt), with its service, operation, outcome, error code and how many
 * HTTP attempts the SDK made (retries included). Thread-safe.
 *
 * <p>Service names are the SDK's, lower-cased: {@code ec2}, {@code elasticache},
 * {@code elasticloadbalancingv2}, {@code rds}, {@code iam}, {@code ssm}, {@code sts}.
 * Operations can be named alone ({@code "CreateVpc"}) or qualified ({@code "ec2:CreateVpc"}).
 */
public final class RecordingInterceptor implements ExecutionInterceptor {

    /** Operation-name prefixes that change something, followed by an upper-case letter or the end. */
    public static final List<String> MUTATING_PREFIXES = List.of(
            "Create", "Delete", "Modify", "Put", "Run", "Terminate", "Attach", "Detach", "Associate",
            "Disassociate", "Authorize", "Revoke", "Allocate", "Release", "Register", "Deregister", "Add",
            "Remove", "Set", "Replace", "Update", "Tag", "Untag", "Reset", "Enable", "Disable");

    private static final AtomicLong IDS = new AtomicLong();

    /**
     * One API call. {@code errorCode} is null on success and for errors not from the service;
     * {@code thread} is the name of the thread that made it (discovery names its threads per kind).
     */
    public record Call(String service, String operation, boolean succeeded, String errorCode, int attempts,
                       String thread) {

        /** {@code service:Operation}, as in {@link RecordingInterceptor#summary()}. */
        public String name() {
            return service + ":" + operation;
        }

        public boolean mutating() {
            return isMutating(operation);
        }

        boolean is(String op) {
            return op.indexOf(':') >= 0 ? name().equalsIgnoreCase(op) : operation.equals(op);
        }

        @Override
        public String toString() {
            return name() + (succeeded ? "" : " FAILED" + (errorCode == null ? "" : "(" + errorCode + ")"))
                    + (attempts > 1 ? " x" + attempts + " attempts" : "");
        }
    }

    // Per instance, so two recorders on one client do not count each other's attempts.
    private final ExecutionAttribute<AtomicInteger> attemptsKey =
            new ExecutionAttribute<>("RecordingInterceptor.attempts." + IDS.incrementAndGet());
    private final List<Call> calls = new ArrayList<>();

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        attributes.putAttribute(attemptsKey, new AtomicInteger());
    }

    @Override
    public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
        AtomicInteger attempts = attributes.getAttribute(attemptsKey);
        if (attempts != null) {
            attempts.incrementAndGet();
        }
    }

    @Override
    public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
        record(attributes, true, null);
    }

    @Override
    public void onExecutionFailure(Context.FailedExecution context, ExecutionAttributes attributes) {
        record(attributes, false, AwsErrors.code(context.exception()));
    }

    private void record(ExecutionAttributes attributes, boolean succeeded, String errorCode) {
        AtomicInteger attempts = attributes.getAttribute(attemptsKey);
        // Synchronous clients run interceptors on the calling thread.
        Call call = new Call(serviceName(attributes), operationName(attributes), succeeded, errorCode,
                attempts == null ? 0 : attempts.get(), Thread.currentThread().getName());
        synchronized (calls) {
            calls.add(call);
        }
    }

    /** Every call so far, in completion order. */
    public List<Call> calls() {
        synchronized (calls) {
            return List.copyOf(calls);
        }
    }

    /** The calls whose operation changes something (see {@link #MUTATING_PREFIXES}). */
    public List<Call> mutatingCalls() {
        return calls().stream().filter(Call::mutating).toList();
    }

    /** Calls of one operation, {@code "CreateVpc"} or {@code "ec2:CreateVpc"}, successful or not. */
    public int count(String operation) {
        return (int) calls().stream().filter(c -> c.is(operation)).count();
    }

    /** The calls of one operation, in completion order. */
    public List<Call> calls(String operation) {
        return calls().stream().filter(c -> c.is(operation)).toList();
    }

    public void clear() {
        synchronized (calls) {
            calls.clear();
        }
    }

    /**
     * Compact and sorted, e.g. {@code ec2:CreateVpc=1, ec2:DescribeVpcs=2, ec2:DeleteVpc=3(2 failed)};
     * "(n failed)" only when some failed.
     */
    public String summary() {
        Map<String, int[]> counts = new TreeMap<>();
        for (Call c : calls()) {
            int[] n = counts.computeIfAbsent(c.name(), k -> new int[2]);
            n[0]++;
            if (!c.succeeded()) {
                n[1]++;
            }
        }
        return counts.entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue()[0] + (e.getValue()[1] > 0 ? "(" + e.getValue()[1] + " failed)" : ""))
                .collect(Collectors.joining(", "));
    }

    @Override
    public String toString() {
        return summary();
    }

    public static boolean isMutating(String operation) {
        for (String prefix : MUTATING_PREFIXES) {
            if (operation.startsWith(prefix)
                    && (operation.length() == prefix.length() || Character.isUpperCase(operation.charAt(prefix.length())))) {
                return true;
            }
        }
        return false;
    }

    static String serviceName(ExecutionAttributes attributes) {
        String s = attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME);
        return s == null ? "?" : s.toLowerCase(Locale.ROOT);
    }

    static String operationName(ExecutionAttributes attributes) {
        String s = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
        return s == null ? "?" : s;
    }
}
