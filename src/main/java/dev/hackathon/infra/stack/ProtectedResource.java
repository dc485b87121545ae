package dev.hackathon.infra.stack;

import java.util.List;

import dev.hackathon.infra.aws.ErrorAdvice;

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
    public static final class NotConfirmedException extends IllegalStateException implements ErrorAdvice.Advised {

        private final List<ProtectedResource> resources;

        public NotConfirmedException(List<ProtectedResource> resources) {
            super("nothing was deleted: " + String.join("; ", resources.stream().map(ProtectedResource::toString).toList()));
            this.resources = List.copyOf(resources);
        }

        @Override
        public String fix() {
            return "run down again and confirm turning the protection off: type the stack name when asked, or pass --yes";
        }

        public List<ProtectedResource> resources() {
            return resources;
        }
    }
}
