package dev.hackathon.infra.engine;

/**
 * Where a resource stands, as its kind reads it from what discovery (or a create, or an
 * update) returned: the answer of the one state function {@link ResourceKind#state}, like the
 * status functions of terraform-provider-aws with their Pending and Target lists.
 *
 * <ul>
 * <li>{@code PENDING}: on its way to ready (creating, provisioning, modifying, a stopped
 *     instance being started): {@code up} waits.</li>
 * <li>{@code READY}: usable; what stands on it may start.</li>
 * <li>{@code FAILED}: it will not become ready by itself; {@link #reason} says why, as AWS
 *     says it. The plan replaces it when the kind's policy says so
 *     ({@link Policy#replaceWhenFailed}), else waiting for it fails with that reason.</li>
 * <li>{@code DELETING}: on its way out and still holding its name or its place: never deleted
 *     again, and a key whose resource is deleting is created anew once it is gone.</li>
 * <li>{@code GONE}: listed, but no longer counts (terminated, deleted).</li>
 * </ul>
 */
public record Status(Kind kind, String reason) {

    public enum Kind { PENDING, READY, FAILED, DELETING, GONE }

    public static final Status PENDING = new Status(Kind.PENDING, null);
    public static final Status READY = new Status(Kind.READY, null);
    public static final Status DELETING = new Status(Kind.DELETING, null);
    public static final Status GONE = new Status(Kind.GONE, null);

    public static Status failed(String reason) {
        return new Status(Kind.FAILED, reason);
    }

    public boolean isReady() {
        return kind == Kind.READY;
    }

    public boolean isFailed() {
        return kind == Kind.FAILED;
    }

    public boolean isDeleting() {
        return kind == Kind.DELETING;
    }

    public boolean isGone() {
        return kind == Kind.GONE;
    }

    /** A state as AWS names it, with the reason when there is one: "state failed: Gateway.NotAttached: ...". */
    public String describe(String awsState) {
        return "state " + awsState + (reason == null ? "" : ": " + reason);
    }

    /** Neither gone nor on its way out: a resource that counts, and that something may stand on. */
    public boolean isLive() {
        return kind != Kind.GONE && kind != Kind.DELETING;
    }
}
