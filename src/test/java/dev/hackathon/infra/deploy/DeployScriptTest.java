package dev.hackathon.infra.deploy;

import static dev.hackathon.infra.deploy.InstanceRoot.laravelApp;
import static dev.hackathon.infra.deploy.InstanceRoot.nextApp;
import static dev.hackathon.infra.deploy.InstanceRoot.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hackathon.infra.deploy.InstanceRoot.Result;
import dev.hackathon.infra.output.EnvFormat;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The on-instance script, run for real with bash against a temporary root, the system's tools replaced by
 * stand-ins that record their calls ({@link InstanceRoot}).
 */
class DeployScriptTest extends OnAnInstance {

    /** Two releases deployed, the second current. */
    private List<Packager.Release> twoDeployed() throws Exception {
        Packager.Release v1 = laravel("v1");
        Packager.Release v2 = laravel("v2");
        deployed(instance.deploy(v1));
        deployed(instance.deploy(v2));
        return List.of(v1, v2);
    }

    private Path api() {
        return instance.app("api");
    }

    private String current(String app) throws IOException {
        return Files.readSymbolicLink(instance.app(app).resolve("current")).toString();
    }

    private static void deployed(Result r) {
        assertEquals(0, r.exit(), r.output());
    }

    @Test
    void aFirstDeployInstallsTheRuntimeBuildsMigratesSwitchesAndAnswers() throws Exception {
        Packager.Release v1 = laravel("v1");

        Result r = instance.deploy(v1, "--message", "first", "--by", "alice");

        deployed(r);
        String id = v1.shortId();
        assertEquals("## api done: releases/" + id + " is current (" + r.last().replaceAll(".*\\((\\d+ s)\\)$", "$1") + ")",
                r.last());
        List<String> calls = instance.calls();
        assertTrue(calls.stream().anyMatch(c -> c.startsWith("dnf install -y php8.3 php8.3-fpm")), calls.toString());
        List<String> order = calls.stream().filter(c -> c.matches("(composer|php artisan|systemctl reload|curl).*"))
                .map(c -> c.replaceAll(" --.*| -fsS.*", "")).toList();
        assertEquals(List.of("composer install", "php artisan storage:link", "php artisan optimize",
                "php artisan migrate", "systemctl reload nginx.service", "systemctl reload-or-restart php-fpm.service",
                "php artisan queue:restart", "curl"), order);
        assertTrue(calls.contains("composer install --no-dev -o --no-interaction --no-progress --prefer-dist"), calls.toString());
        assertTrue(calls.contains("php artisan migrate --force"), calls.toString());
        assertTrue(calls.contains("curl -fsS -o /dev/null --max-time 5 http://127.0.0.1:80/up"), calls.toString());
        // Builds run as the app's user, never as root.
        assertTrue(calls.stream().filter(c -> c.startsWith("runuser")).count() >= 4, calls.toString());
        String log = Files.readString(api().resolve(".hackathon-infra/log.jsonl"));
        assertTrue(log.contains("\"event\": \"deploy\", \"release\": \"" + id + "\", \"by\": \"alice\", \"message\": \"first\""), log);
    }

