package dev.hackathon.infra.stack.preflight;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import dev.hackathon.infra.aws.AwsErrors;

/**
 * Runs the read-only checks side by side (each makes one to three calls, so the whole
 * preflight takes about as long as its slowest call) and returns their findings in the
 * order of {@link #all()}. An AWS error a check did not handle becomes a warning naming the
 * call; bad credentials are rethrown, so they exit 4 with their fix like any command.
 */
public final class Preflight {

    /** The findings of one run, in check order, and how long it took. */
    public record Result(List<Finding> findings, long millis) {
        public List<Finding> failures() {
            return findings.stream().filter(Finding::failed).toList();
        }

        public boolean failed() {
            return findings.stream().anyMatch(Finding::failed);
        }
    }

    private final List<PreflightCheck> checks;

    public Preflight(List<PreflightCheck> checks) {
        this.checks = List.copyOf(checks);
    }

    /** Every check, for {@code doctor}. */
    public static Preflight all() {
        return new Preflight(List.of(new IdentityCheck(), new ZonesCheck(), new VpcQuotaCheck(),
                new InternetGatewayQuotaCheck(), new ElasticIpQuotaCheck(), new NatGatewayQuotaCheck(),
                new InstanceTypeCheck(), new DbClassCheck(), new CacheNodeTypeCheck(), new CertificateCheck(),
                new BedrockModelsCheck(), new LocalToolsCheck()));
    }

    /**
     * The checks that matter for what {@code up} would make of this plan (plan shows the same):
     * none when it makes nothing, so an up with nothing to do calls nothing for them.
     */
    public static Preflight forUp(dev.hackathon.infra.engine.Plan plan) {
        PreflightScope scope = PreflightScope.of(plan);
        return new Preflight(all().checks.stream().filter(c -> c.neededFor(scope)).toList());
    }

    /** These checks but the ones named (run already). */
    public Preflight without(java.util.Set<String> ids) {
        return new Preflight(checks.stream().filter(c -> !ids.contains(c.id())).toList());
    }

    /** Whether there is nothing to check (the plan makes nothing a check guards). */
    public boolean isEmpty() {
        return checks.isEmpty();
    }

    /** Names of the checks, for {@code up --skip-preflight} to say what it skipped. */
    public List<String> ids() {
        return checks.stream().map(PreflightCheck::id).toList();
    }

    public Result run(PreflightContext context) {
        long start = System.nanoTime();
        if (checks.isEmpty()) {
            return new Result(List.of(), 0);
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, checks.size()), r -> {
            Thread t = new Thread(r, "preflight");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<List<Finding>>> running = new ArrayList<>();
            for (PreflightCheck check : checks) {
                running.add(pool.submit(() -> runOne(check, context)));
            }
            List<Finding> findings = new ArrayList<>();
            for (Future<List<Finding>> f : running) {
                findings.addAll(await(f));
            }
            return new Result(findings, (System.nanoTime() - start) / 1_000_000);
        } finally {
            pool.shutdownNow();
        }
    }

    private static List<Finding> await(Future<List<Finding>> f) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted during the preflight", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re; // credentials: see runOne
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    static List<Finding> runOne(PreflightCheck check, PreflightContext context) {
        try {
            return check.run(context);
        } catch (RuntimeException e) {
            return List.of(notChecked(check.id(), e));
        }
    }

    /** A check that could not run: a warning that names the call and why, never a failure. */
    static Finding notChecked(String id, RuntimeException e) {
        String action = e instanceof Api.CallFailed cf ? cf.action : "a call";
        Throwable cause = e instanceof Api.CallFailed ? e.getCause() : e;
        if (AwsErrors.isCredentialsError(cause) && cause instanceof RuntimeException re) {
            throw re;
        }
        if (AwsErrors.isAccessDenied(cause)) {
            return Finding.warn(id, "not checked: the caller may not call " + action + " (" + AwsErrors.code(cause) + ")",
                    "allow " + action + " to the caller in IAM to have it checked; nothing failed");
        }
        if (AwsErrors.isUnsupportedApi(cause)) {
            return Finding.warn(id, "not checked: the endpoint does not offer " + action,
                    "none against a local emulator; on AWS, check --endpoint-url and AWS_ENDPOINT_URL");
        }
        String why = AwsErrors.describe(cause).lines().findFirst().orElse("");
        return Finding.warn(id, "not checked: " + action + " failed: " + why,
                "run doctor again (--verbose shows more); nothing failed");
    }
}
