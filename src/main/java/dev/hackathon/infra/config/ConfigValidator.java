package dev.hackathon.infra.config;

import dev.hackathon.infra.config.StackConfig.Bedrock;
import dev.hackathon.infra.config.StackConfig.Cache;
import dev.hackathon.infra.config.StackConfig.Database;
import dev.hackathon.infra.config.StackConfig.Instance;
import dev.hackathon.infra.config.StackConfig.LoadBalancer;
import dev.hackathon.infra.config.StackConfig.Network;
import dev.hackathon.infra.resources.compute.BedrockModels;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * Checks the YAML tree against the schema of design.md §2 and maps it to a {@link StackConfig}, defaults
 * filled in. A value that fails a check is replaced by its default, so later checks that depend on it
 * (zones against the region, rules against targets) do not pile up problems about one mistake.
 */
final class ConfigValidator {

    static final int MAX_TAGS = 40;
    /** EC2's limit on user data, before base64. */
    static final long MAX_USER_DATA_BYTES = 16 * 1024;

    private static final Map<String, List<String>> SECTION_KEYS = sectionKeys();
    private static final List<String> TOP_KEYS = Stream.concat(
            Stream.of("stack", "region", "profile", "tags", "expiresAt", "apps"), SECTION_KEYS.keySet().stream()).toList();

    private final Path source;

    ConfigValidator(Path source) {
        this.source = source;
    }

    private static Map<String, List<String>> sectionKeys() {
        Map<String, List<String>> keys = new LinkedHashMap<>();
        keys.put("network", List.of("cidr", "availabilityZones"));
        keys.put("database", List.of("engine", "version", "instanceClass", "storageGb", "name", "username",
                "backupRetentionDays", "deletionProtection", "finalSnapshot"));
        keys.put("cache", List.of("engine", "nodeType"));
        keys.put("instance", List.of("type", "ami", "volumeGb", "userData"));
        keys.put("bedrock", List.of("region", "models"));
        keys.put("loadBalancer", LoadBalancerValidator.KEYS);
        keys.put("dns", List.of("zone"));
        return keys;
    }

    StackConfig validate(Field root) {
        Section top = root.mapping(TOP_KEYS, ConfigValidator::topLevelHint);
        Field stackField = top.field("stack").require("required: the stack's name, e.g. stack: hackathon");
        String stack = stackField.text(Checks.STACK);
        String region = top.field("region").text(Checks.REGION);
        String profile = top.field("profile").text(Checks.PROFILE);
        Map<String, String> tags = tags(top.field("tags"));
        String expiresAt = top.field("expiresAt").text(Checks.EXPIRES_AT);
        LoadBalancer loadBalancer = LoadBalancerValidator.validate(section(top, "loadBalancer"), region);
        StackConfig config = new StackConfig(stack, region, profile, tags, expiresAt,
                network(section(top, "network"), region),
                database(section(top, "database")),
                cache(section(top, "cache")),
                instance(section(top, "instance")),
                bedrock(section(top, "bedrock")),
                loadBalancer,
                dns(section(top, "dns")),
                AppsValidator.validate(top.field("apps"), loadBalancer.targets(), source),
                source);
        if (stack != null) {
            // Every name derived from the stack name must be one AWS accepts (RDS, ElastiCache, EC2, ELB, IAM, SSM).
            DerivedNames.problems(stack, region == null ? "us-east-1" : region,
                    config.loadBalancer().targets().keySet()).forEach(stackField::problem);
        }
        return config;
    }

    private static StackConfig.Dns dns(Section section) {
        String zone = section.field("zone").text(Checks.DNS_ZONE);
        return zone == null ? StackConfig.Dns.DEFAULT : new StackConfig.Dns(zone);
    }

    private static Section section(Section top, String name) {
        return top.field(name).mapping(SECTION_KEYS.get(name));
    }

    /** A section's key at the top level is most often an indentation slip, which a spelling hint would miss. */
    private static String topLevelHint(String key) {
        List<String> owners = new ArrayList<>(SECTION_KEYS.entrySet().stream()
                .filter(e -> e.getValue().contains(key)).map(e -> "'" + e.getKey() + "'").toList());
        if (AppsValidator.APP_KEYS.contains(key)) {
            owners.add("an app in 'apps'");
        }
        return owners.isEmpty() ? null
                : "; it belongs under " + String.join(" or ", owners) + " (check the indentation)";
    }

