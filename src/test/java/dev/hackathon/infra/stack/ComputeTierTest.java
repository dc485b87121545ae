package dev.hackathon.infra.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.hackathon.infra.aws.AwsSession;
import dev.hackathon.infra.config.StackConfig;
import dev.hackathon.infra.engine.Change;
import dev.hackathon.infra.engine.Plan;
import dev.hackathon.infra.engine.PlannedChange;
import dev.hackathon.infra.engine.RunListener;
import dev.hackathon.infra.engine.RunResult;
import dev.hackathon.infra.engine.VirtualClock;
import dev.hackathon.infra.resources.Ownership;
import dev.hackathon.infra.resources.compute.IamRoles;
import dev.hackathon.infra.resources.compute.Instances;
import dev.hackathon.infra.resources.compute.ManagedPolicyAttachments;
import dev.hackathon.infra.resources.compute.PolicyDocuments;
import dev.hackathon.infra.testing.FaultInjector;
import dev.hackathon.infra.testing.MotoExtension;
import dev.hackathon.infra.testing.MotoServer;
import dev.hackathon.infra.testing.RecordingInterceptor;
import dev.hackathon.infra.testing.TestConfigs;
import dev.hackathon.infra.testing.WithMoto;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.DeleteSecurityGroupRequest;
import software.amazon.awssdk.services.ec2.model.DeleteSubnetRequest;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.HttpTokensState;
import software.amazon.awssdk.services.ec2.model.Image;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.TerminateInstancesRequest;
import software.amazon.awssdk.services.ec2.model.Volume;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AttachedPolicy;
import software.amazon.awssdk.services.iam.model.InstanceProfile;
import software.amazon.awssdk.services.iam.model.Role;

/** Issue 4 end to end against moto: role, policies, profile, instance; idempotence, propagation, two stacks, drift, down. */
@WithMoto
class ComputeTierTest {

    private static final String MODEL_ARN = "arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-3-haiku-20240307-v1:0";

    private static StackService service(AwsSession aws, StackConfig config) {
        return new StackService(config, aws, new VirtualClock(System.currentTimeMillis()),
                StackService.defaultSettings(config), RunListener.NONE);
    }

