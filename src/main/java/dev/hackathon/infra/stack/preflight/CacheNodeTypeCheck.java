package dev.hackathon.infra.stack.preflight;

import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.hackathon.infra.stack.DataTier;

/**
 * The cache node type is one ElastiCache knows for the engine. ElastiCache has no read-only
 * API that answers this for a node type before creating a cluster, so the families are
 * listed here, from the ElastiCache user guide's "Supported node types": Valkey runs on the
 * current generation only, Redis OSS also on the previous one.
 */
final class CacheNodeTypeCheck implements PreflightCheck {

    static final Set<String> CURRENT = Set.of("t3", "t4g", "m4", "m5", "m6g", "m7g", "r4", "r5", "r6g", "r6gd", "r7g",
            "c7gn");
    static final Set<String> PREVIOUS = Set.of("t1", "t2", "m1", "m2", "m3", "c1", "r3");
    private static final Pattern SHAPE = Pattern.compile("cache\\.([a-z0-9]+)\\.(micro|small|medium|large|\\d*xlarge)");

    @Override
    public String id() {
        return "cache-node-type";
    }

    @Override
    public boolean neededFor(PreflightScope scope) {
        return scope.creates(DataTier.CACHE) || scope.changes(DataTier.CACHE, "nodeType", "engine");
    }

    @Override
    public List<Finding> run(PreflightContext c) {
        String engine = c.config().cache().engine();
        String type = c.config().cache().nodeType();
        Matcher m = SHAPE.matcher(type);
        String family = m.matches() ? m.group(1) : null;
        boolean known = family != null && (CURRENT.contains(family) || PREVIOUS.contains(family) && !"valkey".equals(engine));
        if (known) {
            return List.of(Finding.ok(id(), type + " is a node type of " + engine));
        }
        String why = family == null ? type + " is not an ElastiCache node type"
                : PREVIOUS.contains(family) ? type + " is a previous-generation type, which " + engine + " does not run on"
                : type + " is not a node type ElastiCache lists for " + engine;
        return List.of(Finding.fail(id(), why, "set cache.nodeType to a current type, e.g. cache.t4g.micro"
                + " (https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/CacheNodes.SupportedTypes.html)"));
    }
}
