package dev.hackathon.infra.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import dev.hackathon.infra.aws.AwsSession;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;

/**
 * The launcher trains its start-up cache on {@link Warmup}: if the warm-up's commands stopped
 * finding the complete, healthy stack in the recorded answers (a command now asks for
 * something the recording does not hold), the cache would silently train a path no real
 * {@code status} takes. So every command exits 0 and every request has its recorded answer.
 */
class WarmupTest {

    @Test
    void everyCommandExitsZeroAndEveryRequestHasItsRecordedAnswer() throws Exception {
        try (RecordedAws aws = RecordedAws.replaying()) {
            Warmup.warmUp(aws);
            assertEquals(List.of(), aws.misses(), stale());
        } catch (IllegalStateException e) {
            throw new AssertionError(stale() + "\n" + e.getMessage(), e);
        }
    }

    @Test
    void aRequestTheRecordingDoesNotHoldIsAMiss() throws Exception {
        String recording = recording();
        // The answer to the second DescribeVpcAttribute (the VPC's other DNS attribute) gone:
        // the operation's other answer stands in, and the request counts as a miss.
        int second = recording.indexOf("### ec2 DescribeVpcAttribute ", recording.indexOf("### ec2 DescribeVpcAttribute ") + 1);
        assertTrue(second > 0, "two DescribeVpcAttribute answers recorded");
        String stale = recording.substring(0, second) + recording.substring(recording.indexOf("\n### ", second) + 1);
        try (RecordedAws aws = RecordedAws.replaying(stale)) {
            try {
                Warmup.warmUp(aws);
            } catch (IllegalStateException e) {
                // the stand-in's answer may also make a command exit otherwise: a stale recording either way
            }
            // once per command that reads the stack (status twice, plan, up)
            assertEquals(4, aws.misses().size(), aws.misses().toString());
            assertEquals(1, Set.copyOf(aws.misses()).size(), aws.misses().toString());
            assertTrue(aws.misses().get(0).startsWith("ec2 DescribeVpcAttribute "), aws.misses().toString());
        }
    }

    @Test
    void aResourceMissingFromTheAnswersFailsTheWarmUp() throws Exception {
        String recording = recording();
        int vpcs = recording.indexOf("### ec2 DescribeVpcs ");
        String noVpc = recording.substring(0, vpcs) + recording.substring(recording.indexOf("\n### ", vpcs) + 1);
        try (RecordedAws aws = RecordedAws.replaying(noVpc)) {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> Warmup.warmUp(aws));
            assertTrue(e.getMessage().contains("`status --config"), e.getMessage());
        }
    }

    @Test
    void aMutatingCallIsRefusedAndCounted() throws Exception {
        try (RecordedAws standIn = RecordedAws.replaying();
             AwsSession aws = new AwsSession(Region.AP_NORTHEAST_1, standIn.endpoint(),
                     StaticCredentialsProvider.create(AwsBasicCredentials.create("warmup", "warmup")), List.of())) {
            assertThrows(RuntimeException.class, () -> aws.ec2().createVpc(r -> r.cidrBlock("10.0.0.0/16")));
            assertThrows(RuntimeException.class, () -> aws.ssm().putParameter(r -> r.name("/lock").value("x")));
            assertEquals(2, standIn.refused().size(), standIn.refused().toString());
            assertTrue(standIn.refused().get(0).startsWith("ec2 CreateVpc "), standIn.refused().toString());
        }
    }

    private static String stale() {
        return "the warm-up's recorded answers (" + RecordedAws.RESOURCE + ") are stale; re-record them with\n  "
                + WarmupRecordingTest.COMMAND;
    }

    private static String recording() throws Exception {
        try (InputStream in = RecordedAws.class.getResourceAsStream(RecordedAws.RESOURCE)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
