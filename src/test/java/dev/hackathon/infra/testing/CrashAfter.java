package dev.hackathon.infra.testing;

import java.util.concurrent.atomic.AtomicInteger;

import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

/**
 * Simulates the process dying right after its k-th successful mutating AWS call: that call
 * reached the server and did its work, but its answer never reaches the tool, and from then
 * on nothing the tool tries reaches AWS any more. Calls already on the wire finish on the
 * server (as they would after a real crash) and their answers are lost too.
 *
 * <p>In-process, the "dead" run still unwinds: every call fails with {@link ProcessDied},
 * which no retry policy treats as passing, so the executor fails what it was doing, skips
 * the rest and returns; the run lock stays behind because releasing it is a call as well.
 * What a test checks is what a new process finds afterwards.
 *
 * <p>Install it with {@link TestCli#intercept}, behind the recorder: the SDK runs after-hooks
 * in reverse order, so the recorder then sees the fatal call fail. "Mutating" is
 * {@link RecordingInterceptor#isMutating}.
 */
public final class CrashAfter implements ExecutionInterceptor {

    /** What every call gets once the process is "dead". Not an AWS error: nothing retries it. */
    public static final class ProcessDied extends RuntimeException {
        ProcessDied(String message) {
            super(message, null, false, false);
        }
    }

    private final int k;
    /** {@code service:Operation} whose success is counted, or null: every mutating call. */
    private final String operation;
    private final AtomicInteger succeeded = new AtomicInteger();
    private final AtomicInteger refused = new AtomicInteger();
    private volatile String fatalCall;

    /** Dies after the k-th (1-based) successful mutating call. */
    public CrashAfter(int k) {
        this(k, null);
    }

    private CrashAfter(int k, String operation) {
        if (k < 1) {
            throw new IllegalArgumentException("k must be >= 1");
        }
        this.k = k;
        this.operation = operation;
    }

    /** Dies right after the first successful {@code service:Operation} call (a moment of a run, not a count). */
    public static CrashAfter afterFirst(String serviceOperation) {
        return new CrashAfter(1, serviceOperation);
    }

    /** Whether the k-th mutating call happened (and so the process died). */
    public boolean died() {
        return fatalCall != null;
    }

    /** {@code service:Operation} of the call after which the process died, or null. */
    public String fatalCall() {
        return fatalCall;
    }

    /** Calls the dead process still tried (each refused before anything was sent). */
    public int refusedCalls() {
        return refused.get();
    }

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        refuseIfDead(attributes);
    }

    @Override
    public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
        refuseIfDead(attributes); // a retry attempt of a call that began before the death
    }

    /** Synchronized: the k-th answer and the death are one step, no other answer slips in between. */
    @Override
    public synchronized void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
        String operation = RecordingInterceptor.operationName(attributes);
        if (died()) {
            throw new ProcessDied("answer of " + operation + " lost: the process died after " + fatalCall);
        }
        String call = RecordingInterceptor.serviceName(attributes) + ":" + operation;
        boolean counted = this.operation == null ? RecordingInterceptor.isMutating(operation) : this.operation.equals(call);
        if (counted && succeeded.incrementAndGet() == k) {
            fatalCall = call;
            throw new ProcessDied("the process died right after mutating call " + k + " (" + fatalCall + ")");
        }
    }

    private void refuseIfDead(ExecutionAttributes attributes) {
        if (died()) {
            refused.incrementAndGet();
            throw new ProcessDied("not sent: the process died after " + fatalCall + " ("
                    + RecordingInterceptor.operationName(attributes) + ")");
        }
    }

    @Override
    public String toString() {
        return "CrashAfter[" + (operation == null ? k : operation) + (died() ? ", died after " + fatalCall : ", alive after " + succeeded.get()) + "]";
    }
}
