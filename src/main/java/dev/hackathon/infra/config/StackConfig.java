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
 * @param apps      what {@code deploy} puts on the instance, keyed by target, in file order; empty without
 *                  an {@code apps} section
 */
public record StackConfig(String stack, String region, String profile, Map<String, String> tags, String expiresAt,
                          Network network, Database database, Cache cache, Instance instance, Bedrock bedrock,
                          LoadBalancer loadBalancer, Dns dns, Map<String, App> apps, Path source) {

    /** {@code loadBalancer.certificateArn} asking for an ACM certificate the tool requests and validates. */
    public static final String AUTO_CERTIFICATE = "auto";

    public StackConfig {
        dns = dns == null ? Dns.DEFAULT : dns;
        apps = apps == null ? Map.of() : apps;
    }

    /** Without an {@code apps} section: nothing to deploy. */
    public StackConfig(String stack, String region, String profile, Map<String, String> tags, String expiresAt,
                       Network network, Database database, Cache cache, Instance instance, Bedrock bedrock,
                       LoadBalancer loadBalancer, Dns dns, Path source) {
        this(stack, region, profile, tags, expiresAt, network, database, cache, instance, bedrock, loadBalancer,
                dns, Map.of(), source);
    }

    /** Without a {@code dns} section: records are printed, not written. */
    public StackConfig(String stack, String region, String profile, Map<String, String> tags, String expiresAt,
                       Network network, Database database, Cache cache, Instance instance, Bedrock bedrock,
                       LoadBalancer loadBalancer, Path source) {
        this(stack, region, profile, tags, expiresAt, network, database, cache, instance, bedrock, loadBalancer,
                Dns.DEFAULT, Map.of(), source);
    }

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

    /**
     * {@code targets} keeps the file's order (a LinkedHashMap). {@code certificateArn}: an ACM ARN,
     * {@link #AUTO_CERTIFICATE}, or null (HTTP only).
     */
    public record LoadBalancer(String certificateArn, Map<String, Target> targets, List<Rule> rules) {

        /** The tool requests, validates and deletes the certificate itself. */
        public boolean autoCertificate() {
            return AUTO_CERTIFICATE.equals(certificateArn);
        }

        /** An ARN the team brought (not auto, not null). */
        public String givenCertificateArn() {
            return certificateArn == null || autoCertificate() ? null : certificateArn;
        }

        public List<String> hosts() {
            return rules.stream().map(Rule::host).toList();
        }
    }

    /**
     * {@code zone}: {@link #AUTO} (the account's public hosted zone holding each rule host), a zone
     * name ({@code example.com}) or id ({@code Z0123...}), or {@link #NONE}: records are printed for
     * the team to add at their registrar, nothing is written.
     */
    public record Dns(String zone) {
        public static final String AUTO = "auto";
        public static final String NONE = "none";
        public static final Dns DEFAULT = new Dns(NONE);

        public boolean writesRecords() {
            return !NONE.equals(zone);
        }
    }

    public record Target(int port, String healthCheckPath) {
    }

    public record Rule(String host, String target, int priority) {
    }

    /** The same stack under another name: a fleet's team gets the base config with its own stack name. */
    public StackConfig withStack(String s) {
        return new StackConfig(s, region, profile, tags, expiresAt, network, database, cache, instance, bedrock,
                loadBalancer, dns, apps, source);
    }

    /**
     * One app that {@code deploy} puts on the instance. Its key in {@code apps} is a key of
     * {@code loadBalancer.targets}: the app serves that target's port and answers its health check.
     *
     * @param source  the app's folder, resolved against the config file's folder
     * @param build   {@link Runtime#command} only: shell commands run in the release's folder, in order
     * @param start   {@link Runtime#command} only: the shell command that serves the target's port
     */
    public record App(Path source, Runtime runtime, List<String> build, String start) {

        public App {
            build = build == null ? List.of() : List.copyOf(build);
        }

        /** How the instance builds and runs an app. */
        public enum Runtime {
            /** PHP 8.3 FPM behind nginx, Composer, a queue worker. */
            laravel,
            /** Node.js 20: {@code npm ci}, {@code npm run build}, {@code npm start}. */
            nextjs,
            /** The app's own {@code build} steps and {@code start} command. */
            command
        }
    }

    public StackConfig withRegion(String r) {
        return new StackConfig(stack, r, profile, tags, expiresAt, network, database, cache, instance, bedrock,
                loadBalancer, dns, apps, source);
    }

    /** The config with the --profile override; null for the SDK's default chain. */
    public StackConfig withProfile(String p) {
        return new StackConfig(stack, region, p, tags, expiresAt, network, database, cache, instance, bedrock,
                loadBalancer, dns, apps, source);
    }

    public StackConfig withDns(Dns d) {
        return new StackConfig(stack, region, profile, tags, expiresAt, network, database, cache, instance, bedrock,
                loadBalancer, d, apps, source);
    }

    public StackConfig withLoadBalancer(LoadBalancer lb) {
        return new StackConfig(stack, region, profile, tags, expiresAt, network, database, cache, instance, bedrock,
                lb, dns, apps, source);
    }
}
