package dev.hackathon.infra.config;

import static dev.hackathon.infra.config.ConfigFiles.problemsOf;
import static dev.hackathon.infra.config.ConfigFiles.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hackathon.infra.config.StackConfig.Database;
import dev.hackathon.infra.config.StackConfig.Rule;
import dev.hackathon.infra.config.StackConfig.Target;
import dev.hackathon.infra.config.SubnetLayout.Subnet;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {

    @TempDir
    Path dir;

    @Test
    void seedConfigLoadsWithItsValues() throws Exception {
        StackConfig c = ConfigLoader.load(ConfigFiles.SEED);

        assertEquals("hackathon", c.stack());
        assertEquals("ap-northeast-1", c.region());
        assertEquals("hackathon", c.profile());
        assertEquals(Map.of("Project", "hackathon"), c.tags());
        assertNull(c.expiresAt());
        assertEquals(ConfigFiles.SEED, c.source());
        assertEquals("10.0.0.0/16", c.network().cidr());
        assertEquals(List.of("ap-northeast-1a", "ap-northeast-1c"), c.network().availabilityZones());
        assertEquals(new Database("postgres", "16", "db.t4g.micro", 20, "app", "app", 1, false, false), c.database());
        assertEquals("valkey", c.cache().engine());
        assertEquals("cache.t4g.micro", c.cache().nodeType());
        assertEquals("t3.small", c.instance().type());
        assertEquals("al2023", c.instance().ami());
        assertEquals(20, c.instance().volumeGb());
        assertNull(c.instance().userData());
        assertEquals("us-east-1", c.bedrock().region());
        assertEquals(List.of("anthropic.claude-3-haiku-20240307-v1:0"), c.bedrock().models());
        assertNull(c.loadBalancer().certificateArn());
        assertInstanceOf(LinkedHashMap.class, c.loadBalancer().targets());
        assertEquals(List.of("app", "api"), List.copyOf(c.loadBalancer().targets().keySet()));
        assertEquals(new Target(3000, "/"), c.loadBalancer().targets().get("app"));
        assertEquals(new Target(80, "/up"), c.loadBalancer().targets().get("api"));
        assertEquals(List.of(new Rule("example.com", "app", 100), new Rule("api.example.com", "api", 101)),
                c.loadBalancer().rules());
    }

    @Test
    void seedSubnetsFollowTheLayout() throws Exception {
        StackConfig c = ConfigLoader.load(ConfigFiles.SEED);
        Map<String, String> subnets = SubnetLayout.subnets(c.network().cidr(), c.network().availabilityZones())
                .stream().collect(Collectors.toMap(Subnet::name, s -> s.availabilityZone() + " " + s.cidr(),
                        (a, b) -> a, LinkedHashMap::new));
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("public-a", "ap-northeast-1a 10.0.0.0/20");
        expected.put("app-a", "ap-northeast-1a 10.0.16.0/20");
        expected.put("data-a", "ap-northeast-1a 10.0.32.0/20");
        expected.put("public-b", "ap-northeast-1c 10.0.48.0/20");
        expected.put("app-b", "ap-northeast-1c 10.0.64.0/20");
        expected.put("data-b", "ap-northeast-1c 10.0.80.0/20");
        assertEquals(expected, subnets);
    }

    @Test
    void minimalConfigGetsTheSeedsDefaults() throws Exception {
        StackConfig seed = ConfigLoader.load(ConfigFiles.SEED);
        StackConfig c = ConfigLoader.load(write(dir, "min.yaml", "stack: x1\nregion: ap-northeast-1\n"));

        assertEquals("x1", c.stack());
        assertEquals("ap-northeast-1", c.region());
        assertNull(c.profile());
        assertEquals(Map.of(), c.tags());
        assertNull(c.expiresAt());
        assertEquals(seed.network(), c.network());
        assertEquals(seed.database(), c.database());
        assertEquals(seed.cache(), c.cache());
        assertEquals(seed.instance(), c.instance());
        assertEquals(seed.bedrock(), c.bedrock());
        assertNull(c.loadBalancer().certificateArn());
        assertInstanceOf(LinkedHashMap.class, c.loadBalancer().targets());
        assertEquals(List.copyOf(seed.loadBalancer().targets().entrySet()),
                List.copyOf(c.loadBalancer().targets().entrySet()));
        assertEquals(List.of(), c.loadBalancer().rules());
    }

    @Test
    void regionMayBeLeftToTheCommandLine() throws Exception {
        StackConfig c = ConfigLoader.load(write(dir, "c.yaml", "stack: x1\n"));
        assertNull(c.region());
        assertEquals(List.of("ap-northeast-1a", "ap-northeast-1c"), c.network().availabilityZones());
    }

    @Test
    void acceptsTheLenientForms() throws Exception {
        Files.createDirectories(dir.resolve("scripts"));
        Files.writeString(dir.resolve("scripts/boot.sh"), "#!/bin/sh\necho hi\n");
        StackConfig c = ConfigLoader.load(write(dir, "c.yaml", """
                stack: team-7
                region: us-west-2
                tags: {CostCenter: 1234, Billable: true, Note: "", "cost center": a b}
                expiresAt: 2026-12-01T18:00:00+09:00
                network:
                  cidr: 172.20.0.0/24
                  availabilityZones: [us-west-2a, us-west-2b, us-west-2c]
                database:
                  version: 16.4
                  deletionProtection: true
                cache: {engine: redis}
                instance:
                  ami: ami-0123456789abcdef0
                  userData: scripts/boot.sh
                bedrock:
                  models: [anthropic.claude-3-haiku-20240307-v1:0, us.anthropic.claude-3-5-sonnet-20241022-v2:0]
                loadBalancer:
                  certificateArn: arn:aws:acm:us-west-2:123456789012:certificate/0a1b2c3d-aaaa-bbbb-cccc-0123456789ab
                  targets:
                    web: {port: 8080}
                  rules:
                    - {host: "*.example.com", target: web, priority: 1}
                """));
        assertEquals(List.of("CostCenter", "Billable", "Note", "cost center"), List.copyOf(c.tags().keySet()));
        assertEquals("1234", c.tags().get("CostCenter"));
        assertEquals("true", c.tags().get("Billable"));
        assertEquals("", c.tags().get("Note"));
        assertEquals("2026-12-01T18:00:00+09:00", c.expiresAt());
        assertEquals("16.4", c.database().version());
        assertTrue(c.database().deletionProtection());
        assertEquals("redis", c.cache().engine());
        assertEquals(dir.resolve("scripts/boot.sh").toAbsolutePath().toString(), c.instance().userData());
        assertEquals(new Target(8080, "/"), c.loadBalancer().targets().get("web"));
        assertEquals(List.of(new Rule("*.example.com", "web", 1)), c.loadBalancer().rules());
    }

    @Test
    void versionWrittenAsANumberBecomesText() throws Exception {
        StackConfig c = ConfigLoader.load(write(dir, "c.yaml", "stack: x1\ndatabase:\n  version: 16\n"));
        assertEquals("16", c.database().version());
    }

    @Test
    void expiresAtMayBeADate() throws Exception {
        assertEquals("2026-12-01", ConfigLoader.load(write(dir, "c.yaml", "stack: x1\nexpiresAt: 2026-12-01\n"))
                .expiresAt());
    }

    @Test
    void reportsEveryMistakeWithItsLineAndPath() throws IOException {
        Path file = write(dir, "bad.yaml", """
                stack: demo
                region: ap-northeast-1
                network:
                  cidr: 10.0.0.0/25
                  availabilityZones: [ap-northeast-1a, us-east-1a]
                database:
                  instanceClas: db.t4g.micro
                  storageGb: twenty
                loadBalancer:
                  targets:
                    app: {port: 3000}
                  rules:
                    - {host: example.com, target: app, priority: 100}
                    - {host: example.com, target: web, priority: 100}
                """);
        List<ConfigProblem> problems = problemsOf(file);

        assertEquals(List.of(
                        "4 network.cidr",
                        "5 network.availabilityZones[1]",
                        "7 database.instanceClas",
                        "8 database.storageGb",
                        "14 loadBalancer.rules[1].target",
                        "14 loadBalancer.rules[1].host",
                        "14 loadBalancer.rules[1].priority"),
                problems.stream().map(p -> p.line() + " " + p.path()).toList());
        assertEquals(file + ":8: database.storageGb: expected a whole number, got \"twenty\"",
                problems.get(3).toString());
        assertEquals("unknown key 'instanceClas'; did you mean 'instanceClass'?", problems.get(2).message());
        assertTrue(problems.get(1).message().contains("us-east-1a is not in region ap-northeast-1"));
        assertTrue(problems.get(4).message().contains("unknown target 'web'; the targets are app"));
        assertTrue(problems.get(5).message().contains("loadBalancer.rules[0].host on line 13"));
        assertTrue(problems.get(6).message().contains("loadBalancer.rules[0].priority on line 13"));
    }

    @Test
    void exceptionMessageIsOneLinePerProblem() throws IOException {
        Path file = write(dir, "bad.yaml", "stack: X\nregion: mars\n");
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(file));
        assertEquals(2, e.problems().size());
        assertEquals(e.problems().get(0) + "\n" + e.problems().get(1), e.getMessage());
    }

    @Test
    void suggestsTheNearestKnownKey() throws IOException {
        List<ConfigProblem> problems = problemsOf(write(dir, "c.yaml", """
                Stack: x1
                netwrok: {}
                instance:
                  volume: 30
                """));
        assertEquals(List.of(
                        "unknown key 'Stack'; did you mean 'stack'?",
                        "unknown key 'netwrok'; did you mean 'network'?",
                        "unknown key 'volume'; did you mean 'volumeGb'?"),
                problems.stream().map(ConfigProblem::message).toList(),
                "a misspelt required key is one problem, not also 'stack: required'");
    }

    @Test
    void aSectionKeyAtTheTopIsAnIndentationSlip() throws IOException {
        ConfigProblem p = problemsOf(write(dir, "c.yaml", "stack: x1\nengine: valkey\n")).get(0);
        assertEquals("unknown key 'engine'; it belongs under 'database' or 'cache' (check the indentation)",
                p.message());
    }

    @Test
    void duplicateKeysAreReportedWhereverTheyAre() throws IOException {
        List<ConfigProblem> problems = problemsOf(write(dir, "c.yaml", """
                stack: x1
                network:
                  cidr: 10.0.0.0/16
                  cidr: 10.1.0.0/16
                loadBalancer:
                  targets:
                    app: {port: 3000, port: 3001}
                stack: x2
                """));
        assertEquals(List.of(
                        "4 network.cidr duplicate key 'cidr'; it is already set on line 3",
                        "7 loadBalancer.targets.app.port duplicate key 'port'; it is already set on line 7",
                        "8 stack duplicate key 'stack'; it is already set on line 1"),
                problems.stream().map(p -> p.line() + " " + p.path() + " " + p.message()).toList());
    }

    @Test
    void aConfigInAnotherRegionMustNameItsZones() throws IOException {
        ConfigProblem p = problemsOf(write(dir, "c.yaml", "stack: x1\nregion: eu-west-1\n")).get(0);
        assertEquals("network.availabilityZones", p.path());
        assertTrue(p.message().contains("[eu-west-1a, eu-west-1b]"), p.message());
    }

    @Test
    void missingFile() {
        assertSingleFileProblem(dir.resolve("nope.yaml"), 0, "no such file");
    }

    @Test
    void folderInsteadOfFile() {
        assertSingleFileProblem(dir, 0, "is a folder");
    }

    @Test
    void emptyFile() {
        assertSingleFileProblem(write(dir, "empty.yaml", ""), 0, "the file is empty");
    }

    @Test
    void hugeFileIsRefusedBeforeParsing() {
        // A valid config followed by a long comment: only the size check can reject it.
        StringBuilder text = new StringBuilder(ConfigFiles.seedText());
        String comment = "# " + "padding ".repeat(16) + "\n";
        while (text.length() <= ConfigLoader.MAX_BYTES) {
            text.append(comment);
        }
        Path file = write(dir, "huge.yaml", text.toString());
        ConfigProblem p = assertSingleFileProblem(file, 0, "over 1 MiB");
        assertTrue(p.message().contains(String.valueOf(text.length())), p.message());
    }

    @Test
    void randomBytesAreOneProblemNotACrash() throws IOException {
        java.util.Random random = new java.util.Random(42);
        for (int i = 0; i < 20; i++) {
            byte[] junk = new byte[64 + random.nextInt(2048)];
            random.nextBytes(junk);
            Path file = Files.write(dir.resolve("junk" + i + ".bin"), junk);
            assertEquals(1, problemsOf(file).size());
        }
    }

    private static ConfigProblem assertSingleFileProblem(Path file, int line, String text) {
        List<ConfigProblem> problems = problemsOf(file);
        assertEquals(1, problems.size(), problems.toString());
        ConfigProblem p = problems.get(0);
        assertEquals(line, p.line());
        assertEquals("", p.path());
        assertTrue(p.message().contains(text), p.message());
        assertEquals(file + ":" + line + ": " + p.message(), p.toString());
        return p;
    }
}