    @Test
    void theReleaseLayoutIsDeployersWithEverySecretInMemory() throws Exception {
        Packager.Release v1 = laravel("v1");
        deployed(instance.deploy(v1));

        String id = v1.shortId();
        Path release = api().resolve("releases/" + id);
        Path memory = instance.run("api").resolve("releases/" + id);
        assertEquals("releases/" + id, current("api"));
        assertEquals("v1\n", Files.readString(api().resolve("current/VERSION")));
        assertEquals(Path.of("../../shared/storage"), Files.readSymbolicLink(release.resolve("storage")));
        assertEquals(memory.resolve(".env"), Files.readSymbolicLink(release.resolve(".env")));
        assertEquals(memory.resolve("cache"), Files.readSymbolicLink(release.resolve("bootstrap/cache")));
        assertEquals(instance.run("api").resolve("current/.env"), Files.readSymbolicLink(api().resolve("shared/.env")));
        for (String d : List.of("app/public", "framework/cache/data", "framework/sessions", "framework/views", "logs")) {
            assertTrue(Files.isDirectory(api().resolve("shared/storage/" + d)), d);
        }
        assertTrue(Files.isRegularFile(release.resolve("vendor/autoload.php")), "composer ran in the release");
        assertEquals(v1.id() + "\n", Files.readString(release.resolve(".hackathon-infra/built")));
        assertTrue(Files.isRegularFile(instance.root.resolve("usr/local/sbin/hackathon-deploy")), "installed itself");

        String nginx = Files.readString(instance.root.resolve("etc/nginx/conf.d/hi-api.conf"));
        assertTrue(nginx.contains("listen 80 default_server;"), nginx);
        assertTrue(nginx.contains("root " + api() + "/current/public;"), nginx);
        assertTrue(nginx.contains("fastcgi_param SCRIPT_FILENAME $realpath_root$fastcgi_script_name;"), nginx);
        assertTrue(nginx.contains("fastcgi_param DOCUMENT_ROOT $realpath_root;"), nginx);
        String pool = Files.readString(instance.root.resolve("etc/php-fpm.d/hi-api.conf"));
        assertTrue(pool.contains("[hi-api]") && pool.contains("listen = " + instance.root + "/run/php-fpm/hi-api.sock"), pool);
        String worker = Files.readString(instance.root.resolve("etc/systemd/system/hi-api-queue.service"));
        assertTrue(worker.contains("ExecStart=/usr/bin/php " + api() + "/current/artisan queue:work"), worker);
        assertTrue(Files.exists(instance.root.resolve("etc/systemd/system/hackathon-infra-refresh.timer")));
        assertTrue(instance.calls().contains("systemctl enable hi-api-env.service hackathon-infra-refresh.timer "
                + "hi-api-queue.service"), instance.calls().toString());
    }

    @Test
    void theEnvHoldsSettingsThePasswordAndTheSecretsQuotedAsEnvFormatQuotesThemAndNoSecretReachesTheDisk()
            throws Exception {
        Packager.Release v1 = laravel("v1");
        deployed(instance.deploy(v1));

        Map<String, String> expected = new LinkedHashMap<>(instance.laravelSettings());
        expected.put("LOG_CHANNEL", "errorlog");
        expected.put("DB_PASSWORD", "first-p4ss'word");
        expected.put("APP_KEY", "base64:c2VjcmV0LWFwcC1rZXktMzItYnl0ZXMtbG9uZyEhIQ==");
        expected.put("STRIPE_SECRET", "sk_live_$ecret \"x\"");
        Path memory = instance.run("api").resolve("releases/" + v1.shortId());
        // Laravel's phpdotenv reads back what the tool's EnvFormat writes; the script writes the same.
        assertEquals(EnvFormat.dotenv(expected), Files.readString(memory.resolve(".env")));
        String config = Files.readString(memory.resolve("cache/config.php"));
        assertTrue(config.contains("first-p4ss'word"), "the config cache, secrets and all, is in memory: " + config);

        List<String> secrets = List.of("first-p4ss", "c2VjcmV0LWFwcC1rZXkt", "sk_live_");
        List<Path> onDisk = filesHolding(instance.root, secrets).stream()
                .filter(f -> !f.startsWith(instance.root.resolve("run"))).toList();
        assertEquals(List.of(), onDisk, "secrets outside /run");
        assertEquals(List.of(), filesHolding(dir.resolve("fake").resolve("tmp"), secrets));
        assertTrue(Files.readString(api().resolve("current/.hackathon-infra/release.json")).contains("DB_SECRET_ARN"));
    }

    @Test
    void sharedStorageSurvivesTheNextDeploy() throws Exception {
        deployed(instance.deploy(laravel("v1")));
        write(api().resolve("current/storage/app/public/avatar.png"), "uploaded by a user");

        Packager.Release v2 = laravel("v2");
        deployed(instance.deploy(v2));

        assertEquals("releases/" + v2.shortId(), current("api"));
        assertEquals("v2\n", Files.readString(api().resolve("current/VERSION")));
        assertEquals("uploaded by a user", Files.readString(api().resolve("current/storage/app/public/avatar.png")));
    }

