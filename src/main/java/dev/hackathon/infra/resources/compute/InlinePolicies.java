package dev.hackathon.infra.resources.compute;

import static dev.hackathon.infra.aws.AwsErrors.ignoringNotFound;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.JsonNode;

import dev.hackathon.infra.aws.AwsErrors;
import dev.hackathon.infra.engine.Change;
import dev.hackathon.infra.engine.Context;
import dev.hackathon.infra.engine.Discovery;
import dev.hackathon.infra.engine.Observed;
import dev.hackathon.infra.resources.data.DbInstances;
import software.amazon.awssdk.services.iam.IamClient;

/**
 * An inline policy of one of our roles (bedrock: InvokeModel on the configured models).
 * Inline policies carry no tags and their names are per role, so the policy is named by
 * its key's last segment ({@code bedrock}) and is ours because the role is. Every inline
 * policy of our role is listed: one added by hand appears as not in the config and is
 * deleted by {@code up}. The document is compared by meaning (see {@link PolicyDocuments}).
 */
public final class InlinePolicies extends IamKind<InlinePolicies.Spec> {

    /**
     * {@code document}, or null when it is made from a dependency known only once that exists
     * ({@code secretOf}: the database whose master secret the role may read).
     */
    public record Spec(String roleKey, JsonNode document, String secretOf) {
        public Spec(String roleKey, JsonNode document) {
            this(roleKey, document, null);
        }

        /** GetSecretValue on exactly the master secret of the database {@code dbKey}. */
        public static Spec readSecretOf(String roleKey, String dbKey) {
            return new Spec(roleKey, null, dbKey);
        }

        /** The document to put; empty while the database (or its secret) is not there yet. */
        java.util.Optional<JsonNode> document(Context ctx) {
            if (document != null) {
                return java.util.Optional.of(document);
            }
            return ctx.find(secretOf).map(db -> db.outputs().get(DbInstances.OUT_SECRET))
                    .map(PolicyDocuments::readSecret);
        }
    }

    /** What discovery keeps: the role, the policy name and the decoded document. */
    public record Policy(String roleName, String policyName, JsonNode document) {
    }

    public InlinePolicies(IamClient iam, IamNames names) {
        super(iam, names);
    }

    @Override
    public String name() {
        return "iam-inline-policy";
    }

    @Override
    public String label() {
        return "inline policy";
    }

    @Override
    public Set<String> dependsOnKinds() {
        return Set.of("iam-role", "db"); // db-secret names the database's secret
    }

    /**
     * Per role of ours (normally one): one ListRolePolicies, then one GetRolePolicy per
     * policy, since IAM has no call that lists inline policies with their documents short
     * of the account-wide GetAccountAuthorizationDetails. Keys carry the policy name only:
     * the stack has one role; a second role's policy of the same name would show as a copy.
     */
    @Override
    public List<Observed> discover(Discovery discovery) {
        List<Observed> out = new ArrayList<>();
        for (Observed role : discovery.of("iam-role")) {
            for (String name : iam.listRolePoliciesPaginator(r -> r.roleName(role.id())).policyNames()) {
                try {
                    String doc = iam.getRolePolicy(r -> r.roleName(role.id()).policyName(name)).policyDocument();
                    Observed o = observed(new Policy(role.id(), name, PolicyDocuments.parse(doc)));
                    // A policy of a role named the old way (without the Region) is left over with it.
                    out.add(IamNames.isLegacy(role.key()) ? legacy(o) : o);
                } catch (RuntimeException e) {
                    if (!AwsErrors.isNotFound(e)) {
                        throw e;
                    }
                }
            }
        }
        return out;
    }

    @Override
    public Observed create(String key, Spec spec, Context ctx) {
        Policy p = new Policy(ctx.id(spec.roleKey()), suffix(key), desired(key, spec, ctx));
        put(p);
        return observed(p);
    }

    private static JsonNode desired(String key, Spec spec, Context ctx) {
        return spec.document(ctx).orElseThrow(() -> new IllegalStateException(
                "policy " + key + ": " + spec.secretOf() + " has no master user secret yet"));
    }

    @Override
    public List<Change> diff(String key, Spec spec, Observed actual, Context ctx) {
        Policy p = actual.raw(Policy.class);
        JsonNode wanted = spec.document(ctx).orElse(null);
        if (wanted == null || PolicyDocuments.sameMeaning(p.document(), wanted)) {
            return List.of(); // nothing to compare with until the database exists
        }
        String have = PolicyDocuments.canonical(p.document()).toString();
        String want = PolicyDocuments.canonical(wanted).toString();
        return List.of(widens(p.document(), wanted)
                ? Change.security("document", have, want) : new Change("document", have, want));
    }

    /**
     * A new role has no policies: the policy is put anew with it. An instance keeps running
     * while its role's policy is replaced.
     */
    @Override
    public dev.hackathon.infra.engine.Policy policy() { // Policy here is the inline policy's record
        return super.policy().forcingNewOn(dev.hackathon.infra.engine.Policy.DEPENDENCY_RECREATED)
                .deletableUnderDependents();
    }

    @Override
    public Observed update(String key, Spec spec, Observed actual, List<Change> changes, Context ctx) {
        Policy p = new Policy(actual.raw(Policy.class).roleName(), suffix(key), desired(key, spec, ctx));
        put(p); // PutRolePolicy replaces the whole document
        return observed(p);
    }

    @Override
    public void delete(Observed actual, Context ctx) {
        Policy p = actual.raw(Policy.class);
        ignoringNotFound(() -> iam.deleteRolePolicy(r -> r.roleName(p.roleName()).policyName(p.policyName())));
    }


    /** True when the actual document allows an action or resource the desired one does not, or uses Not*. */
    static boolean widens(JsonNode actual, JsonNode desired) {
        if (PolicyDocuments.usesAny(actual, "NotAction", "NotResource", "NotPrincipal")) {
            return true;
        }
        for (String field : List.of("Action", "Resource")) {
            Set<String> extra = new TreeSet<>(PolicyDocuments.allowed(actual, field));
            extra.removeAll(PolicyDocuments.allowed(desired, field));
            if (!extra.isEmpty()) {
                return true;
            }
        }
        return false;
    }

    private void put(Policy p) {
        iam.putRolePolicy(r -> r.roleName(p.roleName()).policyName(p.policyName())
                .policyDocument(PolicyDocuments.toJson(p.document())));
    }

    /** {@code status} shows what each policy allows, as IAM has it: {@code iam.policy.<name>}. */
    public static final String OUTPUT_PREFIX = "iam.policy.";

    private static Observed observed(Policy p) {
        return new Observed("iam-inline-policy/" + p.policyName(), p.roleName() + "/" + p.policyName(), "available",
                Map.of(), Map.of(OUTPUT_PREFIX + p.policyName(), PolicyDocuments.summary(p.document())), p);
    }
}