    private static Map<String, String> tags(Field field) {
        Section section = field.mapping(null);
        if (section.size() > MAX_TAGS) {
            field.problem("at most " + MAX_TAGS + " tags, got " + section.size()
                    + " (AWS allows 50 per resource and the tool adds its own)");
        }
        Map<String, String> tags = new LinkedHashMap<>();
        for (String key : section.keys()) {
            String keyProblem = Checks.TAG_KEY.problem(key);
            if (keyProblem != null) {
                section.keyProblem(key, keyProblem);
            }
            String value = section.field(key).require("a tag needs a value; write \"\" for an empty one")
                    .text(Checks.TAG_VALUE);
            tags.put(key, value);
        }
        return tags;
    }

    private static Network network(Section section, String region) {
        List<String> zones = availabilityZones(section.field("availabilityZones"), region);
        // SubnetLayout is the one authority on what fits; its message says why not.
        String cidr = section.field("cidr").text(value -> {
            try {
                SubnetLayout.subnets(value, zones == null ? List.of() : zones);
                return null;
            } catch (IllegalArgumentException e) {
                return e.getMessage();
            }
        });
        return new Network(Objects.requireNonNullElse(cidr, Defaults.NETWORK.cidr()),
                Objects.requireNonNullElse(zones, Defaults.NETWORK.availabilityZones()));
    }

    /** Null when they are unusable (reported). */
    private static List<String> availabilityZones(Field field, String region) {
        if (!field.present()) {
            List<String> zones = Defaults.NETWORK.availabilityZones();
            if (region != null && !zones.stream().allMatch(zone -> regionOf(zone).equals(region))) {
                field.problem("not set, and the default zones " + zones + " are not in region " + region
                        + "; list two zones of " + region + ", e.g. [" + region + "a, " + region + "b]");
            }
            return zones;
        }
        List<Field> items = field.items();
        if (items == null) {
            return null;
        }
        List<String> zones = distinctTexts(items, "availability zone", zone -> {
            String shape = Checks.AVAILABILITY_ZONE.problem(zone);
            if (shape != null || region == null || regionOf(zone).equals(region)) {
                return shape;
            }
            return "zone " + zone + " is not in region " + region;
        });
        boolean usable = zones != null;
        if (zones != null && region == null && zones.stream().map(ConfigValidator::regionOf).distinct().count() > 1) {
            field.problem("the zones " + zones + " are in different regions");
            usable = false;
        }
        if (items.size() < 2 || items.size() > SubnetLayout.MAX_AZS) {
            field.problem("expected 2 to " + SubnetLayout.MAX_AZS + " availability zones (a load balancer and "
                    + "a database subnet group need two), got " + items.size());
            usable = false;
        }
        return usable ? zones : null;
    }

    private static String regionOf(String zone) {
        return zone.substring(0, zone.length() - 1);
    }

    private static Database database(Section section) {
        Database d = Defaults.DATABASE;
        return new Database(
                Objects.requireNonNullElse(section.field("engine").text(Checks.DB_ENGINE), d.engine()),
                Objects.requireNonNullElse(section.field("version").text(Checks.DB_VERSION), d.version()),
                Objects.requireNonNullElse(section.field("instanceClass").text(Checks.DB_INSTANCE_CLASS),
                        d.instanceClass()),
                Objects.requireNonNullElse(section.field("storageGb").wholeNumber(20, 65536), d.storageGb()),
                Objects.requireNonNullElse(section.field("name").text(Checks.DB_NAME), d.name()),
                Objects.requireNonNullElse(section.field("username").text(Checks.DB_USERNAME), d.username()),
                Objects.requireNonNullElse(section.field("backupRetentionDays").wholeNumber(0, 35),
                        d.backupRetentionDays()),
                Objects.requireNonNullElse(section.field("deletionProtection").bool(), d.deletionProtection()),
                Objects.requireNonNullElse(section.field("finalSnapshot").bool(), d.finalSnapshot()));
    }

