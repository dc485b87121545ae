package dev.hackathon.infra.resources;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import dev.hackathon.infra.engine.VirtualClock;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.Ec2ServiceClientConfiguration;
import software.amazon.awssdk.services.ec2.model.DeleteVpcRequest;
import software.amazon.awssdk.services.ec2.model.DeleteVpcResponse;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;
import software.amazon.awssdk.services.ec2.model.ModifyVpcAttributeRequest;
import software.amazon.awssdk.services.ec2.model.ModifyVpcAttributeResponse;

/** The written-out EC2 client of {@link Consistency}: complete for what the tool calls, and retrying only what names a new id. */
class ConsistentEc2ClientTest {

    private static Ec2Exception notFound() {
        return (Ec2Exception) Ec2Exception.builder().statusCode(400)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode("InvalidVpcID.NotFound")
                        .errorMessage("The vpc ID 'vpc-1' does not exist").build())
                .build();
    }

    /** A stand-in EC2 that does not know the VPC for its first {@code unknownFor} calls. */
    private static final class LaggingEc2 implements Ec2Client {
        final AtomicInteger calls = new AtomicInteger();
        final int unknownFor;

        LaggingEc2(int unknownFor) {
            this.unknownFor = unknownFor;
        }

        @Override
        public ModifyVpcAttributeResponse modifyVpcAttribute(ModifyVpcAttributeRequest r) {
            if (calls.incrementAndGet() <= unknownFor) {
                throw notFound();
            }
            return ModifyVpcAttributeResponse.builder().build();
        }

        @Override
        public DeleteVpcResponse deleteVpc(DeleteVpcRequest r) {
            calls.incrementAndGet();
            throw notFound();
        }

        @Override
        public String serviceName() {
            return "ec2";
        }

        @Override
        public Ec2ServiceClientConfiguration serviceClientConfiguration() {
            return null;
        }

        @Override
        public void close() {
        }
    }

    @Test
    void aCallNamingANewIdIsRepeatedOnTheRunsClockUntilTheIdIsKnown() {
        VirtualClock clock = new VirtualClock();
        LaggingEc2 aws = new LaggingEc2(3);
        Ec2Client ec2 = new Consistency(clock).ec2(aws);

        ec2.modifyVpcAttribute(b -> b.vpcId("vpc-1")); // the builder overload reaches the written-out method
        assertEquals(4, aws.calls.get());
        assertTrue(clock.nowMillis() > 0 && clock.nowMillis() < Consistency.EC2_PROPAGATION.toMillis(), "waited " + clock.nowMillis());
    }

    @Test
    void aCallStillRefusedAfterTheWindowFailsAndADeleteIsNeverRepeated() {
        VirtualClock clock = new VirtualClock();
        LaggingEc2 never = new LaggingEc2(Integer.MAX_VALUE);
        Ec2Client ec2 = new Consistency(clock).ec2(never);
        assertThrows(Ec2Exception.class, () -> ec2.modifyVpcAttribute(b -> b.vpcId("vpc-1")));
        assertTrue(clock.nowMillis() >= Consistency.EC2_PROPAGATION.toMillis(), "gave up at " + clock.nowMillis());

        LaggingEc2 deleted = new LaggingEc2(0);
        Ec2Client forDelete = new Consistency(new VirtualClock()).ec2(deleted);
        assertThrows(Ec2Exception.class, () -> forDelete.deleteVpc(b -> b.vpcId("vpc-1")));
        assertEquals(1, deleted.calls.get(), "NotFound on a delete means gone: the caller's to judge, never repeated");
    }

    /** Every EC2 operation the main code calls on a kind's client is written out (else it would throw UnsupportedOperationException). */
    @Test
    void everyOperationTheToolCallsIsWrittenOut() throws IOException {
        Pattern call = Pattern.compile("\\bec2(?:\\(\\))?\\.([a-z][A-Za-z]+)\\(");
        Set<String> called = new TreeSet<>();
        try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                Matcher m = call.matcher(Files.readString(f));
                while (m.find()) {
                    called.add(m.group(1).replaceFirst("Paginator$", ""));
                }
            }
        }
        called.remove("get"); // Lazy<Ec2Client>.get(), not an EC2 operation
        Set<String> written = Arrays.stream(ConsistentEc2Client.class.getDeclaredMethods()).map(Method::getName)
                .collect(Collectors.toSet());
        assertTrue(called.size() > 40, "the scan found the tool's calls: " + called);
        Set<String> missing = new TreeSet<>(called);
        missing.removeAll(written);
        assertEquals(Set.of(), missing, "EC2 operations called but not written out in ConsistentEc2Client");
    }
}
