package dev.hackathon.infra.resources.compute;

import static dev.hackathon.infra.aws.AwsErrors.ignoringNotFound;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.hackathon.infra.engine.Change;
import dev.hackathon.infra.engine.Context;
import dev.hackathon.infra.engine.Discovery;
import dev.hackathon.infra.engine.Observed;
import dev.hackathon.infra.resources.TagDrift;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.Role;

/**
 * An IAM role a service may assume (the instance's role, trusted by ec2.amazonaws.com).
 * Its permissions are separate kinds: managed policy attachments and inline policies.
 * Deleting fails with DeleteConflict while a policy or profile still holds it; the
 * dependency order prevents that, and the error is retried if someone else is slower.
 */
public final class IamRoles extends IamKind<IamRoles.Spec> {

    /** {@code service}: the principal allowed to assume the role, e.g. ec2.amazonaws.com. */
    public record Spec(String service, String description) {
    }

    /** The keys of the stack's roles (one: the app instance's); their names derive from these. */
    private final Set<String> keys;

    public IamRoles(IamClient iam, IamNames names, Set<String> keys) {
        super(iam, names);
        this.keys = Set.copyOf(keys);
    }

    @Override
    public String name() {
        return "iam-role";
    }

    @Override
    public String label() {
        return "IAM role";
    }

    /** One GetRole per role of the stack, by its name (the answer carries the tags that confirm it). */
    @Override
    public List<Observed> discover(Discovery discovery) {
        List<Observed> out = new ArrayList<>();
        for (String key : keys) {
            out.addAll(readByName(key, n -> iam.getRole(r -> r.roleName(n)).role(), Role::path, Role::tags,
                    this::observed));
        }
        return out;
    }

    /**
     * A create repeated after a lost answer meets EntityAlreadyExists: the engine then takes the
     * role if discovery (by name, ours by its tags) says it is this key's.
     */
    @Override
    public Observed create(String key, Spec spec, Context ctx) {
        Role role = iam.createRole(r -> r.roleName(names.name(key)).path(path())
                .assumeRolePolicyDocument(PolicyDocuments.toJson(trustPolicy(spec.service())))
                .description(spec.description())
                .tags(iamTags(key, ctx))).role();
        return observed(role.toBuilder().tags(role.hasTags() ? role.tags() : iamTags(key, ctx)).build(), key);
    }

    @Override
    public List<Change> diff(String key, Spec spec, Observed actual, Context ctx) {
        Role role = actual.raw(Role.class);
        List<Change> out = new ArrayList<>();
        JsonNode want = trustPolicy(spec.service());
        JsonNode have = PolicyDocuments.parse(role.assumeRolePolicyDocument());
        if (!PolicyDocuments.sameMeaning(have, want)) {
            // Someone else may assume the role: that is a way in.
            out.add(Change.security("assumeRolePolicy", PolicyDocuments.canonical(have), PolicyDocuments.canonical(want)));
        }
        out.addAll(TagDrift.diff(actual.tags(), ctx.tags(key)));
        return out;
    }

    @Override
    public Observed update(String key, Spec spec, Observed actual, List<Change> changes, Context ctx) {
        if (changes.stream().anyMatch(c -> c.field().equals("assumeRolePolicy"))) {
            iam.updateAssumeRolePolicy(r -> r.roleName(actual.id())
                    .policyDocument(PolicyDocuments.toJson(trustPolicy(spec.service()))));
        }
        if (TagDrift.anyTags(changes)) {
            iam.tagRole(r -> r.roleName(actual.id()).tags(iamTags(key, ctx)));
        }
        return actual;
    }

    @Override
    public void delete(Observed actual, Context ctx) {
        ignoringNotFound(() -> iam.deleteRole(r -> r.roleName(actual.id())));
    }


    /** Exactly one statement: the service may assume the role, nobody else. */
    public static JsonNode trustPolicy(String service) {
        ObjectNode doc = JsonNodeFactory.instance.objectNode();
        doc.put("Version", "2012-10-17");
        ObjectNode statement = doc.putArray("Statement").addObject();
        statement.put("Effect", "Allow");
        statement.putObject("Principal").put("Service", service);
        statement.put("Action", "sts:AssumeRole");
        return doc;
    }

    private Observed observed(Role role, String key) {
        return new Observed(key, role.roleName(), "available", tagMap(role.tags()),
                Map.of("iam.role", role.arn()), role);
    }
}