    private static Cache cache(Section section) {
        return new Cache(
                Objects.requireNonNullElse(section.field("engine").text(Checks.CACHE_ENGINE), Defaults.CACHE.engine()),
                Objects.requireNonNullElse(section.field("nodeType").text(Checks.CACHE_NODE_TYPE),
                        Defaults.CACHE.nodeType()));
    }

    private Instance instance(Section section) {
        Instance d = Defaults.INSTANCE;
        Field userData = section.field("userData");
        String script = userData.text();
        return new Instance(
                Objects.requireNonNullElse(section.field("type").text(Checks.INSTANCE_TYPE), d.type()),
                Objects.requireNonNullElse(section.field("ami").text(Checks.AMI), d.ami()),
                Objects.requireNonNullElse(section.field("volumeGb").wholeNumber(8, 16384), d.volumeGb()),
                script == null ? d.userData() : userDataFile(userData, script));
    }

    /**
     * {@code text} resolved against the config file's folder, so the config works from any working directory;
     * null (reported on {@code field}) when it is not a usable path.
     */
    static Path resolveNextTo(Path configFile, Field field, String text) {
        try {
            return configFile.toAbsolutePath().getParent().resolve(text).normalize();
        } catch (InvalidPathException e) {
            field.problem("not a usable path: " + e.getReason());
            return null;
        }
    }

    private String userDataFile(Field field, String script) {
        Path path = resolveNextTo(source, field, script);
        if (path == null) {
            return null;
        }
        if (!Files.isRegularFile(path) || !Files.isReadable(path)) {
            field.problem("no readable file at " + path + " (a relative path starts at the config file's folder)");
            return null;
        }
        try {
            long size = Files.size(path);
            if (size > MAX_USER_DATA_BYTES) {
                field.problem(path + " is " + size + " bytes; EC2 takes at most " + MAX_USER_DATA_BYTES
                        + " bytes of user data");
                return null;
            }
        } catch (IOException e) {
            field.problem("cannot read " + path + ": " + e.getMessage());
            return null;
        }
        return path.toString();
    }

    private static Bedrock bedrock(Section section) {
        Field models = section.field("models");
        List<Field> items = models.items();
        List<String> ids = null;
        if (items != null && items.isEmpty()) {
            models.problem("expected at least one model id, e.g. [" + Defaults.BEDROCK.models().get(0) + "]");
        } else if (items != null) {
            ids = distinctTexts(items, "model", Checks.MODEL_ID);
        }
        String region = Objects.requireNonNullElse(section.field("region").text(Checks.REGION), Defaults.BEDROCK.region());
        if (ids != null) {
            // A geography's profile is invoked from a Region of that geography (its source Regions).
            for (int i = 0; i < ids.size(); i++) {
                String prefix = BedrockModels.profilePrefix(ids.get(i)).orElse(BedrockModels.GLOBAL);
                if (!prefix.equals(BedrockModels.GLOBAL) && !BedrockModels.PROFILE_DESTINATIONS.get(prefix).contains(region)) {
                    items.get(i).problem("the " + prefix + ". inference profile is invoked from one of "
                            + String.join(", ", BedrockModels.PROFILE_DESTINATIONS.get(prefix)) + "; bedrock.region is "
                            + region + " (set bedrock.region to one of them, or use the model's " + prefix
                            + " profile's counterpart for " + region + ")");
                }
            }
        }
        return new Bedrock(region, Objects.requireNonNullElse(ids, Defaults.BEDROCK.models()));
    }

    /** The items' texts when every one passes {@code check} and none repeats; null (reported) otherwise. */
    private static List<String> distinctTexts(List<Field> items, String what, Check check) {
        Uniqueness<String> seen = new Uniqueness<>(what);
        List<String> texts = new ArrayList<>();
        for (Field item : items) {
            String text = item.require("an empty item; remove it or give a " + what).text(check);
            if (text != null && seen.add(text, item)) {
                texts.add(text);
            }
        }
        return texts.size() == items.size() ? List.copyOf(texts) : null;
    }
}
