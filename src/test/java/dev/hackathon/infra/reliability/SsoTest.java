package dev.hackathon.infra.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import dev.hackathon.infra.testing.MotoServer;
import dev.hackathon.infra.testing.TestCli;
import dev.hackathon.infra.testing.TestCli.Result;
import dev.hackathon.infra.testing.WithMoto;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.utils.UserHomeDirectoryUtils;

/**
 * SSO end to end through the SDK's own credential provider, as after {@code aws sso login}:
 * an {@code sso-session} profile in a config file, the session's cached token, and the SSO
 * portal's {@code GET /federation/credentials} answered by a stub on 127.0.0.1. With a valid
 * token the real CLI gets role credentials from the portal and signs its calls to moto with
 * them; with an expired one it exits 4 at once and names {@code aws sso login --profile X}.
 *
 * <p>The tool reads the config file that AWS_CONFIG_FILE in its (injected) environment names;
 * the SDK's SSO client takes the portal's endpoint from the {@code aws.endpointUrlSso} system
 * property (set here, restored after). The token cache has no such switch: the SDK reads
 * {@code $HOME/.aws/sso/cache/<sha1 of the session name>.json} ($HOME from the real
 * environment), so the token goes there under a session name unique to this run and is
 * removed afterwards, with any folder this test had to create.
 */
@WithMoto
class SsoTest {

    private static final String PROFILE = "hackathon-sso-test";
    private static final String ACCOUNT = "111122223333";
    private static final String ROLE = "HackathonDeveloper";
    private static final String ACCESS_KEY = "ASIAHACKATHONSSOTEST";
    private static final String ENDPOINT_PROPERTY = "aws.endpointUrlSso";

    @TempDir
    Path dir;

    private final String session = "hackathon-infra-test-" + UUID.randomUUID();
    private final String token = "sso-token-" + UUID.randomUUID();
    private String savedEndpoint;
    private Path config;
    private Path credentials;
    private final List<Path> created = new ArrayList<>();
    private final List<String> portalRequests = Collections.synchronizedList(new ArrayList<>());
    private HttpServer portal;
    private Path tokenFile;

    @BeforeEach
    void portalAndProfile() throws Exception {
        portal = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 8);
        portal.createContext("/federation/credentials", this::federationCredentials);
        portal.start();

        config = Files.writeString(dir.resolve("config"), String.join("\n",
                "[profile " + PROFILE + "]",
                "sso_session = " + session,
                "sso_account_id = " + ACCOUNT,
                "sso_role_name = " + ROLE,
                "region = ap-northeast-1",
                "",
                "[sso-session " + session + "]",
                "sso_region = us-east-1",
                "sso_start_url = https://hackathon.awsapps.com/start",
                "sso_registration_scopes = sso:account:access",
                ""));
        credentials = Files.writeString(dir.resolve("credentials"), "");
        savedEndpoint = System.getProperty(ENDPOINT_PROPERTY);
        System.setProperty(ENDPOINT_PROPERTY, "http://127.0.0.1:" + portal.getAddress().getPort());

