package dev.hackathon.infra.stack;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.hackathon.infra.aws.Partitions;
import dev.hackathon.infra.config.StackConfig;
import dev.hackathon.infra.config.SubnetLayout.Tier;
import dev.hackathon.infra.engine.Node;
import dev.hackathon.infra.resources.compute.BedrockModels;
import dev.hackathon.infra.resources.compute.IamRoles;
import dev.hackathon.infra.resources.compute.InlinePolicies;
import dev.hackathon.infra.resources.compute.InstanceProfiles;
import dev.hackathon.infra.resources.compute.Instances;
import dev.hackathon.infra.resources.compute.ManagedPolicyAttachments;

/**
 * The app instance and its identity: an IAM role trusted by EC2 with the SSM core policy
 * (Session Manager is the only way in) and an inline policy allowing exactly Bedrock
 * InvokeModel on the configured models, the instance profile holding it, and the instance.
 */
public final class ComputeTier {

    public static final String ROLE = "iam-role/app";
    public static final String BEDROCK_POLICY = "iam-inline-policy/bedrock";
    public static final String SSM_POLICY = "iam-managed-policy/ssm";
    /** The app reads the database password at boot: GetSecretValue on exactly the DB's master secret. */
    public static final String SECRET_POLICY = "iam-inline-policy/db-secret";
    public static final String PROFILE = "instance-profile/app";
    public static final String INSTANCE = "instance/app";

    static final String RT_APP = "rt/app";

    private ComputeTier() {
    }

    public static List<Node> nodes(StackConfig config, StackKinds k) {
        List<Node> nodes = new ArrayList<>();
        nodes.add(Node.of(ROLE, k.iamRoles, new IamRoles.Spec("ec2.amazonaws.com",
                "hackathon-infra " + config.stack() + ": app instance (SSM, Bedrock)")));
        nodes.add(Node.of(SSM_POLICY, k.managedPolicyAttachments,
                new ManagedPolicyAttachments.Spec(ROLE, ManagedPolicyAttachments.ssmCore(Partitions.of(config.region()))),
                ROLE));
        List<String> instanceDeps = new ArrayList<>(List.of(NetworkTier.subnetKey(Tier.APP, 0), NetworkTier.SG_APP,
                PROFILE, SSM_POLICY, RT_APP));
        List<String> models = config.bedrock() == null || config.bedrock().models() == null ? List.of()
                : config.bedrock().models();
        if (!models.isEmpty()) { // no models, no Bedrock permission (an existing policy is then deleted)
            nodes.add(Node.of(BEDROCK_POLICY, k.inlinePolicies, new InlinePolicies.Spec(ROLE,
                    bedrockPolicy(config, k.account)), ROLE));
            instanceDeps.add(BEDROCK_POLICY);
        }
        // The secret's ARN exists once the database does, minutes after the instance could boot:
        // the policy waits for the database, the instance does not wait for the policy (the
        // role's permissions apply as soon as it is put; the app retries its first read).
        nodes.add(Node.of(SECRET_POLICY, k.inlinePolicies, InlinePolicies.Spec.readSecretOf(ROLE, DataTier.DB),
                ROLE, DataTier.DB));
        nodes.add(Node.of(PROFILE, k.instanceProfiles, new InstanceProfiles.Spec(ROLE), ROLE));
        StackConfig.Instance i = config.instance();
        // The instance boots with its permissions in place and its route to the NAT gateway
        // (rt/app), which the SSM agent and any package install in the user data need.
        nodes.add(Node.of(INSTANCE, k.instances, new Instances.Spec(NetworkTier.subnetKey(Tier.APP, 0),
                List.of(NetworkTier.SG_APP), PROFILE, i.type(), i.ami(), i.volumeGb(), userData(config)),
                instanceDeps.toArray(String[]::new)));
        return nodes;
    }

    /** The policy for configs without inference profiles (no account id needed). */
    public static JsonNode bedrockPolicy(StackConfig config) {
        return bedrockPolicy(config, () -> {
            throw new IllegalStateException("an inference profile needs the account id");
        });
    }

    /**
     * Exactly InvokeModel and InvokeModelWithResponseStream on each configured model: its
     * foundation model ARN, or for an inference profile the profile's ARN (in this account,
     * hence {@code account}, asked only then) and the model in each Region the profile routes
     * to ({@link BedrockModels}). The partition follows the Bedrock Region.
     */
    public static JsonNode bedrockPolicy(StackConfig config, Supplier<String> account) {
        ObjectNode doc = JsonNodeFactory.instance.objectNode();
        doc.put("Version", "2012-10-17");
        ObjectNode s = doc.putArray("Statement").addObject();
        s.put("Sid", "InvokeConfiguredModels");
        s.put("Effect", "Allow");
        s.putArray("Action").add("bedrock:InvokeModel").add("bedrock:InvokeModelWithResponseStream");
        ArrayNode resources = s.putArray("Resource");
        String region = config.bedrock().region();
        String partition = Partitions.of(region);
        Set<String> arns = new LinkedHashSet<>();
        for (String id : config.bedrock().models()) {
            String acct = BedrockModels.profilePrefix(id).isPresent() ? account.get() : "";
            arns.addAll(BedrockModels.resources(partition, region, acct, id));
        }
        arns.forEach(resources::add);
        return doc;
    }

    /** The user data script, relative to the config file's folder. */
    static Path userData(StackConfig config) {
        String file = config.instance().userData();
        if (file == null || file.isBlank()) {
            return null;
        }
        Path p = Path.of(file);
        Path folder = config.source() == null ? null : config.source().toAbsolutePath().getParent();
        return p.isAbsolute() || folder == null ? p : folder.resolve(p);
    }
}
