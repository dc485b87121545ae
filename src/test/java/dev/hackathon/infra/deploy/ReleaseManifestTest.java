package dev.hackathon.infra.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hackathon.infra.config.ConfigLoader;
import dev.hackathon.infra.config.StackConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReleaseManifestTest {

    @TempDir
    Path dir;

    private StackConfig config() throws Exception {
        Files.createDirectories(dir.resolve("api"));
        Files.createDirectories(dir.resolve("svc"));
        Path file = dir.resolve("c.yaml");
        Files.writeString(file, """
                stack: t1
                region: eu-west-1
                network: {availabilityZones: [eu-west-1a, eu-west-1b]}
                loadBalancer:
                  targets:
                    api: {port: 80, healthCheckPath: /up}
                    svc: {port: 8080, healthCheckPath: /healthz}
                  rules: [{host: api.example.com, target: api, priority: 1}]
                apps:
                  api: {source: api, runtime: laravel}
                  svc: {source: svc, runtime: command, build: [make], start: ./server}
                """);
        return ConfigLoader.load(file);
    }

    @Test
    void anAppServesItsTargetsPortAndHealthCheckInTheStacksRegion() throws Exception {
        ReleaseManifest api = ReleaseManifest.of(config(), "api", Map.of("DB_HOST", "db"), List.of("/p/"));

        JsonNode json = new ObjectMapper().readTree(api.json());
        assertEquals(1, json.get("format").asInt());
        assertEquals("api", json.get("app").asText());
        assertEquals("laravel", json.get("runtime").asText());
        assertEquals(80, json.get("port").asInt());
        assertEquals("/up", json.get("healthCheckPath").asText());
        assertEquals("eu-west-1", json.get("region").asText());
        assertEquals("/p/", json.get("secretsPaths").get(0).asText());
        assertEquals("db", json.get("settings").get("DB_HOST").asText());
        assertTrue(json.get("build") == null && json.get("start") == null, "only a command app has them");
    }

    @Test
    void aCommandAppCarriesItsBuildAndStart() throws Exception {
        JsonNode json = new ObjectMapper().readTree(ReleaseManifest.of(config(), "svc", Map.of(), List.of()).json());

        assertEquals("make", json.get("build").get(0).asText());
        assertEquals("./server", json.get("start").asText());
        assertEquals(8080, json.get("port").asInt());
    }

    @Test
    void theSameManifestIsTheSameBytesAndNoSecretGetsIn() throws Exception {
        StackConfig c = config();
        assertEquals(ReleaseManifest.of(c, "api", Map.of("A", "1"), List.of()).json(),
                ReleaseManifest.of(c, "api", Map.of("A", "1"), List.of()).json());
        assertThrows(IllegalArgumentException.class, () -> ReleaseManifest.of(c, "api", Map.of("APP_KEY", "k"), List.of()));
        assertThrows(IllegalArgumentException.class, () -> ReleaseManifest.of(c, "web", Map.of(), List.of()));
    }

    @Test
    void aLaravelAppKeyIsWhatKeyGenerateMakes() {
        String key = LaravelAppKey.generate(new SecureRandom());

        assertTrue(key.startsWith("base64:"), key);
        assertEquals(32, Base64.getDecoder().decode(key.substring("base64:".length())).length);
        assertTrue(!key.equals(LaravelAppKey.generate(new SecureRandom())));
    }
}