    @Test
    void upBuildsThePrivateInstanceAndItsRoleOnceAndDownRemovesThemInOrder(MotoServer moto, RecordingInterceptor calls,
                                                                          FaultInjector faults) {
        // Our own session, so a guard sees every teardown call before moto does: moto deletes a
        // subnet or group with a live instance in it, AWS refuses; the guard stands in for AWS.
        TeardownGuard guard = new TeardownGuard(moto);
        try (AwsSession aws = new AwsSession(MotoExtension.REGION, moto.endpoint(),
                StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")), List.of(guard, faults, calls))) {
            StackConfig config = TestConfigs.seed("cmp1");
            StackService s = service(aws, config);
            RunResult up = s.up(s.discover());
            assertTrue(up.succeeded(), () -> up.failures().toString());

            IamClient iam = aws.iam();
            Ec2Client ec2 = aws.ec2();
            // The role: under the stack's path, trusted by EC2 only, tagged.
            Role role = iam.getRole(r -> r.roleName("cmp1-ap-northeast-1-iam-role-app")).role();
            assertEquals("/hackathon-infra/cmp1/ap-northeast-1/", role.path());
            assertTrue(PolicyDocuments.sameMeaning(IamRoles.trustPolicy("ec2.amazonaws.com"),
                    PolicyDocuments.parse(role.assumeRolePolicyDocument())), role.assumeRolePolicyDocument());
            assertEquals("cmp1", iamTag(role.tags(), Ownership.STACK_TAG));
            assertEquals("iam-role/app", iamTag(role.tags(), Ownership.KEY_TAG));
            // Exactly the SSM core policy attached; the Bedrock inline policy with exactly two actions on the
            // model, and the database secret's (ComputeTierGraphTest, ConnectEnvTest read that one back).
            assertEquals(List.of(ManagedPolicyAttachments.SSM_CORE), iam.listAttachedRolePolicies(r -> r.roleName(role.roleName()))
                    .attachedPolicies().stream().map(AttachedPolicy::policyArn).toList());
            assertEquals(List.of("bedrock", "db-secret"), iam.listRolePolicies(r -> r.roleName(role.roleName())).policyNames());
            JsonNode doc = PolicyDocuments.parse(iam.getRolePolicy(r -> r.roleName(role.roleName()).policyName("bedrock"))
                    .policyDocument());
            assertEquals(1, doc.get("Statement").size());
            JsonNode st = doc.get("Statement").get(0);
            assertEquals("Allow", st.get("Effect").asText());
            assertEquals(Set.of("bedrock:InvokeModel", "bedrock:InvokeModelWithResponseStream"), texts(st.get("Action")));
            assertEquals(Set.of(MODEL_ARN), texts(st.get("Resource")));
            assertEquals(Set.of("Sid", "Effect", "Action", "Resource"), fieldNames(st), "no conditions, no Not*");
            // The profile holds the role.
            InstanceProfile profile = iam.getInstanceProfile(r -> r.instanceProfileName("cmp1-ap-northeast-1-instance-profile-app"))
                    .instanceProfile();
            assertEquals("/hackathon-infra/cmp1/ap-northeast-1/", profile.path());
            assertEquals(List.of(role.roleName()), profile.roles().stream().map(Role::roleName).toList());

            // The instance: app subnet a, no public IP, only the app group, IMDSv2, our profile, newest AL2023.
            Map<String, String> net = NetworkTierTest.taggedKeys(ec2, "cmp1");
            Instance i = onlyLiveInstance(ec2, "cmp1");
            assertEquals(net.get("subnet/app-a"), i.subnetId());
            assertNull(i.publicIpAddress());
            assertTrue(i.networkInterfaces().stream().allMatch(n -> n.association() == null || n.association().publicIp() == null));
            assertEquals(Set.of(net.get("sg/app")), Instances.groups(i));
            assertEquals(1, i.networkInterfaces().size());
            assertEquals(HttpTokensState.REQUIRED, i.metadataOptions().httpTokens());
            assertEquals(2, i.metadataOptions().httpPutResponseHopLimit());
            assertEquals("enabled", i.metadataOptions().httpEndpointAsString());
            assertEquals(profile.arn(), i.iamInstanceProfile().arn());
            assertEquals("t3.small", i.instanceTypeAsString());
            assertEquals(newestAl2023(ec2).imageId(), i.imageId());
            assertEquals("instance/app", ec2Tag(i.tags(), Ownership.KEY_TAG));
            // Its root volume: encrypted gp3 of the configured size, tagged.
            String volumeId = i.blockDeviceMappings().stream().filter(b -> b.deviceName().equals(i.rootDeviceName()))
                    .findFirst().orElseThrow().ebs().volumeId();
            Volume v = ec2.describeVolumes(r -> r.volumeIds(volumeId)).volumes().get(0);
            assertTrue(v.encrypted());
            assertEquals("gp3", v.volumeTypeAsString());
            assertEquals(20, v.size());
            assertEquals("cmp1", ec2Tag(v.tags(), Ownership.STACK_TAG));

            // status shows the outputs.
            StatusReport status = s.status(s.discover());
            assertTrue(status.healthy(), () -> status.resources().stream().filter(r -> !r.healthy()).toList().toString());
            assertEquals(i.instanceId(), status.outputs().get("instance.id"));
            assertEquals(i.privateIpAddress(), status.outputs().get("instance.privateIp"));
            assertEquals("running", status.outputs().get("instance.state"));
            assertEquals("aws ssm start-session --target " + i.instanceId() + " --region ap-northeast-1",
                    status.outputs().get("instance.ssm"));

            // A second up changes nothing.
            calls.clear();
            RunResult again = s.up(s.discover());
            assertTrue(again.succeeded(), () -> again.failures().toString());
            assertEquals(List.of(), calls.mutatingCalls(), calls.summary());
            assertEquals(0, again.created() + again.updated() + again.deleted());

            // down: the instance goes (and is seen gone) before its subnet and group; then the IAM pieces.
            calls.clear();
            RunResult down = s.down(s.discover());
            assertTrue(down.succeeded(), () -> down.failures().toString());
            assertEquals(List.of(), guard.violations);
            assertTrue(guard.sawTerminate, "the instance was terminated");
            assertEquals(0, iam.listRoles(r -> r.pathPrefix("/hackathon-infra/cmp1/")).roles().size());
            assertEquals(0, iam.listInstanceProfiles(r -> r.pathPrefix("/hackathon-infra/cmp1/")).instanceProfiles().size());
            assertEquals("terminated", ec2.describeInstances(r -> r.instanceIds(i.instanceId())).reservations().get(0)
                    .instances().get(0).state().nameAsString());
            List<String> iamOrder = calls.calls().stream().map(c -> c.operation())
                    .filter(o -> Set.of("TerminateInstances", "RemoveRoleFromInstanceProfile", "DeleteInstanceProfile",
                            "DeleteRolePolicy", "DetachRolePolicy", "DeleteRole").contains(o)).toList();
            // What the instance depends on goes after it: profile, SSM attachment, the Bedrock policy. The
            // db-secret policy depends on the database alone, so its DeleteRolePolicy may come first.
            int terminate = iamOrder.indexOf("TerminateInstances");
            List<String> beforeTerminate = iamOrder.subList(0, terminate);
            assertTrue(beforeTerminate.stream().allMatch("DeleteRolePolicy"::equals) && beforeTerminate.size() <= 1,
                    iamOrder.toString());
            assertEquals(2, iamOrder.stream().filter("DeleteRolePolicy"::equals).count(), iamOrder.toString());
            assertTrue(iamOrder.lastIndexOf("DeleteRolePolicy") > terminate, "the Bedrock policy outlives the instance");
            assertEquals("DeleteRole", iamOrder.get(iamOrder.size() - 1), iamOrder.toString());
            assertTrue(iamOrder.indexOf("RemoveRoleFromInstanceProfile") < iamOrder.indexOf("DeleteInstanceProfile"));
            assertEquals(Map.of(), NetworkTierTest.taggedKeys(ec2, "cmp1"));
            // Twice is a no-op.
            calls.clear();
            assertTrue(s.down(s.discover()).succeeded());
            assertEquals(List.of(), calls.mutatingCalls(), calls.summary());
        }
    }

    @Test
    void aProfileNotYetPropagatedIsRetriedAndLaunchesExactlyOneInstance(AwsSession aws, FaultInjector faults,
                                                                        RecordingInterceptor calls) {
        StackConfig config = TestConfigs.seed("cmp2");
        StackService s = service(aws, config);
        faults.on("ec2:RunInstances").error("InvalidParameterValue", 400,
                "Value (cmp2-ap-northeast-1-instance-profile-app) for parameter iamInstanceProfile.name is invalid. Invalid IAM Instance Profile name")
                .times(3);

        RunResult up = s.up(s.discover());

        assertTrue(up.succeeded(), () -> up.failures().toString());
        assertEquals(3, faults.injectedCount("ec2:RunInstances"));
        // Four that reached moto; the behaviour layer refuses more while the new profile propagates.
        assertEquals(4, calls.count("ec2:RunInstances") - faults.layerInjectedCount("ec2:RunInstances"), calls.summary());
        assertEquals(1, liveInstances(aws.ec2(), "cmp2").size());
        assertTrue(s.status(s.discover()).healthy());
        assertTrue(s.down(s.discover()).succeeded());
    }

    @Test
    void aProfileThatNeverPropagatesFailsAfterTheTwoMinuteWindow(AwsSession aws, FaultInjector faults,
                                                                 RecordingInterceptor calls) {
        StackConfig config = TestConfigs.seed("cmp6");
        StackService s = service(aws, config);
        faults.on("ec2:RunInstances").error("InvalidParameterValue", 400,
                "Value (cmp6-ap-northeast-1-instance-profile-app) for parameter iamInstanceProfile.name is invalid. Invalid IAM Instance Profile name");

        RunResult up = s.up(s.discover());

        assertFalse(up.succeeded());
        assertEquals("instance/app", up.failures().get(0).key());
        assertTrue(up.failures().get(0).toString().contains("Invalid IAM Instance Profile"), up.failures().toString());
        assertTrue(up.elapsedMillis() >= 120_000 && up.elapsedMillis() < 150_000, "virtual ms " + up.elapsedMillis());
        int attempts = calls.count("ec2:RunInstances");
        assertTrue(attempts > 5 && attempts < 30, "backoff, not a busy loop: " + attempts);
        assertEquals(List.of(), liveInstances(aws.ec2(), "cmp6"));
        faults.clearRules();
        assertTrue(s.down(s.discover()).succeeded());
    }

    @Test
    void iamCreatesSurviveLostAnswersAndARoleNotYetVisible(AwsSession aws, FaultInjector faults, RecordingInterceptor calls) {
        StackConfig config = TestConfigs.seed("cmp9");
        StackService s = service(aws, config);
        // Executed, answer lost: the engine's retry meets EntityAlreadyExists ("already there"),
        // and the engine takes the entity that discovery finds is this key's.
        faults.loseResponse("iam:CreateRole").times(1);
        faults.loseResponse("iam:CreateInstanceProfile").times(1);
        // The new role not yet visible to the calls that name it.
        faults.fail("iam:AttachRolePolicy", "NoSuchEntity", 404).times(2);
        faults.fail("iam:AddRoleToInstanceProfile", "NoSuchEntity", 404).times(1);

        RunResult up = s.up(s.discover());

        assertTrue(up.succeeded(), () -> up.failures().toString());
        assertEquals(List.of("InternalFailure", "EntityAlreadyExists"), calls.calls("iam:CreateRole").stream()
                .map(RecordingInterceptor.Call::errorCode).toList());
        IamClient iam = aws.iam();
        assertEquals(List.of("cmp9-ap-northeast-1-iam-role-app"), iam.listRoles(r -> r.pathPrefix("/hackathon-infra/cmp9/")).roles()
                .stream().map(Role::roleName).toList());
        assertEquals(List.of("cmp9-ap-northeast-1-iam-role-app"), iam.getInstanceProfile(r -> r.instanceProfileName("cmp9-ap-northeast-1-instance-profile-app"))
                .instanceProfile().roles().stream().map(Role::roleName).toList());
        assertEquals(1, iam.listAttachedRolePolicies(r -> r.roleName("cmp9-ap-northeast-1-iam-role-app")).attachedPolicies().size());
        assertTrue(s.status(s.discover()).healthy());
        assertTrue(s.down(s.discover()).succeeded());
    }

    @Test
    void aLostRunInstancesAnswerIsFoundByTagAndNotLaunchedTwice(AwsSession aws, FaultInjector faults,
                                                                RecordingInterceptor calls) {
        StackConfig config = TestConfigs.seed("cmp10");
        StackService s = service(aws, config);
        // moto launches the instance, the answer is lost; moto ignores the ClientToken, so only
        // the lookup by tag before the retry keeps a second instance from being launched.
        faults.loseResponse("ec2:RunInstances").times(1);

        RunResult up = s.up(s.discover());

        assertTrue(up.succeeded(), () -> up.failures().toString());
        assertEquals(1, faults.injectedCount("ec2:RunInstances"));
        // One launch reached moto (the lost one); the layer refused others while the profile propagated.
        assertEquals(1, calls.count("ec2:RunInstances") - faults.layerInjectedCount("ec2:RunInstances"), calls.summary());
        assertEquals(1, liveInstances(aws.ec2(), "cmp10").size());
        assertTrue(s.status(s.discover()).healthy());
        assertTrue(s.down(s.discover()).succeeded());
    }

    @Test
    void anyOtherLaunchErrorFailsAtOnce(AwsSession aws, FaultInjector faults, RecordingInterceptor calls) {
        StackConfig config = TestConfigs.seed("cmp3");
        StackService s = service(aws, config);
        faults.on("ec2:RunInstances").error("InvalidParameterValue", 400, "Invalid value for InstanceType").times(1);

        RunResult up = s.up(s.discover());

        assertFalse(up.succeeded());
        assertEquals(1, calls.count("ec2:RunInstances"));
        assertEquals("instance/app", up.failures().get(0).key());
        assertTrue(up.failures().get(0).toString().contains("Invalid value for InstanceType"), up.failures().toString());
        assertTrue(s.down(s.discover()).succeeded());
    }

    private static StackConfig withModels(StackConfig c, String region, List<String> models) {
        return new StackConfig(c.stack(), c.region(), c.profile(), c.tags(), c.expiresAt(), c.network(), c.database(),
                c.cache(), c.instance(), new StackConfig.Bedrock(region, models), c.loadBalancer(), c.source());
    }

    /**
     * Inference profiles: the role may invoke the profile (in this account, from STS) and its
     * model in each Region the profile routes to, nothing more; read back from IAM.
     */
    @Test
    void inferenceProfilesAllowTheProfileAndItsModelInItsDestinationRegionsOnly(AwsSession aws) {
        StackConfig config = withModels(TestConfigs.seed("cmpip"), "us-east-1", List.of(
                "us.anthropic.claude-3-5-haiku-20241022-v1:0", "global.anthropic.claude-sonnet-4-5-20250929-v1:0",
                "anthropic.claude-3-haiku-20240307-v1:0"));
        StackService s = service(aws, config);
        RunResult up = s.up(s.discover());
        assertTrue(up.succeeded(), () -> up.failures().toString());
        String account = aws.sts().getCallerIdentity().account();
        JsonNode doc = PolicyDocuments.parse(aws.iam().getRolePolicy(r -> r.roleName("cmpip-ap-northeast-1-iam-role-app")
                .policyName("bedrock")).policyDocument());
        assertEquals(1, doc.get("Statement").size());
        String haiku35 = "anthropic.claude-3-5-haiku-20241022-v1:0";
        String sonnet = "anthropic.claude-sonnet-4-5-20250929-v1:0";
        assertEquals(new java.util.TreeSet<>(List.of(
                "arn:aws:bedrock:us-east-1:" + account + ":inference-profile/us." + haiku35,
                "arn:aws:bedrock:us-east-1::foundation-model/" + haiku35,
                "arn:aws:bedrock:us-east-2::foundation-model/" + haiku35,
                "arn:aws:bedrock:us-west-1::foundation-model/" + haiku35,
                "arn:aws:bedrock:us-west-2::foundation-model/" + haiku35,
                "arn:aws:bedrock:us-east-1:" + account + ":inference-profile/global." + sonnet,
                "arn:aws:bedrock:us-east-1::foundation-model/" + sonnet,
                "arn:aws:bedrock:::foundation-model/" + sonnet,
                MODEL_ARN)), texts(doc.get("Statement").get(0).get("Resource")));
        assertEquals(Set.of("bedrock:InvokeModel", "bedrock:InvokeModelWithResponseStream"),
                texts(doc.get("Statement").get(0).get("Action")));
        assertEquals(0, s.plan(s.discover()).entries().stream()
                .filter(c -> c.action() != PlannedChange.Action.NONE).count(), "in sync on the next run");
        assertTrue(s.down(s.discover()).succeeded());
    }

    @Test
    void everyArnTakesThePartitionOfItsRegion() {
        StackConfig china = withModels(TestConfigs.seed("cn").withRegion("cn-north-1"), "cn-north-1",
                List.of("anthropic.claude-3-haiku-20240307-v1:0"));
        assertEquals(Set.of("arn:aws-cn:bedrock:cn-north-1::foundation-model/anthropic.claude-3-haiku-20240307-v1:0"),
                texts(ComputeTier.bedrockPolicy(china).get("Statement").get(0).get("Resource")));
        assertEquals(Set.of("arn:aws-us-gov:bedrock:us-gov-west-1:111122223333:inference-profile/us-gov.m.x",
                        "arn:aws-us-gov:bedrock:us-gov-west-1::foundation-model/m.x",
                        "arn:aws-us-gov:bedrock:us-gov-east-1::foundation-model/m.x"),
                texts(ComputeTier.bedrockPolicy(withModels(TestConfigs.seed("gov"), "us-gov-west-1", List.of("us-gov.m.x")),
                        () -> "111122223333").get("Statement").get(0).get("Resource")));
        assertEquals("arn:aws-cn:iam::aws:policy/AmazonSSMManagedInstanceCore", ManagedPolicyAttachments.ssmCore("aws-cn"));
    }

    @Test
    void twoStacksInOneAccountNeverTouchEachOther(AwsSession aws) {
        // "duo" is a prefix of "duo-b": the IAM path prefix must still keep them apart.
        StackService a = service(aws, TestConfigs.seed("duo"));
        StackService b = service(aws, TestConfigs.seed("duo-b"));
        assertTrue(a.up(a.discover()).succeeded());
        assertTrue(b.up(b.discover()).succeeded());
        IamClient iam = aws.iam();
        Ec2Client ec2 = aws.ec2();
        String bInstance = onlyLiveInstance(ec2, "duo-b").instanceId();
        assertTrue(a.status(a.discover()).healthy());
        assertTrue(b.status(b.discover()).healthy());
        assertEquals(List.of("duo-ap-northeast-1-iam-role-app"), iam.listRoles(r -> r.pathPrefix("/hackathon-infra/duo/")).roles().stream()
                .map(Role::roleName).toList());

        RunResult down = a.down(a.discover());

        assertTrue(down.succeeded(), () -> down.failures().toString());
        assertEquals(List.of(), liveInstances(ec2, "duo"));
        assertEquals(0, iam.listRoles(r -> r.pathPrefix("/hackathon-infra/duo/")).roles().size());
        // The other stack's role, policies, profile and instance are intact and in sync.
        assertEquals(bInstance, onlyLiveInstance(ec2, "duo-b").instanceId());
        assertEquals("running", onlyLiveInstance(ec2, "duo-b").state().nameAsString());
        Role bRole = iam.getRole(r -> r.roleName("duo-b-ap-northeast-1-iam-role-app")).role();
        assertEquals(1, iam.listAttachedRolePolicies(r -> r.roleName(bRole.roleName())).attachedPolicies().size());
        assertEquals(List.of("bedrock", "db-secret"), iam.listRolePolicies(r -> r.roleName(bRole.roleName())).policyNames());
        assertEquals(1, iam.getInstanceProfile(r -> r.instanceProfileName("duo-b-ap-northeast-1-instance-profile-app")).instanceProfile()
                .roles().size());
        StatusReport bStatus = b.status(b.discover());
        assertTrue(bStatus.healthy(), () -> bStatus.resources().stream().filter(r -> !r.healthy()).toList().toString());
        assertTrue(b.down(b.discover()).succeeded());
    }

    @Test
    void metadataOptionsSetToOptionalAreDriftAndUpRepairsThem(AwsSession aws, RecordingInterceptor calls) {
        StackConfig config = TestConfigs.seed("cmp4");
        StackService s = service(aws, config);
        assertTrue(s.up(s.discover()).succeeded());
        Ec2Client ec2 = aws.ec2();
        String id = onlyLiveInstance(ec2, "cmp4").instanceId();

        ec2.modifyInstanceMetadataOptions(r -> r.instanceId(id).httpTokens(HttpTokensState.OPTIONAL));

        StatusReport drift = s.status(s.discover());
        ResourceStatus instance = byKey(drift, "instance/app");
        assertTrue(instance.drift().stream().anyMatch(c -> c.field().equals("metadata.httpTokens")
                && c.actual().equals("optional") && c.desired().equals("required")), instance.drift().toString());
        assertTrue(instance.securityFinding(), "IMDSv1 is a security finding");
        assertFalse(drift.healthy());
        Plan plan = s.plan(s.discover());
        PlannedChange change = plan.entries().stream().filter(c -> c.key().equals("instance/app")).findFirst().orElseThrow();
        assertEquals(PlannedChange.Action.UPDATE, change.action(), "repaired in place, never replaced");
        assertTrue(change.changes().stream().map(Change::field).anyMatch("metadata.httpTokens"::equals));

        calls.clear();
        RunResult up = s.up(s.discover());
        assertTrue(up.succeeded(), () -> up.failures().toString());
        assertEquals(List.of("ec2:ModifyInstanceMetadataOptions"),
                calls.mutatingCalls().stream().map(RecordingInterceptor.Call::name).toList(), calls.summary());
        Instance after = onlyLiveInstance(ec2, "cmp4");
        assertEquals(id, after.instanceId(), "same instance");
        assertEquals(HttpTokensState.REQUIRED, after.metadataOptions().httpTokens());
        assertEquals(2, after.metadataOptions().httpPutResponseHopLimit());
        StatusReport repaired = s.status(s.discover());
        assertTrue(repaired.healthy(), () -> repaired.resources().stream().filter(r -> !r.healthy()).toList().toString());
        assertTrue(s.down(s.discover()).succeeded());
    }

    @Test
    void iamDriftIsFoundByMeaningAndRepaired(AwsSession aws) {
        StackConfig config = TestConfigs.seed("cmp5");
        StackService s = service(aws, config);
        assertTrue(s.up(s.discover()).succeeded());
        IamClient iam = aws.iam();
        String role = "cmp5-ap-northeast-1-iam-role-app";

        // The same policy, reordered and with single-element lists as scalars: not drift.
        iam.putRolePolicy(r -> r.roleName(role).policyName("bedrock").policyDocument("{\"Statement\":{\"Resource\":\""
                + MODEL_ARN + "\",\"Action\":[\"bedrock:InvokeModelWithResponseStream\",\"bedrock:InvokeModel\"],"
                + "\"Effect\":\"Allow\",\"Sid\":\"InvokeConfiguredModels\"},\"Version\":\"2012-10-17\"}"));
        assertTrue(s.status(s.discover()).healthy(), "a reordered document is no drift");

        // Widened by hand, plus a managed policy attached and an inline policy added: all found.
        iam.putRolePolicy(r -> r.roleName(role).policyName("bedrock").policyDocument("{\"Version\":\"2012-10-17\","
                + "\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"bedrock:*\",\"Resource\":\"*\"}]}"));
        iam.attachRolePolicy(r -> r.roleName(role).policyArn("arn:aws:iam::aws:policy/AdministratorAccess"));
        StatusReport drift = s.status(s.discover());
        assertTrue(byKey(drift, "iam-inline-policy/bedrock").securityFinding(), drift.resources().toString());
        assertTrue(drift.extra().stream().anyMatch(r -> r.key().equals("iam-managed-policy/AdministratorAccess")),
                drift.extra().toString());

        assertTrue(s.up(s.discover()).succeeded());
        assertEquals(List.of(ManagedPolicyAttachments.SSM_CORE), iam.listAttachedRolePolicies(r -> r.roleName(role))
                .attachedPolicies().stream().map(AttachedPolicy::policyArn).toList());
        JsonNode doc = PolicyDocuments.parse(iam.getRolePolicy(r -> r.roleName(role).policyName("bedrock")).policyDocument());
        assertTrue(PolicyDocuments.sameMeaning(ComputeTier.bedrockPolicy(config), doc), doc.toString());
        assertTrue(s.status(s.discover()).healthy());
        assertTrue(s.down(s.discover()).succeeded());
    }

    @Test
    void aNewerImageIsNotDriftAnotherImageIdIsReportedNeitherReplacesAndOtherChangesAreMadeInPlace(AwsSession aws,
            RecordingInterceptor calls) {
        Ec2Client ec2 = aws.ec2();
        // Launch on an older AL2023 image by id, then ask for "al2023": as if a newer one came out.
        Image newest = newestAl2023(ec2);
        Image older = ec2.describeImages(r -> r.owners("amazon").filters(Filter.builder().name("name")
                .values("al2023-ami-2023*-x86_64").build())).images().stream()
                .filter(im -> !im.imageId().equals(newest.imageId())).findFirst().orElseThrow();
        StackConfig pinned = withInstance(TestConfigs.seed("cmp7"), "t3.small", older.imageId());
        StackService first = service(aws, pinned);
        assertTrue(first.up(first.discover()).succeeded());
        String id = onlyLiveInstance(ec2, "cmp7").instanceId();
        assertTrue(first.status(first.discover()).healthy());

        // "al2023" is the newest image at launch: a release since is not drift, and costs no lookup.
        StackService latest = service(aws, withInstance(TestConfigs.seed("cmp7"), "t3.small", "al2023"));
        calls.clear();
        StatusReport st = latest.status(latest.discover());
        assertTrue(st.healthy(), st.resources().toString());
        assertEquals(0, calls.count("DescribeImages"), "status looks up no image: " + calls.summary());
        assertEquals(PlannedChange.Action.NONE, entry(latest.plan(latest.discover()), "instance/app").action());

        // Another image by id: reported, and up keeps the instance.
        StackService other = service(aws, withInstance(TestConfigs.seed("cmp7"), "t3.small", newest.imageId()));
        Change ami = byKey(other.status(other.discover()), "instance/app").drift().stream()
                .filter(c -> c.field().equals("ami")).findFirst().orElseThrow();
        assertEquals(older.imageId(), ami.actual());
        assertTrue(ami.desired().startsWith(newest.imageId()), ami.desired());
        assertEquals(PlannedChange.Action.UPDATE, entry(other.plan(other.discover()), "instance/app").action());
        calls.clear();
        assertTrue(other.up(other.discover()).succeeded());
        assertEquals(List.of(), calls.mutatingCalls(), "another image alone changes nothing: " + calls.summary());
        assertEquals(id, onlyLiveInstance(ec2, "cmp7").instanceId());

        // Another type: stop, modify, start, same instance. Another architecture: a replacement.
        StackService bigger = service(aws, withInstance(TestConfigs.seed("cmp7"), "t3.medium", older.imageId()));
        assertEquals(PlannedChange.Action.UPDATE, entry(bigger.plan(bigger.discover()), "instance/app").action());
        RunResult resized = bigger.up(bigger.discover());
        assertTrue(resized.succeeded(), () -> resized.failures().toString());
        Instance after = onlyLiveInstance(ec2, "cmp7");
        assertEquals(id, after.instanceId());
        assertEquals("t3.medium", after.instanceTypeAsString());
        assertEquals("running", after.state().nameAsString());
        StackService graviton = service(aws, withInstance(TestConfigs.seed("cmp7"), "t4g.small", "al2023"));
        assertEquals(PlannedChange.Action.REPLACE, entry(graviton.plan(graviton.discover()), "instance/app").action());

        // Stopped by hand: status says so, up starts it again.
        ec2.stopInstances(r -> r.instanceIds(id));
        StatusReport stopped = bigger.status(bigger.discover());
        assertFalse(byKey(stopped, "instance/app").ready());
        assertTrue(bigger.up(bigger.discover()).succeeded());
        assertEquals("running", onlyLiveInstance(ec2, "cmp7").state().nameAsString());
        assertTrue(bigger.status(bigger.discover()).healthy());
        assertTrue(bigger.down(bigger.discover()).succeeded());
    }

    @Test
    void userDataIsReadFromTheConfigFolderAndPassedBase64(AwsSession aws, @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        java.nio.file.Files.writeString(dir.resolve("boot.sh"), "#!/bin/bash\necho hello\n");
        StackConfig seed = TestConfigs.seed("cmp8");
        StackConfig config = new StackConfig(seed.stack(), seed.region(), "hackathon", seed.tags(), seed.expiresAt(),
                seed.network(), seed.database(), seed.cache(), new StackConfig.Instance("t3.small", "al2023", 20, "boot.sh"),
                seed.bedrock(), seed.loadBalancer(), dir.resolve("hackathon.yaml"));
        StackService s = service(aws, config);
        assertTrue(s.up(s.discover()).succeeded());
        String id = onlyLiveInstance(aws.ec2(), "cmp8").instanceId();
        String userData = aws.ec2().describeInstanceAttribute(r -> r.instanceId(id).attribute("userData")).userData().value();
        assertEquals("#!/bin/bash\necho hello\n", new String(java.util.Base64.getDecoder().decode(userData),
                java.nio.charset.StandardCharsets.UTF_8));
        assertEquals("aws ssm start-session --target " + id + " --region ap-northeast-1 --profile hackathon",
                s.status(s.discover()).outputs().get("instance.ssm"));
        assertTrue(s.down(s.discover()).succeeded());
    }

    private static StackConfig withInstance(StackConfig c, String type, String ami) {
        return new StackConfig(c.stack(), c.region(), c.profile(), c.tags(), c.expiresAt(), c.network(), c.database(),
                c.cache(), new StackConfig.Instance(type, ami, c.instance().volumeGb(), c.instance().userData()),
                c.bedrock(), c.loadBalancer(), c.source());
    }

    private static PlannedChange entry(Plan plan, String key) {
        return plan.entries().stream().filter(c -> c.key().equals(key)).findFirst().orElseThrow();
    }

    // ---- helpers ----

    /**
     * Stands in for AWS during teardown, where moto is too quick and too lenient. A terminated
     * instance is shown "shutting-down" by the first DescribeInstances after TerminateInstances
     * (AWS takes a minute or so), and deleting its subnet or security group before a later
     * DescribeInstances has shown it terminated is recorded as a violation (AWS would refuse
     * with DependencyViolation; moto deletes them even with a running instance inside).
     */
    static final class TeardownGuard implements ExecutionInterceptor {
        final List<String> violations = Collections.synchronizedList(new ArrayList<>());
        volatile boolean sawTerminate;
        private final Ec2Client probe;
        /** Terminated instance id → the subnet and groups it holds until seen gone. */
        private final Map<String, Set<String>> shuttingDown = new java.util.concurrent.ConcurrentHashMap<>();
        private final Set<String> shownShuttingDown = java.util.concurrent.ConcurrentHashMap.newKeySet();

        TeardownGuard(MotoServer moto) {
            probe = Ec2Client.builder().region(MotoExtension.REGION).endpointOverride(moto.endpoint())
                    .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                    .httpClient(software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient.create()).build();
        }

        @Override
        public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
            if (context.request() instanceof TerminateInstancesRequest t) {
                sawTerminate = true;
                for (Instance i : instances()) {
                    if (t.instanceIds().contains(i.instanceId())) {
                        shuttingDown.put(i.instanceId(), holds(i));
                    }
                }
            } else if (context.request() instanceof DeleteSubnetRequest d) {
                check(d.subnetId());
            } else if (context.request() instanceof DeleteSecurityGroupRequest d && d.groupId() != null) {
                check(d.groupId());
            }
        }

        @Override
        public software.amazon.awssdk.core.SdkResponse modifyResponse(Context.ModifyResponse context,
                                                                      ExecutionAttributes attributes) {
            if (!(context.response() instanceof software.amazon.awssdk.services.ec2.model.DescribeInstancesResponse r)
                    || shuttingDown.isEmpty()) {
                return context.response();
            }
            List<software.amazon.awssdk.services.ec2.model.Reservation> out = new ArrayList<>();
            for (var res : r.reservations()) {
                List<Instance> instances = new ArrayList<>();
                for (Instance i : res.instances()) {
                    if (shuttingDown.containsKey(i.instanceId()) && i.state().nameAsString().equals("terminated")) {
                        if (shownShuttingDown.add(i.instanceId())) {
                            i = i.toBuilder().state(st -> st.name("shutting-down").code(32)).build();
                        } else {
                            shuttingDown.remove(i.instanceId()); // now seen terminated: gone
                        }
                    }
                    instances.add(i);
                }
                out.add(res.toBuilder().instances(instances).build());
            }
            return r.toBuilder().reservations(out).build();
        }

        private void check(String id) {
            List<String> live = new ArrayList<>();
            for (Instance i : instances()) {
                if (!i.state().nameAsString().equals("terminated") && holds(i).contains(id)) {
                    live.add(i.instanceId());
                }
            }
            shuttingDown.forEach((instance, holds) -> {
                if (holds.contains(id)) {
                    live.add(instance + " (not yet seen terminated)");
                }
            });
            if (!live.isEmpty()) {
                violations.add("deleting " + id + " while " + live + " still in it");
            }
        }

        private List<Instance> instances() {
            return probe.describeInstances().reservations().stream().flatMap(res -> res.instances().stream()).toList();
        }

        /** The subnet and groups an instance keeps busy (moto's group filters miss interface groups). */
        private static Set<String> holds(Instance i) {
            Set<String> out = new java.util.HashSet<>(Instances.groups(i));
            i.securityGroups().forEach(g -> out.add(g.groupId()));
            if (i.subnetId() != null) {
                out.add(i.subnetId());
            }
            return out;
        }
    }