        Path cache = Path.of(UserHomeDirectoryUtils.userHomeDirectory(), ".aws", "sso", "cache");
        for (Path p = cache; p != null && !Files.exists(p); p = p.getParent()) {
            created.add(0, p);
        }
        Files.createDirectories(cache);
        tokenFile = cache.resolve(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1")
                .digest(session.getBytes(StandardCharsets.UTF_8))) + ".json");
    }

    @AfterEach
    void restore() throws IOException {
        portal.stop(0);
        if (savedEndpoint == null) {
            System.clearProperty(ENDPOINT_PROPERTY);
        } else {
            System.setProperty(ENDPOINT_PROPERTY, savedEndpoint);
        }
        Files.deleteIfExists(tokenFile);
        for (int i = created.size() - 1; i >= 0; i--) {
            Files.deleteIfExists(created.get(i)); // only folders this test made, and only if empty
        }
    }

    @Test
    void aValidSsoTokenGetsRoleCredentialsFromThePortalAndTheCliUsesThem(MotoServer moto) throws IOException {
        writeToken(Instant.now().plusSeconds(3600));
        Signatures signatures = new Signatures();
        TestCli cli = cli(moto).intercept(signatures);

        Result status = cli.run("status", "--profile", PROFILE, "--config",
                TestCli.seedConfig(dir, "sso").toString());

        assertEquals(3, status.exit(), () -> "status of a stack not built yet: " + status);
        assertTrue(status.out().contains("Stack sso (ap-northeast-1)"), status::toString);
        assertEquals(1, portalRequests.size(), "one portal call: " + portalRequests);
        assertEquals(java.util.Set.of("account_id=" + ACCOUNT, "role_name=" + ROLE),
                java.util.Set.of(portalRequests.get(0).split("&")));
        assertFalse(signatures.all.isEmpty());
        assertTrue(signatures.all.stream().allMatch(a -> a.contains("Credential=" + ACCESS_KEY + "/")),
                () -> "every call signed with the portal's role credentials: " + signatures.all);
    }

    @Test
    void anExpiredSsoTokenExits4AtOnceNamingTheLoginCommand(MotoServer moto) throws IOException {
        writeToken(Instant.now().minusSeconds(60));
        TestCli cli = cli(moto);

        long t0 = System.nanoTime();
        Result status = cli.run("status", "--profile", PROFILE, "--config", TestCli.seedConfig(dir, "sso").toString());
        long millis = (System.nanoTime() - t0) / 1_000_000;

        assertEquals(4, status.exit(), status::toString);
        assertTrue(status.err().contains("aws sso login --profile " + PROFILE), status::toString);
        assertEquals("", status.out());
        assertTrue(millis < 2_000, "took " + millis + " ms");
        System.err.println("expired SSO token: exit 4 after " + millis + " ms");
        assertEquals(List.of(), portalRequests, "an expired token is not even offered to the portal");
        assertEquals(List.of(), cli.calls.calls(), "no AWS call");
    }

    /** The real CLI with the SDK's own profile and SSO credential providers, reading our config file. */
    private TestCli cli(MotoServer moto) {
        TestCli cli = new TestCli(moto).profileCredentials();
        cli.env.put("AWS_CONFIG_FILE", config.toString());
        cli.env.put("AWS_SHARED_CREDENTIALS_FILE", credentials.toString());
        return cli;
    }

    /** The cached token as `aws sso login` leaves it for an sso-session (no refresh token). */
    private void writeToken(Instant expiresAt) throws IOException {
        Files.writeString(tokenFile, "{\"accessToken\":\"" + token + "\",\"expiresAt\":\"" + expiresAt
                + "\",\"region\":\"us-east-1\",\"startUrl\":\"https://hackathon.awsapps.com/start\"}");
    }

    /** The portal: role credentials for the cached token, 401 otherwise. */
    private void federationCredentials(HttpExchange x) throws IOException {
        portalRequests.add(x.getRequestURI().getRawQuery());
        boolean ok = "GET".equals(x.getRequestMethod()) && token.equals(x.getRequestHeaders().getFirst("x-amz-sso_bearer_token"));
        String body = ok
                ? "{\"roleCredentials\":{\"accessKeyId\":\"" + ACCESS_KEY + "\",\"secretAccessKey\":\"sso-secret\","
                + "\"sessionToken\":\"sso-session-token\",\"expiration\":" + Instant.now().plusSeconds(3600).toEpochMilli() + "}}"
                : "{\"message\":\"Session token not found or invalid\"}";
        x.getResponseHeaders().add("Content-Type", "application/json");
        if (!ok) {
            x.getResponseHeaders().add("x-amzn-ErrorType", "UnauthorizedException");
        }
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        x.sendResponseHeaders(ok ? 200 : 401, bytes.length);
        try (OutputStream out = x.getResponseBody()) {
            out.write(bytes);
        }
    }

    /** The Authorization header of every request sent to AWS (moto). */
    private static final class Signatures implements ExecutionInterceptor {
        final List<String> all = Collections.synchronizedList(new ArrayList<>());

        @Override
        public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
            all.add(context.httpRequest().firstMatchingHeader("Authorization").orElse("(unsigned)"));
        }
    }
}
