package dev.hackathon.infra.cli;

import java.util.List;

import dev.hackathon.infra.aws.AwsSessionFactory;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

/**
 * {@link Main} for a test's child JVM, with every AWS call 150 ms slower, as a real Region's
 * are: against a local moto a whole {@code up} takes two seconds, less than it may take a
 * loaded machine to deliver a signal, and SignalTest must signal a run that is at work.
 */
public final class SlowCallsMain {

    private SlowCallsMain() {
    }

    public static void main(String[] args) {
        Signals.install();
        CliContext system = CliContext.system();
        ExecutionInterceptor latency = new ExecutionInterceptor() {
            @Override
            public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
                try {
                    Thread.sleep(150);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        };
        System.exit(HackathonInfra.execute(new CliContext(system.out(), system.err(), system.in(), system.env(),
                system.interactive(), new AwsSessionFactory(List.of(latency), system.env()), system.clock()), args));
    }
}
