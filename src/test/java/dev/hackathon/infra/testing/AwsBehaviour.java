package dev.hackathon.infra.testing;

import java.net.URI;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

/**
 * The AWS behaviour layer: what AWS documents and moto lacks, added to moto's answers through
 * a session's {@link FaultInjector} so that a test passes only if the tool copes with AWS as
 * AWS behaves (docs/aws-behaviour.md lists each behaviour and why). <b>On by default</b>:
 * {@link MotoExtension} installs it on every test's injector and {@link TestCli} on its own,
 * so a new integration test gets it by using either. Only a test that studies moto itself
 * may opt out, with a comment why: {@code @WithMoto(awsBehaviour = false)} or
 * {@link TestCli#plainMoto()}.
 *
 * <p>Families, one class each:
 * <ul>
 * <li>{@link Ec2Consistency}: a new EC2 id unknown to calls that name it, and a resource whose
 *     create answer was lost missing from tag-filtered listings, for a while;</li>
 * <li>{@link CacheStates}: replication groups creating / modifying / deleting over time, tag
 *     calls refused unless available;</li>
 * <li>{@link DeletingStates}: a deleted database, NAT gateway or instance listed as deleting /
 *     shutting-down for a few listings (moto drops it at once), its name or address not free meanwhile;</li>
 * <li>{@link IamPropagation}: RunInstances refused right after the profile is made and its role added;</li>
 * <li>{@link TargetRegistrationLag}: RegisterTargets refused for an instance that has just started;</li>
 * <li>{@link AwsTeardownBehaviour}: the dependencies moto does not enforce (a subnet, group or VPC
 *     an instance still uses), always; lingering holders after deletes only where a test asks
 *     for them ({@link AwsTeardownBehaviour#install}).</li>
 * </ul>
 * Errors without a code (a 4xx/5xx body that does not parse) are a fault kind a test injects
 * ({@link FaultInjector.Rule#unparsable(int)}): random faults are never on by default.
 *
 * <p>Windows run on the clock the injector is given (the run's virtual clock in {@link TestCli},
 * the wall clock in {@link MotoExtension}) and most also end after a few refused calls, so the
 * suite stays fast and a tool that retries gets through whichever clock its engine uses.
 */
public final class AwsBehaviour implements AutoCloseable {

    private final AwsTeardownBehaviour teardown;

    private AwsBehaviour(AwsTeardownBehaviour teardown) {
        this.teardown = teardown;
    }

    /**
     * Installs every family on {@code faults} for the moto at {@code server}, once per injector.
     * Windows read the injector's clock, whatever it is set to now or later.
     */
    public static AwsBehaviour install(FaultInjector faults, URI server) {
        return install(faults, server, null);
    }

    /**
     * As {@link #install(FaultInjector, URI)}; calls made on {@code hand} (the test's own thread,
     * where it builds and inspects resources by hand) neither start nor meet the lags, which
     * model what the tool meets (its calls run on the engine's and discovery's threads).
     */
    public static AwsBehaviour install(FaultInjector faults, URI server, Thread hand) {
        if (faults.behaviour() instanceof AwsBehaviour existing) {
            return existing;
        }
        Lags lags = new Lags(faults, faults::now, () -> Thread.currentThread() != hand);
        AwsTeardownBehaviour teardown = AwsTeardownBehaviour.refusing(faults, server);
        Ec2Consistency.install(lags);
        CacheStates.install(lags, server);
        DeletingStates.install(lags, server);
        IamPropagation.install(lags);
        TargetRegistrationLag.install(lags);
        AwsBehaviour b = new AwsBehaviour(teardown);
        faults.behaviour(b);
        return b;
    }

    /** What every family needs: the injector, its clock, and whether the calling thread is the tool's. */
    record Lags(FaultInjector faults, LongSupplier now, BooleanSupplier byTool) {
    }

    /** Whether the layer is on this injector. */
    public static boolean isOn(FaultInjector faults) {
        return faults.behaviour() instanceof AwsBehaviour;
    }

    /** The dependency rules, which hold the layer's own session to moto. */
    AwsTeardownBehaviour teardown() {
        return teardown;
    }

    /** Closes the layer's session to moto; its rules stay, and open a new one when they next ask. */
    @Override
    public void close() {
        teardown.close();
    }
}
