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
import dev.hackathon.infra.resources.TagDrift;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.InstanceProfile;
import software.amazon.awssdk.services.iam.model.Role;

/**
 * The instance profile that hands our role to the EC2 instance. It holds exactly our role;
 * membership is part of this kind (added by the update that follows the create, repaired by
 * update, removed before the delete, which AWS refuses with DeleteConflict while a role is
 * still in the profile).
 */
public final class InstanceProfiles extends IamKind<InstanceProfiles.Spec> {

    public record Spec(String roleKey) {
    }

    /** The keys of the stack's instance profiles (one); their names derive from these. */
    private final Set<String> keys;

    public InstanceProfiles(IamClient iam, IamNames names, Set<String> keys) {
        super(iam, names);
        this.keys = Set.copyOf(keys);
    }

    @Override
    public String name() {
        return "instance-profile";
    }

    @Override
    public String label() {
        return "instance profile";
    }

    @Override
    public Set<String> dependsOnKinds() {
        return Set.of("iam-role");
    }

    /**
     * One GetInstanceProfile per profile of the stack, by its name; the answer carries tags and
     * roles. (ListInstanceProfileTags is not needed; moto answers it with HTTP 500.)
     */
    @Override
    public List<Observed> discover(Discovery discovery) {
        List<Observed> out = new ArrayList<>();
        for (String key : keys) {
            out.addAll(readByName(key, n -> iam.getInstanceProfile(r -> r.instanceProfileName(n)).instanceProfile(),
                    InstanceProfile::path, InstanceProfile::tags, this::observed));
        }
        return out;
    }

    /**
     * The profile alone, empty; its role is the update that follows (retried while the new role
     * is not known to IAM yet, NoSuchEntity, with the profile already made).
     */
    @Override
    public Observed create(String key, Spec spec, Context ctx) {
        InstanceProfile p = iam.createInstanceProfile(r -> r.instanceProfileName(names.name(key)).path(path())
                .tags(iamTags(key, ctx))).instanceProfile();
        return observed(p.toBuilder().tags(iamTags(key, ctx)).roles(List.of()).build(), key);
    }

    @Override
    public List<Change> diff(String key, Spec spec, Observed actual, Context ctx) {
        List<Change> out = new ArrayList<>();
        List<String> have = roles(actual);
        String want = ctx.find(spec.roleKey()).map(Observed::id).orElse(null);
        if (want == null || !have.equals(List.of(want))) {
            out.add(new Change("roles", have, want == null ? Context.unknown(spec.roleKey()) : List.of(want)));
        }
        out.addAll(TagDrift.diff(actual.tags(), ctx.tags(key)));
        return out;
    }

    @Override
    public Observed update(String key, Spec spec, Observed actual, List<Change> changes, Context ctx) {
        InstanceProfile p = actual.raw(InstanceProfile.class);
        if (changes.stream().anyMatch(c -> c.field().equals("roles"))) {
            String want = ctx.id(spec.roleKey());
            List<String> have = roles(actual);
            for (String r : have) {
                if (!r.equals(want)) {
                    ignoringNotFound(() -> iam.removeRoleFromInstanceProfile(b -> b.instanceProfileName(actual.id()).roleName(r)));
                }
            }
            if (!have.contains(want)) {
                iam.addRoleToInstanceProfile(b -> b.instanceProfileName(actual.id()).roleName(want));
            }
            p = p.toBuilder().roles(Role.builder().roleName(want).build()).build();
        }
        if (TagDrift.anyTags(changes)) {
            iam.tagInstanceProfile(b -> b.instanceProfileName(actual.id()).tags(iamTags(key, ctx)));
        }
        return observed(p, key);
    }

    @Override
    public void delete(Observed actual, Context ctx) {
        for (String r : roles(actual)) {
            ignoringNotFound(() -> iam.removeRoleFromInstanceProfile(b -> b.instanceProfileName(actual.id()).roleName(r)));
        }
        ignoringNotFound(() -> iam.deleteInstanceProfile(b -> b.instanceProfileName(actual.id())));
    }


    private static List<String> roles(Observed o) {
        InstanceProfile p = o.raw(InstanceProfile.class);
        return p.hasRoles() ? p.roles().stream().map(Role::roleName).sorted().toList() : List.of();
    }

    private Observed observed(InstanceProfile p, String key) {
        return new Observed(key, p.instanceProfileName(), "available", tagMap(p.tags()),
                Map.of(), p);
    }
}
