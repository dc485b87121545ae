package dev.hackathon.infra.resources;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.hackathon.infra.engine.Change;
import dev.hackathon.infra.engine.Context;
import dev.hackathon.infra.engine.Observed;

/** Tags are part of the desired state: a tag removed or changed by hand is drift. */
public final class TagDrift {

    public static final String PREFIX = "tags.";

    private TagDrift() {
    }

    public static List<Change> diff(Map<String, String> actual, Map<String, String> desired) {
        List<Change> out = new ArrayList<>();
        desired.forEach((k, v) -> {
            String a = actual.get(k);
            if (!v.equals(a)) {
                out.add(new Change(PREFIX + k, a == null ? "(absent)" : a, v));
            }
        });
        return out;
    }

    /** A resource's tag drift against the tags its key must carry. */
    public static List<Change> tagDiff(String key, Observed actual, Context ctx) {
        return diff(actual.tags(), ctx.tags(key));
    }

    public static boolean onlyTags(List<Change> changes) {
        return changes.stream().allMatch(c -> c.field().startsWith(PREFIX));
    }

    public static boolean anyTags(List<Change> changes) {
        return changes.stream().anyMatch(c -> c.field().startsWith(PREFIX));
    }
}
