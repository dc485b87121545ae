package dev.hackathon.infra.testing;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * Runs a test class against this JVM's moto server ({@link MotoServer}), reset before the
 * class, and lets test methods take an {@code AwsSession}, its {@link RecordingInterceptor}
 * and its {@link FaultInjector} as parameters (see {@link MotoExtension}), with AWS's own
 * behaviour layered over moto's ({@link AwsBehaviour}) unless {@link #awsBehaviour()} is false.
 *
 * <p>Tagged {@code moto} (exclude with {@code -DexcludedGroups=moto}); holds the {@code moto}
 * resource lock, so classes that share the server never run at the same time even if
 * parallel execution is switched on (a reset would pull resources from under another class).
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(MotoExtension.class)
@ResourceLock(MotoExtension.LOCK)
@Tag("moto")
public @interface WithMoto {

    /**
     * The {@link AwsBehaviour} layer on the test's injector (eventual consistency, cache states,
     * IAM and ELB lag, dependencies moto does not enforce). Only a test that studies moto itself
     * may turn it off, with a comment why.
     */
    boolean awsBehaviour() default true;
}
