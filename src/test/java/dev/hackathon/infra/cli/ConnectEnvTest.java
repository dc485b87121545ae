package dev.hackathon.infra.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import dev.hackathon.infra.aws.AwsSession;
import dev.hackathon.infra.resources.compute.PolicyDocuments;
import dev.hackathon.infra.testing.FaultInjector;
import dev.hackathon.infra.testing.MotoExtension;
import dev.hackathon.infra.testing.MotoServer;
import dev.hackathon.infra.testing.RecordingInterceptor;
import dev.hackathon.infra.testing.TestCli;
import dev.hackathon.infra.testing.TestCli.Result;
import dev.hackathon.infra.testing.WithMoto;
import software.amazon.awssdk.services.elasticache.model.ReplicationGroup;
import software.amazon.awssdk.services.rds.model.DBInstance;

/**
 * Issue 15's way in and settings, through the real command line on the whole seed stack in
 * moto: {@code connect}, {@code connect db} and {@code connect cache} run a stand-in {@code aws}
 * (found on the PATH the CLI is given, never the JVM's) that records its arguments; {@code env}
 * gives every key from what exists, the password only with {@code --reveal}; and the role's
 * statement on the database secret is read back from IAM.
 */
@WithMoto
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConnectEnvTest {

    private static final String STACK = "ce";

    private TestCli cli;
    private Path config;
    private Path bin;
    private Path recorded;
    private AwsSession aws;
    private DBInstance db;
    private ReplicationGroup cache;
    private String instanceId;

    @BeforeAll
    void upOnce(MotoServer moto, @TempDir Path dir) throws Exception {
        cli = new TestCli(moto);
        config = TestCli.seedConfig(dir, STACK);
        aws = MotoExtension.session(moto, new RecordingInterceptor(), new FaultInjector());
        Result up = cli.run("--config", config.toString(), "up");
        assertEquals(0, up.exit(), up::toString);
        db = aws.rds().describeDBInstances().dbInstances().stream()
                .filter(d -> d.dbInstanceIdentifier().startsWith(STACK + "-")).findFirst().orElseThrow();
        cache = aws.elasticache().describeReplicationGroups().replicationGroups().stream()
                .filter(g -> g.replicationGroupId().startsWith(STACK + "-")).findFirst().orElseThrow();
        instanceId = CliContractTest.oneJsonDocument(cli.run("--config", config.toString(), "status", "--output", "json").out())
                .get("outputs").get("instance.id").asText();
        bin = Files.createDirectories(dir.resolve("bin"));
        recorded = dir.resolve("aws-args");
        // Stand-ins: aws records one argument per line and exits 7 (so the exit code is seen to pass through).
        script(bin.resolve("aws"), "#!/bin/sh\nfor a in \"$@\"; do printf '%s\\n' \"$a\"; done > \"$RECORD\"\nexit 7\n");
        script(bin.resolve("session-manager-plugin"), "#!/bin/sh\nexit 0\n");
    }

    @AfterAll
    void close() {
        aws.close();
    }

    @BeforeEach
    void freshRecord() throws Exception {
        Files.deleteIfExists(recorded);
        cli.env.put("PATH", bin.toString());
        cli.env.put("RECORD", recorded.toString());
    }

    @Test
    void connectOpensAShellOnTheInstanceWithTheToolsRegionAndEndpoint() throws Exception {
        Result r = cli.run("--config", config.toString(), "connect");
        assertEquals(7, r.exit(), r::toString);
        assertEquals(List.of("ssm", "start-session", "--target", instanceId, "--region", "ap-northeast-1",
                "--endpoint-url", MotoServer.get().endpoint().toString()), Files.readAllLines(recorded));
    }

    @Test
    void connectDbForwardsALocalPortToTheDatabaseAndSaysWhereThePasswordIs() throws Exception {
        Result r = cli.run("--config", config.toString(), "connect", "db");
        assertEquals(7, r.exit(), r::toString);
        List<String> args = Files.readAllLines(recorded);
        assertEquals(List.of("ssm", "start-session", "--target", instanceId, "--document-name",
                "AWS-StartPortForwardingSessionToRemoteHost", "--parameters"), args.subList(0, 7));
        JsonNode params = new ObjectMapper().readTree(args.get(7));
        assertEquals(db.endpoint().address(), params.get("host").get(0).asText());
        assertEquals(String.valueOf(db.endpoint().port()), params.get("portNumber").get(0).asText());
        assertEquals("5432", params.get("localPortNumber").get(0).asText());
        assertTrue(r.out().contains("psql \"host=localhost port=5432 dbname=app user=app sslmode=require\""), r::toString);
        assertTrue(r.out().contains("hackathon-infra env --reveal"), r::toString);
        String password = password();
        assertFalse(String.join(" ", args).contains(password), "the password is never on a command line");
        assertFalse(r.out().contains(password) || r.err().contains(password));
    }

    @Test
    void connectCacheForwardsTheChosenLocalPortWithTlsFlags() throws Exception {
        Result r = cli.run("--config", config.toString(), "connect", "cache", "--local-port", "16379");
        assertEquals(7, r.exit(), r::toString);
        List<String> args = Files.readAllLines(recorded);
        JsonNode params = new ObjectMapper().readTree(args.get(args.indexOf("--parameters") + 1));
        String host = cache.nodeGroups().get(0).primaryEndpoint().address();
        assertEquals(host, params.get("host").get(0).asText());
        assertEquals("16379", params.get("localPortNumber").get(0).asText());
        assertEquals(String.valueOf(cache.nodeGroups().get(0).primaryEndpoint().port()), params.get("portNumber").get(0).asText());
        assertTrue(r.out().contains("redis-cli -h localhost -p 16379 --tls --sni " + host + " --insecure"), r::toString);
    }

    @Test
    void aMissingPluginOrCliIsNamedWithHowToInstallItAndNoAwsCall() throws Exception {
        Path onlyAws = Files.createDirectories(bin.resolveSibling("only-aws"));
        Files.copy(bin.resolve("aws"), onlyAws.resolve("aws"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        cli.env.put("PATH", onlyAws.toString());
        int sessions = cli.sessionsOpened.get();
        Result r = cli.run("--config", config.toString(), "connect", "db");
        assertEquals(1, r.exit(), r::toString);
        assertTrue(r.err().contains("connect needs session-manager-plugin, not found on PATH"), r::toString);
        assertTrue(r.err().contains("session-manager-plugin: install the Session Manager plugin: https://"), r::toString);
        assertFalse(r.err().contains("Exception"), r::toString);
        assertFalse(Files.exists(recorded), "nothing was run");
        assertEquals(sessions, cli.sessionsOpened.get(), "no AWS session opened");

        cli.env.put("PATH", bin.resolveSibling("nothing").toString());
        Result none = cli.run("--config", config.toString(), "connect");
        assertEquals(1, none.exit(), none::toString);
        assertTrue(none.err().contains("connect needs aws and session-manager-plugin"), none::toString);
        assertTrue(none.err().contains("aws: install the AWS CLI v2: https://"), none::toString);
    }

    @Test
    void envGivesEveryKeyFromWhatExistsAndThePasswordOnlyWhenRevealed() throws Exception {
        Result r = cli.run("--config", config.toString(), "env");
        assertEquals(0, r.exit(), r::toString);
        Map<String, String> env = dotenv(r.out());
        Map<String, String> want = new LinkedHashMap<>();
        want.put("DB_CONNECTION", "pgsql");
        want.put("DB_HOST", db.endpoint().address());
        want.put("DB_PORT", String.valueOf(db.endpoint().port()));
        want.put("DB_DATABASE", "app");
        want.put("DB_USERNAME", "app");
        want.put("DB_SECRET_ARN", db.masterUserSecret().secretArn());
        want.put("REDIS_CLIENT", "predis");
        want.put("REDIS_HOST", cache.nodeGroups().get(0).primaryEndpoint().address());
        want.put("REDIS_PORT", String.valueOf(cache.nodeGroups().get(0).primaryEndpoint().port()));
        want.put("REDIS_SCHEME", "tls");
        want.put("APP_URL", "http://api.example.com"); // no certificate in the seed: HTTP until there is one
        want.put("SESSION_DOMAIN", ".example.com");
        want.put("SESSION_SECURE_COOKIE", "false");
        want.put("SANCTUM_STATEFUL_DOMAINS", "example.com");
        want.put("TRUSTED_PROXIES", "10.0.0.0/16");
        want.put("AWS_DEFAULT_REGION", "ap-northeast-1");
        want.put("BEDROCK_REGION", "us-east-1");
        want.put("BEDROCK_MODEL_ID", "anthropic.claude-3-haiku-20240307-v1:0");
        want.put("BEDROCK_MODEL_IDS", "anthropic.claude-3-haiku-20240307-v1:0");
        want.put("NEXT_PUBLIC_API_URL", "http://api.example.com");
        assertEquals(want, env);
        String password = password();
        assertFalse(r.out().contains(password) || r.err().contains(password), "no password unless --reveal");
        assertTrue(r.err().contains("env --reveal"), r::toString);

        Result revealed = cli.run("--config", config.toString(), "env", "--reveal", "--format", "shell");
        assertEquals(0, revealed.exit(), revealed::toString);
        assertTrue(revealed.out().lines().allMatch(l -> l.startsWith("export ")), revealed::toString);
        String line = revealed.out().lines().filter(l -> l.startsWith("export DB_PASSWORD=")).findFirst().orElseThrow();
        assertEquals(password, shellValue(line.substring("export DB_PASSWORD=".length())));

        JsonContract contract = new JsonContract();
        Result json = cli.run("--config", config.toString(), "env", "--reveal", "--output", "json");
        JsonNode doc = CliContractTest.oneJsonDocument(json.out());
        contract.check("env", doc);
        contract.assertAllSeen("env");
        assertTrue(doc.get("revealed").asBoolean());
        assertEquals(password, doc.get("laravel").get("DB_PASSWORD").asText());
        assertTrue(doc.get("missing").isEmpty());
        assertEquals("http://api.example.com", doc.get("nextjs").get("NEXT_PUBLIC_API_URL").asText());
    }

    @Test
    void theRoleMayReadExactlyTheDatabasesSecretAsIamSaysIt() throws Exception {
        String role = aws.iam().listRoles().roles().stream().filter(x -> x.roleName().startsWith(STACK + "-"))
                .findFirst().orElseThrow().roleName();
        String doc = aws.iam().getRolePolicy(r -> r.roleName(role).policyName("db-secret")).policyDocument();
        JsonNode policy = PolicyDocuments.canonical(PolicyDocuments.parse(doc));
        JsonNode statement = policy.get("Statement");
        assertTrue(statement.isObject(), "one statement: " + policy);
        assertEquals("Allow", statement.get("Effect").asText());
        assertEquals("secretsmanager:GetSecretValue", statement.get("Action").asText(), policy::toString);
        assertEquals(db.masterUserSecret().secretArn(), statement.get("Resource").asText(), policy::toString);
        assertFalse(statement.has("Condition") || statement.has("NotResource"));
        // status shows the statement as IAM has it.
        JsonNode status = CliContractTest.oneJsonDocument(cli.run("--config", config.toString(), "status", "--output", "json").out());
        assertEquals("secretsmanager:GetSecretValue on " + db.masterUserSecret().secretArn(),
                status.get("outputs").get("iam.policy.db-secret").asText(), status::toString);
    }

    private String password() throws Exception {
        String json = aws.secretsManager().getSecretValue(r -> r.secretId(db.masterUserSecret().secretArn())).secretString();
        return new ObjectMapper().readTree(json).get("password").asText();
    }

    /** KEY=value lines, values unquoted as dotenv reads them (single quotes literal). */
    private static Map<String, String> dotenv(String text) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            int eq = line.indexOf('=');
            String v = line.substring(eq + 1);
            if (v.startsWith("'") && v.endsWith("'") && v.length() >= 2) {
                v = v.substring(1, v.length() - 1);
            }
            out.put(line.substring(0, eq), v);
        }
        return out;
    }

    /** What a POSIX shell makes of a word of plain characters and single-quoted runs. */
    private static String shellValue(String word) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < word.length(); i++) {
            char c = word.charAt(i);
            if (c == '\'') {
                int end = word.indexOf('\'', i + 1);
                out.append(word, i + 1, end);
                i = end;
            } else if (c == '\\') {
                out.append(word.charAt(++i));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static void script(Path file, String text) throws Exception {
        Files.writeString(file, text);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
}
