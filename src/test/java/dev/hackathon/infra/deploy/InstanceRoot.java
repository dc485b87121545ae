package dev.hackathon.infra.deploy;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hackathon.infra.config.StackConfig.App.Runtime;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * An instance for the on-instance script to deploy onto: a temporary root ({@code HI_ROOT}) and, first on
 * PATH, stand-ins for the system's tools ({@code standin.sh}) that record every call in {@code calls}.
 * The database is a socket listening on 127.0.0.1 (the script waits for it before migrating); the secrets
 * are what {@link #secret} and {@link #parameters} say. Bundles are packed by the real {@link Packager}.
 */
final class InstanceRoot implements AutoCloseable {

    static final List<String> TOOLS = List.of("dnf", "systemctl", "php", "composer", "npm", "node", "nginx", "curl",
            "aws", "alternatives", "useradd", "chown", "runuser", "sleep", "journalctl");
    static final String REGION = "ap-northeast-1";
    static final String SECRETS_PATH = "/hackathon-infra/t1/ap-northeast-1/secrets/";
    static final String DB_SECRET_ARN = "arn:aws:secretsmanager:ap-northeast-1:123456789012:secret:rds!db-1-AbCdEf";

    private static final Path PYTHON = python();

    final Path root;
    final Path fake;
    final Path script;
    private final ServerSocket database;
    private int bundles;

    InstanceRoot(Path dir) throws IOException {
        root = Files.createDirectories(dir.resolve("root"));
        fake = Files.createDirectories(dir.resolve("fake"));
        Path bin = Files.createDirectories(fake.resolve("bin"));
        Path standin = fake.resolve("standin.sh");
        try (InputStream in = InstanceRoot.class.getResourceAsStream("standin.sh")) {
            Files.write(standin, in.readAllBytes());
        }
        Files.setPosixFilePermissions(standin, PosixFilePermissions.fromString("rwxr-xr-x"));
        for (String tool : TOOLS) {
            Files.createSymbolicLink(bin.resolve(tool), standin);
        }
        // The interpreter itself, not a version manager's shim (pyenv's costs ~0.3 s a start here).
        Files.createSymbolicLink(bin.resolve("python3"), PYTHON);
        Files.createDirectories(fake.resolve("tmp"));
        Files.createDirectories(fake.resolve("ports"));
        script = fake.resolve("hackathon-deploy");
        Files.write(script, ReleaseControl.script());
        database = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        secret("v1", "first-p4ss'word");
        parameters(Map.of("APP_KEY", "base64:c2VjcmV0LWFwcC1rZXktMzItYnl0ZXMtbG9uZyEhIQ==", "STRIPE_SECRET", "sk_live_$ecret \"x\""));
    }

    private static Path python() {
        try {
            Process p = new ProcessBuilder("python3", "-c", "import sys; print(sys.executable)").start();
            String path = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            p.waitFor(60, TimeUnit.SECONDS);
            return Path.of(path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() throws IOException {
        database.close();
    }

    int databasePort() {
        return database.getLocalPort();
    }

    Path app(String name) {
        return root.resolve("srv/apps/" + name);
    }

    Path run(String app) {
        return root.resolve("run/hackathon-infra/" + app);
    }

    /** The app's port answers health checks (unless its current release holds a file "unhealthy"). */
    void serves(String app, int port) throws IOException {
        Files.writeString(fake.resolve("ports/" + port), app(app).toString());
    }

    void secret(String version, String password) throws IOException {
        String secretString = new ObjectMapper().writeValueAsString(Map.of("username", "app", "password", password));
        Files.writeString(fake.resolve("secret.json"), new ObjectMapper().writeValueAsString(
                Map.of("ARN", DB_SECRET_ARN, "Name", "rds!db-1", "VersionId", version, "SecretString", secretString)));
    }

    void parameters(Map<String, String> values) throws IOException {
        List<Map<String, String>> params = new ArrayList<>();
        new java.util.TreeMap<>(values).forEach((k, v) -> params.add(Map.of("Name", SECRETS_PATH + k, "Value", v, "Type", "SecureString")));
        Files.writeString(fake.resolve("parameters.json"), new ObjectMapper().writeValueAsString(params));
    }

    /** Calls whose recorded line contains one of {@code patterns} fail from now on. */
    void failOn(String... patterns) throws IOException {
        Files.writeString(fake.resolve("fail"), String.join("\n", patterns) + "\n");
    }

    /** The first call whose recorded line contains {@code pattern} fails; the ones after it do not. */
    void failOnce(String pattern) throws IOException {
        Files.writeString(fake.resolve("fail-once"), pattern + "\n");
    }

    List<String> calls() throws IOException {
        Path calls = fake.resolve("calls");
        return Files.exists(calls) ? Files.readAllLines(calls) : List.of();
    }

    void forgetCalls() throws IOException {
        Files.deleteIfExists(fake.resolve("calls"));
    }

    Map<String, String> laravelSettings() {
        Map<String, String> s = new LinkedHashMap<>();
        s.put("DB_CONNECTION", "pgsql");
        s.put("DB_HOST", "127.0.0.1");
        s.put("DB_PORT", Integer.toString(databasePort()));
        s.put("DB_DATABASE", "app");
        s.put("DB_USERNAME", "app");
        s.put("DB_SECRET_ARN", DB_SECRET_ARN);
        s.put("APP_URL", "https://api.example.com");
        s.put("AWS_DEFAULT_REGION", REGION);
        return s;
    }

    ReleaseManifest laravel(String app, int port) {
        return new ReleaseManifest(app, Runtime.laravel, port, "/up", REGION, List.of(SECRETS_PATH),
                laravelSettings(), null, null);
    }

    ReleaseManifest nextjs(String app, int port) {
        return new ReleaseManifest(app, Runtime.nextjs, port, "/", REGION, List.of(SECRETS_PATH),
                Map.of("NEXT_PUBLIC_API_URL", "https://api.example.com"), null, null);
    }

    ReleaseManifest command(String app, int port, List<String> build, String start) {
        return new ReleaseManifest(app, Runtime.command, port, "/healthz", REGION, List.of(SECRETS_PATH),
                Map.of("GREETING", "hello world"), build, start);
    }

    /** The app's folder packed with {@code manifest}, as the tool would upload it. */
    Packager.Release bundle(Path appFolder, ReleaseManifest manifest) throws PackagingException {
        Path out = fake.resolve("bundle-" + (++bundles) + ".tar.gz");
        return new Packager().pack(appFolder, ReleaseControl.entries(manifest), out);
    }

    Result deploy(Packager.Release release, String... options) throws IOException {
        List<String> args = new ArrayList<>(List.of(script.toString(), "deploy", release.archive().toString()));
        args.addAll(List.of(options));
        return bash(args);
    }

    /** The script as the instance runs it after a deploy: installed under the root. */
    Result installed(String... args) throws IOException {
        Path installed = root.resolve("usr/local/sbin/hackathon-deploy");
        assertTrue(Files.isRegularFile(installed), "no installed script at " + installed);
        List<String> cmd = new ArrayList<>(List.of(installed.toString()));
        cmd.addAll(List.of(args));
        return bash(cmd);
    }

    Result bash(List<String> args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("bash"));
        cmd.addAll(args);
        return exec(cmd);
    }

    Result exec(List<String> cmd) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        Map<String, String> env = pb.environment();
        env.put("PATH", fake.resolve("bin") + ":" + System.getenv("PATH"));
        env.put("HI_ROOT", root.toString());
        env.put("HI_USER", System.getProperty("user.name"));
        env.put("HI_HEALTH_TRIES", "3");
        env.put("TMPDIR", fake.resolve("tmp").toString());
        env.remove("SUDO_USER");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            assertTrue(p.waitFor(120, TimeUnit.SECONDS), "timed out: " + cmd + "\n" + out);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
        return new Result(p.exitValue(), out);
    }

    record Result(int exit, String output) {

        List<String> lines() {
            return output.lines().toList();
        }

        String last() {
            List<String> lines = lines();
            return lines.isEmpty() ? "" : lines.get(lines.size() - 1);
        }

        /** The script's step lines ("## ..."). */
        List<String> steps() {
            return lines().stream().filter(l -> l.startsWith("## ")).toList();
        }
    }

    static void write(Path file, String text) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A Laravel app's folder, the files that matter here; {@code version} changes its content. */
    static Path laravelApp(Path dir, String version) {
        write(dir.resolve("artisan"), "#!/usr/bin/env php\n<?php // " + version + "\n");
        write(dir.resolve("composer.json"), "{\"require\": {\"laravel/framework\": \"^11.0\"}}\n");
        write(dir.resolve("public/index.php"), "<?php // " + version + "\n");
        write(dir.resolve("routes/web.php"), "<?php\n");
        write(dir.resolve("storage/app/public/.gitignore"), "*\n!.gitignore\n");
        write(dir.resolve("storage/logs/.gitignore"), "*\n!.gitignore\n");
        write(dir.resolve("bootstrap/cache/.gitignore"), "*\n!.gitignore\n");
        write(dir.resolve("VERSION"), version + "\n");
        return dir;
    }

    static Path nextApp(Path dir, String version) {
        write(dir.resolve("package.json"), "{\"scripts\": {\"build\": \"next build\", \"start\": \"next start\"}}\n");
        write(dir.resolve("package-lock.json"), "{}\n");
        write(dir.resolve("app/page.tsx"), "export default function Page() { return <p>" + version + "</p>; }\n");
        return dir;
    }
}
