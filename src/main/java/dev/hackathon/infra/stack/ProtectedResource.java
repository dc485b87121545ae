package dev.hackathon.infra.stack;

import java.util.List;

/**
 * A resource of the stack that refuses deletion until a person agrees: {@code down} lists
 * them before it deletes anything and goes on only once the person confirmed turning the
 * protection off.
 */
public record ProtectedResource(String key, String label, String id, String protection) {

    @Override
    public String toString() {
        return label + " " + key + " (" + id + "): " + protection;
    }

    /** {@code down} found protected resources and nobody confirmed: nothing was deleted. */
    public static final class NotConfirmedException extends IllegalStateException {

        private final List<ProtectedResource> resources;

        public NotConfirmedException(List<ProtectedResource> resources) {
            super("down stopped before deleting anything: " + String.join("; ",
                    resources.stream().map(ProtectedResource::toString).toList())
                    + ". Rerun down and confirm turning the protection off (type the stack name, or pass --yes)");
            this.resources = List.copyOf(resources);
        }

        public List<ProtectedResource> resources() {
            return resources;
        }
    }
}
