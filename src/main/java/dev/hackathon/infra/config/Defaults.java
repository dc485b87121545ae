package dev.hackathon.infra.config;

import dev.hackathon.infra.config.StackConfig.Bedrock;
import dev.hackathon.infra.config.StackConfig.Cache;
import dev.hackathon.infra.config.StackConfig.Database;
import dev.hackathon.infra.config.StackConfig.Instance;
import dev.hackathon.infra.config.StackConfig.Network;
import dev.hackathon.infra.config.StackConfig.Target;
import java.util.List;
import java.util.Map;

/** What a field is when the config leaves it out: the seed environment of design.md §2. */
final class Defaults {

    static final Network NETWORK = new Network("10.0.0.0/16", List.of("ap-northeast-1a", "ap-northeast-1c"));
    static final Database DATABASE = new Database("postgres", "16", "db.t4g.micro", 20, "app", "app", 1, false, false);
    static final Cache CACHE = new Cache("valkey", "cache.t4g.micro");
    static final Instance INSTANCE = new Instance("t3.small", "al2023", 20, null);
    static final Bedrock BEDROCK = new Bedrock("us-east-1", List.of("anthropic.claude-3-haiku-20240307-v1:0"));
    /** In this order: app first, as in the seed file. */
    static final List<Map.Entry<String, Target>> TARGETS = List.of(
            Map.entry("app", new Target(3000, "/")),
            Map.entry("api", new Target(80, "/up")));
    static final String HEALTH_CHECK_PATH = "/";

    private Defaults() {
    }
}