    @Test
    void fiveReleasesAreKeptWithTheirMemory() throws Exception {
        List<Packager.Release> releases = new ArrayList<>();
        for (int v = 1; v <= 6; v++) {
            Packager.Release r = laravel("v" + v);
            releases.add(r);
            deployed(instance.deploy(r));
        }

        List<String> kept = releases.subList(1, 6).stream().map(Packager.Release::shortId).sorted().toList();
        assertEquals(kept, list(api().resolve("releases")));
        assertEquals(kept, list(instance.run("api").resolve("releases")));
        assertEquals("releases/" + releases.get(5).shortId(), current("api"));
    }

    @Test
    void currentIsNeverMissingWhileItSwitches() throws Exception {
        List<Packager.Release> releases = twoDeployed();
        Packager.Release v1 = releases.get(0);
        Packager.Release v2 = releases.get(1);
        Path watcher = dir.resolve("watch-link.py");
        try (var in = DeployScriptTest.class.getResourceAsStream("watch-link.py")) {
            Files.write(watcher, in.readAllBytes());
        }
        Path stop = dir.resolve("stop");
        Path ready = dir.resolve("ready");
        Process watch = new ProcessBuilder("python3", watcher.toString(), api().resolve("current").toString(),
                stop.toString(), ready.toString()).redirectErrorStream(true).start();
        while (!Files.exists(ready) && watch.isAlive()) {
            Thread.onSpinWait();
        }

        deployed(instance.deploy(v1)); // built already: the switch and the reload
        // And the switch itself, many times over: the script sourced, its function called.
        Result many = instance.exec(List.of("bash", "-c", "source \"$1\"; for i in $(seq 300); do "
                + "switch_link \"$2\" releases/\"$3\"; switch_link \"$2\" releases/\"$4\"; done", "test",
                instance.script.toString(), api().resolve("current").toString(), v1.shortId(), v2.shortId()));
        Files.createFile(stop);

        assertEquals(0, many.exit(), many.output());
        String[] seenAndMissing = new String(watch.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip()
                .split(" ");
        assertEquals("0", seenAndMissing[1], "reads that found no current link, of " + seenAndMissing[0]);
        assertTrue(Long.parseLong(seenAndMissing[0]) > 1000, "the watcher read the link while it switched");
        assertEquals("releases/" + v2.shortId(), current("api")); // the loop's last switch
    }

    @Test
    void aFailingBuildStepLeavesCurrentWhereItWasAndNothingOfTheNewRelease() throws Exception {
        Packager.Release v1 = laravel("v1");
        deployed(instance.deploy(v1));
        instance.failOn("composer install");
        instance.forgetCalls();

        Packager.Release v2 = laravel("v2");
        Result r = instance.deploy(v2);

        assertEquals(1, r.exit(), r.output());
        assertEquals("## api FAILED build: composer install --no-dev -o exited 1", r.last());
        assertTrue(r.output().contains("composer: failing, as the test asked"), r.output());
        assertEquals("releases/" + v1.shortId(), current("api"));
        assertEquals(List.of(v1.shortId()), list(api().resolve("releases")));
        assertEquals(List.of(v1.shortId()), list(instance.run("api").resolve("releases")));
        assertTrue(instance.calls().stream().noneMatch(c -> c.startsWith("systemctl")), instance.calls().toString());
    }

    @Test
    void aFailedHealthCheckRollsBackByItself() throws Exception {
        Packager.Release v1 = laravel("v1");
        deployed(instance.deploy(v1));
        Path broken = laravelApp(dir.resolve("src-broken"), "v2");
        write(broken.resolve("unhealthy"), "the stand-in answers 500 while this release is current\n");
        Packager.Release v2 = instance.bundle(broken, instance.laravel("api", 80));
        instance.forgetCalls();

        Result r = instance.deploy(v2);

        assertEquals(3, r.exit(), r.output());
        assertEquals("## api FAILED rollback: releases/" + v2.shortId() + " failed its health check; rolled back to "
                + "releases/" + v1.shortId() + ", which answers", r.last());
        assertEquals("releases/" + v1.shortId(), current("api"));
        assertTrue(Files.exists(api().resolve("releases/" + v2.shortId() + "/.hackathon-infra/bad")));
        List<String> calls = instance.calls();
        long reloads = calls.stream().filter(c -> c.equals("systemctl reload-or-restart php-fpm.service")).count();
        assertEquals(2, reloads, "reloaded on the switch and on the way back: " + calls);
        assertTrue(r.output().contains("no healthy answer from http://127.0.0.1:80/up in 3 tries: curl: (22)"), r.output());
        // The previous release's settings and caches were made again (they live in memory).
        assertTrue(Files.isRegularFile(instance.run("api").resolve("releases/" + v1.shortId() + "/cache/config.php")));
    }

    @Test
    void aStepFailingAfterTheSwitchGoesBackToo() throws Exception {
        Packager.Release v1 = laravel("v1");
        deployed(instance.deploy(v1));
        instance.failOnce("systemctl reload-or-restart php-fpm.service");

        Packager.Release v2 = laravel("v2");
        Result r = instance.deploy(v2);

        assertEquals(3, r.exit(), r.output());
        assertEquals("## api FAILED rollback: reload failed after the switch: php-fpm reloaded exited 1; rolled back to "
                + "releases/" + v1.shortId() + ", which answers", r.last());
        assertEquals("releases/" + v1.shortId(), current("api"));
    }

    @Test
    void aHealthCheckFailingOnTheFirstReleaseHasNothingToGoBackTo() throws Exception {
        Path broken = laravelApp(dir.resolve("src-broken"), "v1");
        write(broken.resolve("unhealthy"), "\n");
        Packager.Release v1 = instance.bundle(broken, instance.laravel("api", 80));

        Result r = instance.deploy(v1);

        assertEquals(3, r.exit(), r.output());
        assertTrue(r.last().endsWith("there is no previous release to go back to, releases/" + v1.shortId()
                + " stays current"), r.last());
    }

    @Test
    void theSameReleaseAgainChangesNothing() throws Exception {
        Packager.Release v1 = laravel("v1");
        deployed(instance.deploy(v1));
        instance.forgetCalls();

        Result again = instance.deploy(instance.bundle(dir.resolve("src-v1"), instance.laravel("api", 80)));

        deployed(again);
        assertEquals("## api done: releases/" + v1.shortId() + " is current, as it was ("
                + again.last().replaceAll(".*\\((\\d+ s)\\)$", "$1") + ")", again.last());
        assertTrue(again.output().contains("## api services: nothing changed"), again.output());
        assertEquals(List.of(v1.shortId()), list(api().resolve("releases")));
        assertEquals("releases/" + v1.shortId(), current("api"));
        List<String> calls = instance.calls();
        assertTrue(calls.stream().noneMatch(c -> c.matches("(dnf|composer|npm|php artisan|systemctl).*")), calls.toString());
        assertEquals(List.of(v1.shortId()), Files.readAllLines(api().resolve(".hackathon-infra/history")));
    }

    @Test
    void aNewSecretValueOnTheSameReleaseIsPickedUpAndReloaded() throws Exception {
        Packager.Release v1 = laravel("v1");
        deployed(instance.deploy(v1));
        instance.parameters(Map.of("APP_KEY", "base64:bmV3LWtleQ==", "STRIPE_SECRET", "sk_live_rotated"));
        instance.forgetCalls();

        deployed(instance.deploy(v1));

        assertTrue(Files.readString(instance.run("api").resolve("current/.env")).contains("STRIPE_SECRET=sk_live_rotated"));
        assertTrue(Files.readString(instance.run("api").resolve("current/cache/config.php")).contains("sk_live_rotated"));
        assertTrue(instance.calls().contains("systemctl reload-or-restart php-fpm.service"), instance.calls().toString());
    }

    @Test
    void theDatabaseSecretsRotationReachesTheAppWithinOneRunOfTheTimer() throws Exception {
        Packager.Release v1 = laravel("v1");
        deployed(instance.deploy(v1));
        Path env = instance.run("api").resolve("current/.env");
        assertTrue(Files.readString(env).contains("first-p4ss"));
        instance.forgetCalls();

        Result unchanged = instance.installed("refresh");
        deployed(unchanged);
        assertEquals(List.of("aws secretsmanager get-secret-value --secret-id " + InstanceRoot.DB_SECRET_ARN
                + " --region ap-northeast-1 --output json"), instance.calls(), "same version: nothing else");

        instance.secret("v2", "rotated-s3cret");
        instance.forgetCalls();
        Result rotated = instance.installed("refresh");

        deployed(rotated);
        assertTrue(rotated.output().contains("## api refresh: the database secret has a new version"), rotated.output());
        assertTrue(Files.readString(env).contains("DB_PASSWORD=rotated-s3cret"), Files.readString(env));
        assertFalse(Files.readString(env).contains("first-p4ss"));
        Path config = instance.run("api").resolve("current/cache/config.php");
        assertTrue(Files.readString(config).contains("rotated-s3cret"), "the config cache holds the new password");
        List<String> calls = instance.calls();
        assertTrue(calls.contains("php artisan config:cache"), calls.toString());
        assertTrue(calls.indexOf("php artisan config:cache") < calls.indexOf("systemctl reload-or-restart php-fpm.service"),
                calls.toString());
        assertTrue(calls.contains("php artisan queue:restart"), calls.toString());
        assertEquals("v2\n", Files.readString(instance.run("api").resolve("db-secret-version")));

        instance.forgetCalls();
        deployed(instance.installed("refresh"));
        assertEquals(1, instance.calls().size(), "v2 is known now: " + instance.calls());
    }

    @Test
    void afterARebootPrepareMakesTheCurrentReleasesMemoryAgain() throws Exception {
        Packager.Release v1 = laravel("v1");
        deployed(instance.deploy(v1));
        deleteTree(instance.root.resolve("run")); // /run is memory: a reboot empties it
        instance.forgetCalls();

        deployed(instance.installed("prepare", "api"));

        Path memory = instance.run("api").resolve("releases/" + v1.shortId());
        assertTrue(Files.readString(memory.resolve(".env")).contains("DB_PASSWORD="));
        assertTrue(Files.isRegularFile(memory.resolve("cache/config.php")));
        assertEquals(Path.of("releases/" + v1.shortId()), Files.readSymbolicLink(instance.run("api").resolve("current")));
        assertTrue(instance.calls().contains("php artisan optimize"), instance.calls().toString());
        assertTrue(Files.readString(api().resolve("shared/.env")).contains("DB_PASSWORD="), "shared/.env reads again");

        instance.forgetCalls();
        deployed(instance.installed("prepare", "api"));
        assertEquals(List.of(), instance.calls(), "already there: nothing to do");
    }

    @Test
    void rollbackGoesToThePreviousReleaseAndMarksTheOtherBad() throws Exception {
        List<Packager.Release> releases = twoDeployed();
        Packager.Release v1 = releases.get(0);
        Packager.Release v2 = releases.get(1);

        Result r = instance.installed("rollback", "api", "--reason", "500s after the deploy");

        deployed(r);
        assertEquals("## api done: releases/" + v1.shortId() + " is current", r.last());
        assertEquals("releases/" + v1.shortId(), current("api"));
        assertTrue(Files.readString(api().resolve("releases/" + v2.shortId() + "/.hackathon-infra/bad"))
                .contains("500s after the deploy"));

        Result again = instance.installed("rollback", "api");
        assertEquals(1, again.exit(), again.output());
        assertTrue(again.last().contains("no earlier release of api to go back to"), again.last());

        deployed(instance.deploy(v2)); // deployed again on purpose: no longer bad
        assertEquals("releases/" + v2.shortId(), current("api"));
        assertFalse(Files.exists(api().resolve("releases/" + v2.shortId() + "/.hackathon-infra/bad")));
        assertTrue(instance.calls().stream().filter(c -> c.startsWith("composer")).count() == 2,
                "v2 was not built again: " + instance.calls());
    }

    @Test
    void laravelWithoutAnAppKeyIsNotDeployed() throws Exception {
        instance.parameters(Map.of("STRIPE_SECRET", "x"));

        Result r = instance.deploy(laravel("v1"));

        assertEquals(1, r.exit(), r.output());
        assertTrue(r.last().startsWith("## api FAILED env: APP_KEY is not set"), r.last());
        assertFalse(Files.exists(api().resolve("current")));
        assertEquals(List.of(), list(api().resolve("releases")));
    }

    @Test
    void secretsThatCannotBeReadStopTheDeployBeforeTheBuild() throws Exception {
        Files.delete(dir.resolve("fake/secret.json"));

        Result r = instance.deploy(laravel("v1"));

        assertEquals(1, r.exit(), r.output());
        assertTrue(r.output().contains("ResourceNotFoundException"), r.output());
        assertEquals("## api FAILED env: could not read the app's secrets (see above)", r.last());
        assertTrue(instance.calls().stream().noneMatch(c -> c.startsWith("composer")));
    }

    @Test
    void migrationsWaitForTheDatabaseAndCanBeSkipped() throws Exception {
        Map<String, String> noDatabase = new LinkedHashMap<>(instance.laravelSettings());
        noDatabase.put("DB_HOST", "");
        noDatabase.remove("DB_SECRET_ARN");
        ReleaseManifest early = new ReleaseManifest("api", dev.hackathon.infra.config.StackConfig.App.Runtime.laravel,
                80, "/up", InstanceRoot.REGION, List.of(InstanceRoot.SECRETS_PATH), noDatabase, null, null);

        Result r = instance.deploy(instance.bundle(laravelApp(dir.resolve("early"), "v1"), early));
        deployed(r);
        assertTrue(r.output().contains("## api migrate: skipped: no database yet"), r.output());
        assertTrue(r.output().contains("no database password (no DB_SECRET_ARN yet)"), r.output());

        Result noMigrate = instance.deploy(laravel("v2"), "--no-migrate");
        deployed(noMigrate);
        assertTrue(noMigrate.output().contains("## api migrate: skipped (--no-migrate)"), noMigrate.output());
        assertTrue(instance.calls().stream().noneMatch(c -> c.startsWith("php artisan migrate")), instance.calls().toString());

        instance.close(); // nothing listens on the database's port now
        Result down = instance.exec(List.of("env", "HI_DB_WAIT_TRIES=2", "bash", instance.script.toString(), "deploy",
                laravel("v3").archive().toString()));
        assertEquals(1, down.exit(), down.output());
        assertTrue(down.last().startsWith("## api FAILED migrate: the database at 127.0.0.1:"), down.last());
    }

    @Test
    void nextjsBuildsWithItsPublicSettingsAndRestartsItsService() throws Exception {
        Packager.Release v1 = instance.bundle(nextApp(dir.resolve("web1"), "v1"), instance.nextjs("app", 3000));
        deployed(instance.deploy(v1));

        Path release = instance.app("app").resolve("current");
        assertEquals("NEXT_PUBLIC_API_URL=https://api.example.com\n", Files.readString(release.resolve(".next/build-env")));
        List<String> calls = instance.calls();
        assertTrue(calls.contains("dnf install -y nodejs20 nodejs20-npm"), calls.toString());
        assertTrue(calls.contains("npm ci --no-audit --no-fund") && calls.contains("npm run build"), calls.toString());
        assertTrue(calls.contains("systemctl restart hi-app.service"), calls.toString());
        assertTrue(calls.stream().noneMatch(c -> c.startsWith("php") || c.startsWith("nginx")), calls.toString());
        String unit = Files.readString(instance.root.resolve("etc/systemd/system/hi-app.service"));
        assertTrue(unit.contains("EnvironmentFile=" + instance.run("app") + "/current/systemd.env"), unit);
        assertTrue(unit.contains("ExecStart=" + instance.root + "/usr/local/sbin/hackathon-deploy start app"), unit);
        String systemdEnv = Files.readString(instance.run("app").resolve("current/systemd.env"));
        assertTrue(systemdEnv.contains("STRIPE_SECRET='sk_live_$ecret \"x\"'"), systemdEnv);

        write(release.resolve(".next/cache/webpack/chunk"), "cached");
        instance.forgetCalls();
        deployed(instance.deploy(instance.bundle(nextApp(dir.resolve("web2"), "v2"), instance.nextjs("app", 3000))));
        assertEquals("cached", Files.readString(instance.app("app").resolve("current/.next/cache/webpack/chunk")),
                "the build cache came along");
        assertTrue(instance.calls().stream().noneMatch(c -> c.startsWith("dnf")), "Node.js is installed once");
    }

    @Test
    void aCommandAppRunsItsStepsInOrderAndItsFailingStepIsNamedLast() throws Exception {
        Path src = dir.resolve("svc");
        write(src.resolve("server.sh"), "echo serving on $PORT\n");
        ReleaseManifest ok = instance.command("svc", 8080,
                List.of("echo \"$GREETING\" > built.txt", "echo port $PORT >> built.txt"), "bash server.sh > started.txt");

        deployed(instance.deploy(instance.bundle(src, ok)));

        assertEquals("hello world\nport 8080\n", Files.readString(instance.app("svc").resolve("current/built.txt")));
        assertTrue(instance.calls().stream().noneMatch(c -> c.startsWith("dnf")), instance.calls().toString());

        Result start = instance.exec(List.of("env", "PORT=8080", "bash",
                instance.root.resolve("usr/local/sbin/hackathon-deploy").toString(), "start", "svc"));
        assertEquals(0, start.exit(), start.output());
        assertEquals("serving on 8080\n", Files.readString(instance.app("svc").resolve("current/started.txt")));

        ReleaseManifest failing = instance.command("svc", 8080, List.of("true", "exit 7", "echo never"), "true");
        Result r = instance.deploy(instance.bundle(src, failing));
        assertEquals(1, r.exit(), r.output());
        assertEquals("## svc FAILED build: exit 7 exited 7", r.last());
        assertFalse(r.output().contains("## svc build: echo never"), r.output());
    }

    @Test
    void aDamagedBundleIsRefused() throws Exception {
        Packager.Release v1 = laravel("v1");

        Result wrongId = instance.deploy(v1, "--id", "0".repeat(64));
        assertEquals(2, wrongId.exit(), wrongId.output());
        assertTrue(wrongId.last().contains("the download is damaged"), wrongId.last());

        Path junk = dir.resolve("junk.tar.gz");
        Files.writeString(junk, "not gzip");
        Result notGzip = instance.bash(List.of(instance.script.toString(), "deploy", junk.toString()));
        assertEquals(2, notGzip.exit(), notGzip.output());

        Result usage = instance.bash(List.of(instance.script.toString(), "deploy"));
        assertEquals(2, usage.exit(), usage.output());
        assertTrue(usage.output().contains("deploy needs a bundle"), usage.output());
    }

    @Test
    void logsAreBoundedAndEndWithTheCursorToGoOnFrom() throws Exception {
        deployed(instance.deploy(laravel("v1")));
        StringBuilder journal = new StringBuilder();
        for (int i = 0; i < 20; i++) {
            journal.append(String.format("{\"__CURSOR\":\"c%d\",\"__REALTIME_TIMESTAMP\":\"%d\",\"SYSLOG_IDENTIFIER\":"
                    + "\"hi-api\",\"MESSAGE\":\"request %d\"}%n", i, 1_800_000_000_000_000L + i * 1_000_000L, i));
        }
        Files.writeString(dir.resolve("fake/journal.jsonl"), journal.toString());

        Result r = instance.installed("logs", "api", "--since", "1h", "--max-bytes", "200");

        deployed(r);
        List<String> lines = r.lines();
        assertEquals("2027-01-15T08:00:00Z hi-api: request 0", lines.get(0));
        // 39 bytes a line: five fit in 200.
        assertEquals(List.of("2027-01-15T08:00:04Z hi-api: request 4", "## cursor c4", "## more"),
                lines.subList(lines.size() - 3, lines.size()));
        assertEquals(7, lines.size(), r.output());
        String call = instance.calls().get(instance.calls().size() - 1);
        assertTrue(call.startsWith("journalctl --no-pager -o json --since -1h _SYSTEMD_UNIT=hi-api.service + "), call);

        instance.installed("logs", "api", "--after", "c4");
        String next = instance.calls().get(instance.calls().size() - 1);
        assertTrue(next.contains("--after-cursor c4"), next);
    }

    private static List<String> list(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(folder)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    /** Regular files under {@code top} (links not followed) whose bytes contain one of {@code needles}. */
    static List<Path> filesHolding(Path top, List<String> needles) throws IOException {
        if (!Files.isDirectory(top)) {
            return List.of();
        }
        try (Stream<Path> s = Files.walk(top)) {
            return s.filter(f -> Files.isRegularFile(f, java.nio.file.LinkOption.NOFOLLOW_LINKS)).filter(f -> {
                try {
                    String text = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
                    return needles.stream().anyMatch(text::contains);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).toList();
        }
    }

    static void deleteTree(Path top) throws IOException {
        try (Stream<Path> s = Files.walk(top)) {
            for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