    static List<Instance> liveInstances(Ec2Client ec2, String stack) {
        return ec2.describeInstances(r -> r.filters(Filter.builder().name("tag:" + Ownership.STACK_TAG).values(stack).build()))
                .reservations().stream().flatMap(res -> res.instances().stream())
                .filter(i -> !i.state().nameAsString().equals("terminated")).toList();
    }

    static Instance onlyLiveInstance(Ec2Client ec2, String stack) {
        List<Instance> live = liveInstances(ec2, stack);
        assertEquals(1, live.size(), () -> live.toString());
        return live.get(0);
    }

    private static Image newestAl2023(Ec2Client ec2) {
        return ec2.describeImages(r -> r.owners("amazon").filters(Filter.builder().name("name")
                        .values("al2023-ami-2023*-x86_64").build())).images().stream()
                .max(Comparator.comparing(Image::creationDate).thenComparing(Image::name)).orElseThrow();
    }

    private static ResourceStatus byKey(StatusReport r, String key) {
        return r.resources().stream().filter(x -> x.key().equals(key)).findFirst().orElseThrow();
    }

    private static Set<String> texts(JsonNode node) {
        Set<String> out = new java.util.TreeSet<>();
        if (node.isArray()) {
            node.forEach(n -> out.add(n.asText()));
        } else {
            out.add(node.asText());
        }
        return out;
    }

    private static Set<String> fieldNames(JsonNode node) {
        Set<String> out = new java.util.TreeSet<>();
        node.fieldNames().forEachRemaining(out::add);
        return out;
    }

    private static String iamTag(List<software.amazon.awssdk.services.iam.model.Tag> tags, String key) {
        return tags.stream().filter(t -> t.key().equals(key)).map(t -> t.value()).findFirst().orElse(null);
    }

    private static String ec2Tag(List<Tag> tags, String key) {
        return tags.stream().filter(t -> t.key().equals(key)).map(Tag::value).collect(Collectors.joining());
    }
}
