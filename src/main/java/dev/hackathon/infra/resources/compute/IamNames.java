package dev.hackathon.infra.resources.compute;

import dev.hackathon.infra.resources.Ownership;

/**
 * Names and path of the stack's IAM entities. IAM is global, stacks are regional: the same
 * stack name run in two Regions must get two roles and two instance profiles, or {@code down}
 * in one Region deletes what the other's instance runs with. So the Region is part of every
 * name ({@code hackathon-ap-northeast-1-iam-role-app}) and of the path
 * ({@code /hackathon-infra/hackathon/ap-northeast-1/}).
 *
 * <p>Why names and not a region tag: role and instance profile names are unique per
 * account, whatever the path, so with one name per stack the second Region could only
 * refuse to work (the name is taken) or share. A name of its own per Region lets both run,
 * and makes the entity readable by name (GetRole, GetInstanceProfile: one call, no listing).
 * Lengths stay inside IAM's limits: a stack name is at most 21 characters and a Region id
 * at most 14, so the longest name, the instance profile's, is 57 (roles may have 64,
 * instance profiles 128, paths 512); {@link #problems} checks it.
 *
 * <p>Before the Region was added, names were {@link Ownership#name} and the path had no
 * Region ({@link #legacyName}, {@link #legacyPath}); discovery still looks for those when the
 * new entity is missing, so an upgraded stack finds its old entities as leftovers to remove.
 */
public record IamNames(Ownership owner, String region) {

    public static final int ROLE_NAME_MAX = 64;
    public static final int INSTANCE_PROFILE_NAME_MAX = 128;
    public static final int PATH_MAX = 512;

    /** Suffix of the key of an entity named the old way, without the Region. */
    public static final String LEGACY = "-without-region";

    public String path() {
        return legacyPath() + region + "/";
    }

    public String name(String key) {
        return owner.stack() + "-" + region + "-" + key.replace('/', '-').replace('.', '-');
    }

    public String legacyPath() {
        return "/hackathon-infra/" + owner.stack() + "/";
    }

    public String legacyName(String key) {
        return owner.name(key);
    }

    /** True for a key made by {@link #legacyKey}. */
    public static boolean isLegacy(String key) {
        return key != null && key.endsWith(LEGACY);
    }

    public static String legacyKey(String key) {
        return key + LEGACY;
    }

    /** What IAM would refuse in the names this stack derives for these keys, or nothing. */
    public java.util.List<String> problems(String roleKey, String profileKey) {
        java.util.List<String> out = new java.util.ArrayList<>();
        check(out, "IAM role name", name(roleKey), ROLE_NAME_MAX);
        check(out, "IAM instance profile name", name(profileKey), INSTANCE_PROFILE_NAME_MAX);
        check(out, "IAM path", path(), PATH_MAX);
        return out;
    }

    private static void check(java.util.List<String> out, String what, String value, int max) {
        if (value.length() > max) {
            out.add(what + " " + value + " is " + value.length() + " characters, IAM allows " + max);
        }
        // IAM names: letters, digits and +=,.@_- ; paths the same plus '/'.
        if (!value.matches("[A-Za-z0-9+=,.@_/-]+")) {
            out.add(what + " " + value + " has characters IAM refuses (letters, digits and +=,.@_- only)");
        }
    }
}
