package dev.hackathon.infra.stack;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import dev.hackathon.infra.config.StackConfig;
import dev.hackathon.infra.engine.Observed;
import dev.hackathon.infra.engine.Snapshot;
import dev.hackathon.infra.resources.data.DbInstances;
import dev.hackathon.infra.resources.data.ReplicationGroups;
import dev.hackathon.infra.resources.edge.Certificates;

/**
 * Where the stack's parts answer, read-only, for {@code connect} and {@code env}: the
 * instance to reach through Session Manager, the database and cache endpoints, the
 * database's master secret, and whether the load balancer serves HTTPS. One discovery of the
 * four kinds it needs (instance, database, cache, certificate), nothing else.
 */
public record StackEndpoints(String instanceId, String dbHost, Integer dbPort, String dbSecretArn, String cacheHost,
                             Integer cachePort, boolean https, List<String> missing) {

    public static StackEndpoints read(StackService service) {
        StackKinds k = service.kinds();
        Snapshot s = service.discover(List.of(k.instances, k.dbInstances, k.replicationGroups, k.certificates));
        return of(service.config(), s);
    }

    static StackEndpoints of(StackConfig config, Snapshot s) {
        List<String> missing = new ArrayList<>();
        Optional<Observed> instance = present(s, ComputeTier.INSTANCE, missing);
        Optional<Observed> db = present(s, DataTier.DB, missing);
        Optional<Observed> cache = present(s, DataTier.CACHE, missing);
        String dbHost = db.map(o -> o.outputs().get(DbInstances.OUT_ENDPOINT)).orElse(null);
        Integer dbPort = db.map(o -> o.outputs().get(DbInstances.OUT_PORT)).map(Integer::valueOf).orElse(null);
        String secret = db.map(o -> o.outputs().get(DbInstances.OUT_SECRET)).orElse(null);
        String cacheEndpoint = cache.map(o -> o.outputs().get(ReplicationGroups.OUT_ENDPOINT)).orElse(null);
        String cacheHost = null;
        Integer cachePort = null;
        if (cacheEndpoint != null) {
            int colon = cacheEndpoint.lastIndexOf(':');
            cacheHost = colon < 0 ? cacheEndpoint : cacheEndpoint.substring(0, colon);
            cachePort = colon < 0 ? null : Integer.valueOf(cacheEndpoint.substring(colon + 1));
        }
        StackConfig.LoadBalancer lb = config.loadBalancer();
        boolean https = lb.autoCertificate() ? s.find(Certificates.KEY).filter(Certificates::issued).isPresent()
                : lb.certificateArn() != null;
        return new StackEndpoints(instance.map(Observed::id).orElse(null), dbHost, dbPort, secret, cacheHost, cachePort,
                https, List.copyOf(missing));
    }

    private static Optional<Observed> present(Snapshot s, String key, List<String> missing) {
        Optional<Observed> o = s.find(key);
        if (o.isEmpty()) {
            missing.add(key);
        }
        return o;
    }
}
