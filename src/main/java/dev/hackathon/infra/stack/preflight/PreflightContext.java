package dev.hackathon.infra.stack.preflight;

import java.util.List;
import java.util.Map;

import dev.hackathon.infra.aws.AwsSession;
import dev.hackathon.infra.config.StackConfig;
import dev.hackathon.infra.config.SubnetLayout.Tier;
import dev.hackathon.infra.resources.Ownership;
import dev.hackathon.infra.stack.NetworkTier;

/**
 * What the checks read: the config, the session, the environment (PATH for the local tools),
 * and where the stack puts things, answered from the stack's own layout so that the checks
 * and {@code up} agree on which zone holds the NAT gateway, the instance and the data tier.
 */
public record PreflightContext(StackConfig config, AwsSession aws, Map<String, String> env) {

    public Ownership ownership() {
        return new Ownership(config.stack());
    }

    /** The zone of the public subnet that holds the one NAT gateway. */
    public String natZone() {
        return zoneOf(NetworkTier.subnetKey(Tier.PUBLIC, 0));
    }

    /** The zone of the app subnet that holds the instance. */
    public String appZone() {
        return zoneOf(NetworkTier.subnetKey(Tier.APP, 0));
    }

    /** The zones of the data subnets (the DB and cache subnet groups span them all). */
    public List<String> dataZones() {
        return NetworkTier.subnets(config).stream().filter(s -> s.tier() == Tier.DATA)
                .map(s -> s.availabilityZone()).distinct().toList();
    }

    private String zoneOf(String subnetKey) {
        return NetworkTier.subnets(config).stream().filter(s -> s.key().equals(subnetKey)).findFirst()
                .orElseThrow().availabilityZone();
    }
}
