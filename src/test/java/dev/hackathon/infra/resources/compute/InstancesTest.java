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
import dev.hackathon.infra.engine.ErrorClass;
import dev.hackathon.infra.engine.Phase;
import dev.hackathon.infra.engine.Status;
import dev.hackathon.infra.resources.AwsErrorClassifier;
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

    private Duration window(Ec2Exception e, Phase step) {
        ErrorClass c = AwsErrorClassifier.INSTANCE.classify(e, step, kind.policy());
        return c.window(kind.policy(), AwsErrorClassifier.INSTANCE.code(e));
    }

    @Test
    void aNotYetPropagatedProfileIsRetriedForTwoMinutes() {
        Ec2Exception e = error("InvalidParameterValue",
                "Value (s-instance-profile-app) for parameter iamInstanceProfile.name is invalid. Invalid IAM Instance Profile name");
        assertEquals(Duration.ofMinutes(2), window(e, Phase.CREATE));
        assertEquals(Duration.ofMinutes(2), window(e, Phase.UPDATE));
        // Any other invalid parameter is a real error: fail now.
        assertEquals(Duration.ZERO, window(error("InvalidParameterValue", "Invalid value 't3.nope' for InstanceType"),
                Phase.CREATE));
        // A subnet made seconds ago is not known yet: the rule for every service, not the kind's.
        assertEquals(Duration.ofMinutes(2), window(error("InvalidSubnetID.NotFound", "no subnet"), Phase.CREATE));
    }

    @Test
    void aStopInProgressIsRetriedAndTeardownDependencyErrorsToo() {
        assertTrue(window(error("IncorrectInstanceState", "is not 'stopped'"), Phase.UPDATE).toMinutes() >= 5);
        assertTrue(window(error("DependencyViolation", "x"), Phase.DELETE).toMinutes() > 0);
    }

    @Test
    void itsStates() {
        assertEquals(Status.READY, kind.state(obs("running")));
        assertEquals(Status.PENDING, kind.state(obs("pending")));
        assertTrue(kind.state(obs("stopped")).isFailed(), "a stopped instance is started, not waited for");
        assertEquals(Status.GONE, kind.state(obs("terminated")));
        assertEquals(Status.DELETING, kind.state(obs("shutting-down")), "still holds its subnet and group; up waits"
                + " for it to go, then launches anew");
        assertTrue(kind.policy().waitsUntilGone());
    }

    @Test
    void onlySubnetOrArchitectureReplaceIt() {
        assertFalse(kind.policy().forcesNew(List.of(new Change("ami", "ami-1", "ami-2"))), "a newer AMI never replaces");
        assertFalse(kind.policy().forcesNew(List.of(new Change("type", "t3.small", "t3.medium"))));
        assertFalse(kind.policy().forcesNew(List.of(new Change("state", "stopped", "running"))));
        assertFalse(kind.policy().forcesNew(List.of(Change.dependencyRecreated())));
        assertFalse(kind.policy().forcesNew(List.of(Change.security("metadata.httpTokens", "optional", "required"))));
        assertTrue(kind.policy().forcesNew(List.of(new Change("subnet", "a", "b"))));
        assertTrue(kind.policy().forcesNew(List.of(new Change("architecture", "x86_64", "arm64"))));
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
