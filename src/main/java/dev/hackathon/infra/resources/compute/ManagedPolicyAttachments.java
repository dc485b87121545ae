package dev.hackathon.infra.resources.compute;

import static dev.hackathon.infra.aws.AwsErrors.ignoringNotFound;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.hackathon.infra.engine.Change;
import dev.hackathon.infra.engine.Context;
import dev.hackathon.infra.engine.Discovery;
import dev.hackathon.infra.engine.Observed;
import dev.hackathon.infra.engine.Policy;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AttachedPolicy;

/**
 * An AWS managed policy attached to one of our roles (AmazonSSMManagedInstanceCore, so
 * Session Manager reaches the instance). An attachment carries no tags: it is ours because
 * the role is. Every policy attached to our role is listed, so one attached by hand shows up
 * as not in the config ({@code up} detaches it) instead of widening the role unseen.
 */
public final class ManagedPolicyAttachments extends IamKind<ManagedPolicyAttachments.Spec> {

    /** The SSM core policy in the {@code aws} partition; {@link #ssmCore} for any. */
    public static final String SSM_CORE = ssmCore("aws");

    /** AWS managed policies live in each partition: {@code arn:aws-cn:iam::aws:policy/...} in China. */
    public static String ssmCore(String partition) {
        return "arn:" + partition + ":iam::aws:policy/AmazonSSMManagedInstanceCore";
    }

    /** Short key names for the policies the stack attaches; others are keyed by policy name. */
    private static final Map<String, String> SHORT = Map.of("AmazonSSMManagedInstanceCore", "ssm");

    public record Spec(String roleKey, String policyArn) {
    }

    /** What discovery keeps about one attachment. */
    public record Attachment(String roleName, String policyArn) {
    }

    public ManagedPolicyAttachments(IamClient iam, IamNames names) {
        super(iam, names);
    }

    @Override
    public String name() {
        return "iam-managed-policy";
    }

    @Override
    public String label() {
        return "managed policy attachment";
    }

    @Override
    public Set<String> dependsOnKinds() {
        return Set.of("iam-role");
    }

    /** The key of an attachment of this policy: {@code iam-managed-policy/ssm} for the SSM core policy. */
    public static String keyFor(String policyArn) {
        String policyName = policyArn.substring(policyArn.lastIndexOf('/') + 1);
        return "iam-managed-policy/" + SHORT.getOrDefault(policyName, policyName);
    }

    /** One ListAttachedRolePolicies per role of ours (normally one role); there is no bulk form. */
    @Override
    public List<Observed> discover(Discovery discovery) {
        List<Observed> out = new ArrayList<>();
        for (Observed role : discovery.of("iam-role")) {
            for (AttachedPolicy p : iam.listAttachedRolePoliciesPaginator(r -> r.roleName(role.id())).attachedPolicies()) {
                Observed o = observed(new Attachment(role.id(), p.policyArn()));
                // An attachment of a role named the old way (without the Region) is left over with it.
                out.add(IamNames.isLegacy(role.key()) ? legacy(o) : o);
            }
        }
        return out;
    }

    @Override
    public Observed create(String key, Spec spec, Context ctx) {
        String role = ctx.id(spec.roleKey());
        iam.attachRolePolicy(r -> r.roleName(role).policyArn(spec.policyArn()));
        return observed(new Attachment(role, spec.policyArn()));
    }

    @Override
    public List<Change> diff(String key, Spec spec, Observed actual, Context ctx) {
        // The key names the policy and discovery only looks at our roles: nothing else can differ.
        return List.of();
    }

    /**
     * A new role starts without attachments: the policy is attached anew with it. An instance
     * keeps running while its role's policy is re-attached.
     */
    @Override
    public Policy policy() {
        return super.policy().forcingNewOn(Policy.DEPENDENCY_RECREATED).deletableUnderDependents();
    }

    @Override
    public void delete(Observed actual, Context ctx) {
        Attachment a = actual.raw(Attachment.class);
        ignoringNotFound(() -> iam.detachRolePolicy(r -> r.roleName(a.roleName()).policyArn(a.policyArn())));
    }


    private static Observed observed(Attachment a) {
        return new Observed(keyFor(a.policyArn()), a.policyArn(), "attached", Map.of(), a);
    }
}
