package dev.hackathon.infra.testing;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.hackathon.infra.config.StackConfig;
import dev.hackathon.infra.config.StackConfig.Bedrock;
import dev.hackathon.infra.config.StackConfig.Cache;
import dev.hackathon.infra.config.StackConfig.Database;
import dev.hackathon.infra.config.StackConfig.Instance;
import dev.hackathon.infra.config.StackConfig.LoadBalancer;
import dev.hackathon.infra.config.StackConfig.Network;
import dev.hackathon.infra.config.StackConfig.Rule;
import dev.hackathon.infra.config.StackConfig.Target;

/** The seed config (config/hackathon.yaml) as records, under any stack name, for tests. */
public final class TestConfigs {

    private TestConfigs() {
    }

    public static StackConfig seed(String stack) {
        Map<String, Target> targets = new LinkedHashMap<>();
        targets.put("app", new Target(3000, "/"));
        targets.put("api", new Target(80, "/up"));
        return new StackConfig(stack, "ap-northeast-1", null, Map.of("Project", "hackathon"), null,
                new Network("10.0.0.0/16", List.of("ap-northeast-1a", "ap-northeast-1c")),
                new Database("postgres", "16", "db.t4g.micro", 20, "app", "app", 1, false, false),
                new Cache("valkey", "cache.t4g.micro"),
                new Instance("t3.small", "al2023", 20, null),
                new Bedrock("us-east-1", List.of("anthropic.claude-3-haiku-20240307-v1:0")),
                new LoadBalancer(null, targets, List.of(new Rule("example.com", "app", 100),
                        new Rule("api.example.com", "api", 101))),
                Path.of("config/hackathon.yaml"));
    }
}
