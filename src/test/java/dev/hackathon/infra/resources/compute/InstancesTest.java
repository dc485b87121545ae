package dev.hackathon.infra.resources.compute;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.hackathon.infra.engine.Change;
import dev.hackathon.infra.engine.Observed;
import dev.hackathon.infra.engine.Phase;
import dev.hackathon.infra.engine.Readiness;
import dev.hackathon.infra.resources.Ownership;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;

/** The instance kind's decisions that need no AWS: retries, readiness, replacement, architecture. */
class InstancesTest {

    private final Instances kind = new Instances(Ec2Client.builder()
            .region(software.amazon.awssdk.regions.Region.AP_NORTHEAST_1)
            .endpointOverride(java.net.URI.create("http://127.0.0.1:9"))
            .credentialsProvider(software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider.create())
            .build(), new Ownership("s"), "ap-northeast-1", null);

    private static Ec2Exception error(String code, String message) {
        return (Ec2Exception) Ec2Exception.builder()
                .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).errorMessage(message).build()).build();
    }

    @Test
    void aNotYetPropagatedProfileIsRetriedForTwoMinutes() {
        Ec2Exception e = error("InvalidParameterValue",
                "Value (s-instance-profile-app) for parameter iamInstanceProfile.name is invalid. Invalid IAM Instance Profile name");
        assertEquals(Duration.ofMinutes(2), kind.retryWindow(e, Phase.CREATE));
        assertEquals(Duration.ofMinutes(2), kind.retryWindow(e, Phase.UPDATE));
        // Any other invalid parameter is a real error: fail now.
        assertEquals(Duration.ZERO, kind.retryWindow(error("InvalidParameterValue", "Invalid value 't3.nope' for InstanceType"),
                Phase.CREATE));
        assertEquals(Duration.ZERO, kind.retryWindow(error("InvalidSubnetID.NotFound", "no subnet"), Phase.CREATE));
    }

    @Test
    void aStopInProgressIsRetriedAndTeardownDependencyErrorsToo() {
        assertTrue(kind.retryWindow(error("IncorrectInstanceState", "is not 'stopped'"), Phase.UPDATE).toMinutes() >= 5);
        assertTrue(kind.retryWindow(error("DependencyViolation", "x"), Phase.DELETE).toMinutes() > 0);
    }

    @Test
    void readinessAndGoneness() {
        assertEquals(Readiness.READY, kind.readiness(obs("running")));
        assertEquals(Readiness.PENDING, kind.readiness(obs("pending")));
        assertEquals(Readiness.FAILED, kind.readiness(obs("stopped")));
        assertEquals(Readiness.FAILED, kind.readiness(obs("shutting-down")));
        assertTrue(kind.isGone(obs("terminated")));
        assertFalse(kind.isGone(obs("shutting-down")), "still holds its subnet and group");
        assertTrue(kind.isBeingDeleted(obs("shutting-down")), "up waits for it to go, then launches anew");
        assertFalse(kind.isBeingDeleted(obs("stopped")), "a stopped instance is started, not waited for");
        assertTrue(kind.waitsUntilGone());
    }

    @Test
    void onlySubnetOrArchitectureReplaceIt() {
        assertFalse(kind.requiresReplacement(List.of(new Change("ami", "ami-1", "ami-2"))), "a newer AMI never replaces");
        assertFalse(kind.requiresReplacement(List.of(new Change("type", "t3.small", "t3.medium"))));
        assertFalse(kind.requiresReplacement(List.of(new Change("state", "stopped", "running"))));
        assertFalse(kind.requiresReplacement(List.of(new Change("(dependencies)", "old", "new"))));
        assertFalse(kind.requiresReplacement(List.of(Change.security("metadata.httpTokens", "optional", "required"))));
        assertTrue(kind.requiresReplacement(List.of(new Change("subnet", "a", "b"))));
        assertTrue(kind.requiresReplacement(List.of(new Change("architecture", "x86_64", "arm64"))));
    }

    @Test
    void gravitonTypesGetArmImages() {
        for (String t : List.of("t4g.micro", "m7g.large", "m6gd.xlarge", "c7gn.medium", "im4gn.large", "is4gen.large",
                "r8g.large", "a1.medium")) {
            assertEquals("arm64", Images.architecture(t), t);
        }
        for (String t : List.of("t3.small", "m7i-flex.large", "c6i.large", "g5.xlarge", "g4dn.xlarge", "c7a.large",
                "m5d.large", "inf2.xlarge")) {
            assertEquals("x86_64", Images.architecture(t), t);
        }
    }

    @Test
    void ssmCommandNamesRegionAndProfile() {
        assertEquals("aws ssm start-session --target i-1 --region ap-northeast-1", kind.ssmCommand("i-1"));
        Instances withProfile = new Instances(null, new Ownership("s"), "eu-west-1", "hackathon");
        assertEquals("aws ssm start-session --target i-1 --region eu-west-1 --profile hackathon",
                withProfile.ssmCommand("i-1"));
    }

    private static Observed obs(String state) {
        return new Observed("instance/app", "i-1", state, Map.of(), null);
    }
}
