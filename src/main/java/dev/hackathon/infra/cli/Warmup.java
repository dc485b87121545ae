package dev.hackathon.infra.cli;

import java.net.URI;
import java.util.List;

import dev.hackathon.infra.aws.AwsSession;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.regions.Region;

/**
 * Loads the classes a real run needs (picocli, the config reader, every SDK client and one
 * request marshalled per service) without calling AWS: the launcher runs it once to record
 * the class-data-sharing archive that makes later starts fast. An interceptor stops every
 * call after it is signed and before anything is sent, so it touches no network.
 */
public final class Warmup {

    private Warmup() {
    }

    public static void main(String[] args) {
        HackathonInfra.execute(new CliContext(new java.io.PrintStream(java.io.OutputStream.nullOutputStream()),
                new java.io.PrintStream(java.io.OutputStream.nullOutputStream()), null, java.util.Map.of(), false,
                new dev.hackathon.infra.aws.AwsSessionFactory(), dev.hackathon.infra.engine.Clock.SYSTEM), "--help");
        try (AwsSession aws = new AwsSession(Region.AP_NORTHEAST_1, URI.create("http://127.0.0.1:9"),
                StaticCredentialsProvider.create(AwsBasicCredentials.create("warmup", "warmup")), List.of(new StopBeforeSending()))) {
            List<Runnable> calls = List.of(
                    () -> aws.ec2().describeVpcs(),
                    () -> aws.elb().describeLoadBalancers(),
                    () -> aws.rds().describeDBInstances(),
                    () -> aws.elasticache().describeReplicationGroups(),
                    () -> aws.iam().listRoles(),
                    () -> aws.ssm().getParameter(r -> r.name("warmup")));
            calls.parallelStream().forEach(call -> {
                try {
                    call.run();
                } catch (RuntimeException expected) {
                    // Stopped before sending, as intended.
                }
            });
        }
    }

    /** Not retryable (not an I/O error), so each call ends at once. */
    private static final class StopBeforeSending implements ExecutionInterceptor {
        @Override
        public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
            throw new IllegalStateException("warm-up: not sending");
        }
    }
}
