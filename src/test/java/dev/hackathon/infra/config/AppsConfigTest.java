package dev.hackathon.infra.config;

import static dev.hackathon.infra.config.ConfigFiles.problemsOf;
import static dev.hackathon.infra.config.ConfigFiles.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hackathon.infra.config.StackConfig.App;
import dev.hackathon.infra.config.StackConfig.App.Runtime;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code apps} section read back; its refusals are in the bad-config corpus (app-*.yaml). */
class AppsConfigTest {

    @TempDir
    Path dir;

    @Test
    void appsAreReadInFileOrderWithTheirFoldersResolvedNextToTheConfig() throws Exception {
        Files.createDirectories(dir.resolve("api"));
        Files.createDirectories(dir.resolve("web"));
        Path configDir = Files.createDirectories(dir.resolve("config"));
        Path file = write(configDir, "hackathon.yaml", """
                stack: t1
                apps:
                  app: {source: ../web, runtime: nextjs}
                  api:
                    source: ../api
                    runtime: laravel
                """);

        StackConfig c = ConfigLoader.load(file);

        assertEquals(List.of("app", "api"), List.copyOf(c.apps().keySet()));
        assertEquals(new App(dir.resolve("web").toAbsolutePath(), Runtime.nextjs, List.of(), null), c.apps().get("app"));
        assertEquals(new App(dir.resolve("api").toAbsolutePath(), Runtime.laravel, List.of(), null), c.apps().get("api"));
    }

    @Test
    void aCommandAppKeepsItsBuildStepsInOrderAndItsStart() throws Exception {
        Files.createDirectories(dir.resolve("svc"));
        Path file = write(dir, "c.yaml", """
                stack: t1
                loadBalancer:
                  targets: {svc: {port: 8080, healthCheckPath: /healthz}}
                  rules: [{host: svc.example.com, target: svc, priority: 1}]
                apps:
                  svc:
                    source: svc
                    runtime: command
                    build: [go build -o server ., "chmod +x server"]
                    start: ./server --port "$PORT"
                """);

        App svc = ConfigLoader.load(file).apps().get("svc");

        assertEquals(Runtime.command, svc.runtime());
        assertEquals(List.of("go build -o server .", "chmod +x server"), svc.build());
        assertEquals("./server --port \"$PORT\"", svc.start());
    }

    @Test
    void aCommandAppNeedsNoBuildSteps() throws Exception {
        Path file = write(dir, "c.yaml", """
                stack: t1
                apps:
                  app: {source: ., runtime: command, start: python3 -m http.server "$PORT"}
                """);

        assertEquals(List.of(), ConfigLoader.load(file).apps().get("app").build());
    }

    @Test
    void withoutAppsTheConfigIsValidAsBefore() throws Exception {
        assertEquals(Map.of(), ConfigLoader.load(ConfigFiles.SEED).apps());
        assertEquals(Map.of(), ConfigLoader.load(write(dir, "e.yaml", "stack: t1\napps: {}\n")).apps());
    }

    @Test
    void everyAppProblemIsReportedAtOnce() {
        Path file = write(dir, "bad.yaml", """
                stack: t1
                apps:
                  api: {source: ./nowhere, runtime: laravel}
                  app: {source: ., runtime: next}
                  web: {source: ., runtime: nextjs}
                """);

        List<ConfigProblem> problems = problemsOf(file);

        assertEquals(List.of(3, 4, 5), problems.stream().map(ConfigProblem::line).toList(), problems.toString());
        assertTrue(problems.get(0).message().startsWith("no folder at " + dir.resolve("nowhere")), problems.toString());
        assertTrue(problems.get(1).message().contains("did you mean 'nextjs'?"), problems.toString());
        assertTrue(problems.get(2).message().contains("no target 'web'"), problems.toString());
    }
}
