package dev.hackathon.infra.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The whole config file (design.md §2), validated. Every field has its default filled in,
 * so the rest of the tool never sees null where the schema has a default.
 *
 * @param source    the file it was read from (for messages and for {@code rules add})
 * @param expiresAt optional ISO-8601 date or date-time; becomes a tag, {@code status} warns past it
 */
public record StackConfig(String stack, String region, String profile, Map<String, String> tags, String expiresAt,
                          Network network, Database database, Cache cache, Instance instance, Bedrock bedrock,
                          LoadBalancer loadBalancer, Path source) {

    public record Network(String cidr, List<String> availabilityZones) {
    }

    public record Database(String engine, String version, String instanceClass, int storageGb, String name,
                           String username, int backupRetentionDays, boolean deletionProtection,
                           boolean finalSnapshot) {
    }

    public record Cache(String engine, String nodeType) {
    }

    /** {@code userData}: path of a script, resolved against the config file's folder; null for none. */
    public record Instance(String type, String ami, int volumeGb, String userData) {
    }

    public record Bedrock(String region, List<String> models) {
    }

    /** {@code targets} keeps the file's order (a LinkedHashMap). */
    public record LoadBalancer(String certificateArn, Map<String, Target> targets, List<Rule> rules) {
    }

    public record Target(int port, String healthCheckPath) {
    }

    public record Rule(String host, String target, int priority) {
    }

    public StackConfig withRegion(String r) {
        return new StackConfig(stack, r, profile, tags, expiresAt, network, database, cache, instance, bedrock,
                loadBalancer, source);
    }

    /** The config with the --profile override; null for the SDK's default chain. */
    public StackConfig withProfile(String p) {
        return new StackConfig(stack, region, p, tags, expiresAt, network, database, cache, instance, bedrock,
                loadBalancer, source);
    }

    public StackConfig withLoadBalancer(LoadBalancer lb) {
        return new StackConfig(stack, region, profile, tags, expiresAt, network, database, cache, instance, bedrock,
                lb, source);
    }
}
