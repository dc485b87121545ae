package dev.hackathon.infra.engine;

/**
 * One field that differs between what exists and what the config wants.
 * {@code security} marks drift that opens something up (an egress rule on the db group).
 */
public record Change(String field, String actual, String desired, boolean security) {

    /**
     * The field of the change that stands for "a dependency is made anew": a resource that
     * follows it is replaced ({@link Policy#DEPENDENCY_RECREATED} in its force-new fields) or
     * updated against the new ids.
     */
    public static final String DEPENDENCIES = "(dependencies)";

    public Change(String field, Object actual, Object desired) {
        this(field, String.valueOf(actual), String.valueOf(desired), false);
    }

    public static Change security(String field, Object actual, Object desired) {
        return new Change(field, String.valueOf(actual), String.valueOf(desired), true);
    }

    /** The change a resource gets only because a dependency of it is made anew. */
    public static Change dependencyRecreated() {
        return new Change(DEPENDENCIES, "old", "recreated");
    }

    /** Whether this change is only {@link #dependencyRecreated}: no field of the resource's own. */
    public boolean fromDependency() {
        return DEPENDENCIES.equals(field);
    }

    @Override
    public String toString() {
        return field + ": " + actual + " -> " + desired;
    }
}
