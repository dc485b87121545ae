package dev.hackathon.infra.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.hackathon.infra.aws.AwsSession;
import dev.hackathon.infra.config.StackConfig;
import dev.hackathon.infra.engine.RunListener;
import dev.hackathon.infra.engine.RunResult;
import dev.hackathon.infra.engine.VirtualClock;
import dev.hackathon.infra.resources.Ownership;
import dev.hackathon.infra.resources.compute.IamRoles;
import dev.hackathon.infra.resources.compute.PolicyDocuments;
import dev.hackathon.infra.testing.FaultInjector;
import dev.hackathon.infra.testing.MotoServer;
import dev.hackathon.infra.testing.RecordingInterceptor;
import dev.hackathon.infra.testing.TestConfigs;
import dev.hackathon.infra.testing.WithMoto;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.Tag;

/**
 * IAM is global, stacks are regional: one stack name in two Regions of one account (moto
 * serves every Region on one port and keeps one IAM for all, as AWS does) gets an IAM role
 * and instance profile per Region, and {@code down} in one Region leaves the other whole.
 */
@WithMoto
class TwoRegionsTest {

    private static StackConfig inRegion(String stack, String region) {
        StackConfig seed = TestConfigs.seed(stack);
        return new StackConfig(stack, region, null, seed.tags(), null,
                new StackConfig.Network("10.0.0.0/16", List.of(region + "a", region + "c")), seed.database(),
                seed.cache(), seed.instance(), seed.bedrock(), seed.loadBalancer(), seed.source());
    }

    private static AwsSession session(MotoServer moto, String region, FaultInjector faults, RecordingInterceptor calls) {
        return new AwsSession(Region.of(region), moto.endpoint(),
                StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")), List.of(faults, calls));
    }

    private static StackService service(AwsSession aws, StackConfig config) {
        return new StackService(config, aws, new VirtualClock(System.currentTimeMillis()),
                StackService.defaultSettings(config), RunListener.NONE);
    }

    @Test
    void theSameStackNameInTwoRegionsSharesNoIamAndDownInOneLeavesTheOtherHealthy(MotoServer moto, FaultInjector faults,
                                                                                RecordingInterceptor calls) {
        try (AwsSession tokyo = session(moto, "ap-northeast-1", faults, calls);
             AwsSession virginia = session(moto, "us-west-2", faults, calls)) {
            StackService a = service(tokyo, inRegion("twin", "ap-northeast-1"));
            StackService b = service(virginia, inRegion("twin", "us-west-2"));
            RunResult upA = a.up(a.discover());
            assertTrue(upA.succeeded(), () -> upA.failures().toString());
            RunResult upB = b.up(b.discover());
            assertTrue(upB.succeeded(), () -> upB.failures().toString());

            IamClient iam = tokyo.iam();
            List<String> roles = iam.listRoles(r -> r.pathPrefix("/hackathon-infra/twin/")).roles().stream()
                    .map(r -> r.path() + r.roleName()).sorted().toList();
            assertEquals(List.of("/hackathon-infra/twin/ap-northeast-1/twin-ap-northeast-1-iam-role-app",
                    "/hackathon-infra/twin/us-west-2/twin-us-west-2-iam-role-app"), roles);
            assertTrue(a.status(a.discover()).healthy());
            assertTrue(b.status(b.discover()).healthy());

            RunResult down = a.down(a.discover());
            assertTrue(down.succeeded(), () -> down.failures().toString());

            // The other Region's role, its policies and its profile are intact: status is healthy.
            assertEquals(1, iam.listAttachedRolePolicies(r -> r.roleName("twin-us-west-2-iam-role-app"))
                    .attachedPolicies().size());
            assertEquals(List.of("bedrock", "db-secret"), iam.listRolePolicies(r -> r.roleName("twin-us-west-2-iam-role-app"))
                    .policyNames());
            assertEquals(List.of("twin-us-west-2-iam-role-app"), iam.getInstanceProfile(
                    r -> r.instanceProfileName("twin-us-west-2-instance-profile-app")).instanceProfile().roles().stream()
                    .map(r -> r.roleName()).toList());
            StatusReport bStatus = b.status(b.discover());
            assertTrue(bStatus.healthy(), () -> bStatus.resources().stream().filter(r -> !r.healthy()).toList().toString());
            assertTrue(a.status(a.discover()).resources().stream().noneMatch(ResourceStatus::present));
            assertTrue(b.down(b.discover()).succeeded());
        }
    }

    /**
     * The previous version named IAM entities without the Region. An upgraded stack sees them as
     * left over (status is not healthy and names them), never as its own twice; {@code up}
     * moves the instance to the new profile and removes them.
     */
    @Test
    void iamEntitiesNamedWithoutTheRegionByTheOldVersionAreLeftOversThatUpRemoves(AwsSession aws) {
        StackConfig config = inRegion("oldiam", "ap-northeast-1");
        StackService s = service(aws, config);
        IamClient iam = aws.iam();
        // What the previous version made: path and names without the Region, same tags.
        List<Tag> roleTags = List.of(Tag.builder().key(Ownership.STACK_TAG).value("oldiam").build(),
                Tag.builder().key(Ownership.KEY_TAG).value("iam-role/app").build());
        iam.createRole(r -> r.roleName("oldiam-iam-role-app").path("/hackathon-infra/oldiam/")
                .assumeRolePolicyDocument(PolicyDocuments.toJson(IamRoles.trustPolicy("ec2.amazonaws.com"))).tags(roleTags));
        iam.putRolePolicy(r -> r.roleName("oldiam-iam-role-app").policyName("bedrock")
                .policyDocument(PolicyDocuments.toJson(ComputeTier.bedrockPolicy(config))));
        iam.createInstanceProfile(r -> r.instanceProfileName("oldiam-instance-profile-app").path("/hackathon-infra/oldiam/")
                .tags(Tag.builder().key(Ownership.STACK_TAG).value("oldiam").build(),
                        Tag.builder().key(Ownership.KEY_TAG).value("instance-profile/app").build()));
        iam.addRoleToInstanceProfile(r -> r.instanceProfileName("oldiam-instance-profile-app").roleName("oldiam-iam-role-app"));

        StatusReport before = s.status(s.discover());
        assertFalse(before.healthy());
        assertEquals(List.of("iam-inline-policy/bedrock-without-region", "iam-role/app-without-region",
                        "instance-profile/app-without-region"),
                before.extra().stream().map(ResourceStatus::key).sorted().toList());
        assertTrue(before.resources().stream().filter(r -> r.key().startsWith("iam-role/")
                || r.key().startsWith("instance-profile/")).noneMatch(ResourceStatus::present), "not counted as ours twice");

        RunResult up = s.up(s.discover());
        assertTrue(up.succeeded(), () -> up.failures().toString());
        assertTrue(iam.listRoles(r -> r.pathPrefix("/hackathon-infra/oldiam/")).roles().stream()
                .noneMatch(r -> r.roleName().equals("oldiam-iam-role-app")));
        StatusReport after = s.status(s.discover());
        assertTrue(after.healthy(), () -> after.extra() + " " + after.resources().stream().filter(r -> !r.healthy()).toList());
        assertTrue(s.down(s.discover()).succeeded());
    }
}
