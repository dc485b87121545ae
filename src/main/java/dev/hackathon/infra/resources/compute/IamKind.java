package dev.hackathon.infra.resources.compute;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.hackathon.infra.aws.AwsErrors;
import dev.hackathon.infra.aws.RetryPolicy;
import dev.hackathon.infra.engine.Context;
import dev.hackathon.infra.engine.Phase;
import dev.hackathon.infra.engine.ResourceKind;
import dev.hackathon.infra.resources.DependencyErrors;
import dev.hackathon.infra.resources.Ownership;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.Tag;

/**
 * What the IAM kinds share. IAM is global: two stacks in one account share one namespace,
 * so every name derives from the stack ({@link Ownership#name}) and every role and instance
 * profile lives under the path {@code /hackathon-infra/<stack>/}. Listing with that path
 * prefix is the bulk, stack-scoped discovery (one call per kind); the trailing slash keeps
 * stack {@code a} from listing stack {@code a-b}'s resources.
 */
abstract class IamKind<D> implements ResourceKind<D> {

    protected final IamClient iam;
    protected final Ownership owner;

    protected IamKind(IamClient iam, Ownership owner) {
        this.iam = iam;
        this.owner = owner;
    }

    /** The IAM path of everything this stack creates. */
    public String path() {
        return path(owner);
    }

    public static String path(Ownership owner) {
        return "/hackathon-infra/" + owner.stack() + "/";
    }

    protected static List<Tag> iamTags(String key, Context ctx) {
        List<Tag> out = new ArrayList<>();
        ctx.tags(key).forEach((k, v) -> out.add(Tag.builder().key(k).value(v).build()));
        return out;
    }

    protected static Map<String, String> tagMap(List<Tag> tags) {
        Map<String, String> m = new LinkedHashMap<>();
        if (tags != null) {
            tags.forEach(t -> m.put(t.key(), t.value()));
        }
        return m;
    }

    /** IAM is eventually consistent: a role created a moment ago may not be found yet. */
    public static final Duration PROPAGATION = Duration.ofMinutes(1);
    /** A server error or lost connection: the call may or may not have run. */
    public static final Duration LOST_ANSWER = Duration.ofMinutes(2);

    /**
     * Retried: a server error or lost answer (the SDK repeats no create by itself); while
     * creating or updating, NoSuchEntity for what we just created (the role
     * not yet visible to AttachRolePolicy, PutRolePolicy, AddRoleToInstanceProfile) and
     * ConcurrentModification; while deleting, DeleteConflict and the other dependency errors.
     */
    @Override
    public Duration retryWindow(Throwable error, Phase phase) {
        if (phase == Phase.DELETE) {
            return DependencyErrors.retryWindow(error, phase);
        }
        if (RetryPolicy.mayHaveExecuted(error)) {
            return LOST_ANSWER; // the SDK does not repeat a create blindly; the retry takes its own by name
        }
        if (AwsErrors.hasCode(error, "ConcurrentModification")
                || ((phase == Phase.CREATE || phase == Phase.UPDATE) && AwsErrors.hasCode(error, "NoSuchEntity"))) {
            return PROPAGATION;
        }
        return Duration.ZERO;
    }

    /**
     * IAM names are unique, so every create here is idempotent by name: a retry meets
     * EntityAlreadyExists and takes its own entity (checked by tags), attaching or putting a
     * policy again is harmless. So a retry calls create again rather than a lookup, which
     * would take a half-made entity (a profile whose role was not added yet) as done.
     */
    @Override
    public boolean lookUpBeforeRetry() {
        return false;
    }

    /** The part of a key after the kind: {@code bedrock} in {@code iam-inline-policy/bedrock}. */
    protected static String suffix(String key) {
        return key.substring(key.indexOf('/') + 1);
    }
}
