package dev.hackathon.infra.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * One moto server per test JVM, started on first use and stopped by a shutdown hook.
 *
 * <p>Runs {@code python3 scripts/moto-server.py --port <free port>} (moto with the harness's
 * patches, see that script) from the project base directory ({@code user.dir}, which Surefire
 * sets to it), on 127.0.0.1 only. Its output goes to {@code target/moto-server-<port>.log}.
 * Start-up polls {@code GET /moto-api/} every 50 ms for up to 30 s.
 *
 * <p>Tests normally reach it through {@link WithMoto}; {@link #reset()} clears every backend
 * (the harness's patched state included).
 */
public final class MotoServer {

    private static final Duration STARTUP = Duration.ofSeconds(30);
    private static final long POLL_MILLIS = 50;
    private static final int START_ATTEMPTS = 3;
    /** How long moto's ACM keeps a new certificate PENDING_VALIDATION. */
    public static final Duration ACM_VALIDATION_WAIT = Duration.ofSeconds(20);

    private static MotoServer instance;
    private static IllegalStateException startFailure;

    private final Process process;
    private final int port;
    private final Path log;

    private MotoServer(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /** The server of this JVM, started on first call; fails fast ever after if it could not start. */
    public static synchronized MotoServer get() {
        if (startFailure != null) {
            throw startFailure;
        }
        if (instance == null) {
            try {
                instance = start();
            } catch (IllegalStateException e) {
                System.err.println(e.getMessage());
                startFailure = e;
                throw e;
            }
        }
        return instance;
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port);
    }

    public int port() {
        return port;
    }

    /** moto's log (stdout and stderr of the server). */
    public Path log() {
        return log;
    }

    /** POST /moto-api/reset: drops every resource of every service and account. */
    public void reset() {
        try {
            // A reset drops every resource the last class made: on a loaded 2-core machine that
            // can take longer than one call should.
            HttpURLConnection c = open("/moto-api/reset", 60_000);
            c.setRequestMethod("POST");
            c.setDoOutput(true);
            c.getOutputStream().close();
            int status = c.getResponseCode();
            drain(c);
            if (status != 200) {
                throw new IllegalStateException("moto reset answered HTTP " + status + "\n" + logTail());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("moto reset failed; " + logTail(), e);
        }
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    private static MotoServer start() {
        Path base = Path.of(System.getProperty("user.dir"));
        Path script = base.resolve("scripts").resolve("moto-server.py");
        if (!Files.isRegularFile(script)) {
            throw new IllegalStateException("moto launcher not found at " + script
                    + " (tests must run from the project base directory)");
        }
        requireMoto();
        Path logDir = base.resolve("target");
        IllegalStateException last = null;
        for (int attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
            int port = freePort();
            Path log = logDir.resolve("moto-server-" + port + ".log");
            Process p;
            try {
                Files.createDirectories(logDir);
                ProcessBuilder pb = new ProcessBuilder("python3", script.toString(), "--port", Integer.toString(port))
                        .directory(base.toFile())
                        .redirectErrorStream(true)
                        .redirectOutput(log.toFile());
                pb.environment().put("PYTHONUNBUFFERED", "1");
                // moto's ACM issues a DNS-validated certificate this many seconds after the request
                // (read once at import): long enough that a first `up` of the whole stack sees it
                // pending, short enough that a test can wait for the issue (AWS: minutes).
                pb.environment().put("MOTO_ACM_VALIDATION_WAIT", Long.toString(ACM_VALIDATION_WAIT.toSeconds()));
                p = pb.start();
            } catch (IOException e) {
                throw new IllegalStateException("cannot start python3 " + script + ": " + e.getMessage(), e);
            }
            MotoServer server = new MotoServer(p, port, log);
            Runtime.getRuntime().addShutdownHook(new Thread(server::stop, "moto-server-stop"));
            String failure = server.awaitReady();
            if (failure == null) {
                return server;
            }
            server.stop();
            // The free port may have been taken between probing and binding: try another one.
            last = new IllegalStateException("moto " + failure + " (attempt " + attempt + " of " + START_ATTEMPTS
                    + "); its log " + log + ":\n" + server.logTail());
            if (!server.logTail().contains("Address already in use")) {
                break;
            }
        }
        throw last;
    }

    private static void requireMoto() {
        try {
            Process check = new ProcessBuilder("python3", "-c", "import moto.server").redirectErrorStream(true).start();
            String out = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!check.waitFor(60, TimeUnit.SECONDS)) {
                check.destroyForcibly();
                throw new IllegalStateException("python3 -c 'import moto.server' hung");
            }
            if (check.exitValue() != 0) {
                throw new IllegalStateException("moto (with its server extras) is not importable by python3; install it with: "
                        + "pip install 'moto[server]'\n" + out.strip());
            }
        } catch (IOException e) {
            throw new IllegalStateException("python3 not found on PATH (needed for moto; then: pip install 'moto[server]'): "
                    + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while checking for moto", e);
        }
    }

    /** Null once moto answers, else why it did not. */
    private String awaitReady() {
        long deadline = System.nanoTime() + STARTUP.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                return "exited with status " + process.exitValue() + " before answering on " + endpoint();
            }
            try {
                HttpURLConnection c = open("/moto-api/", 1_000);
                int status = c.getResponseCode();
                drain(c);
                if (status == 200) {
                    return null;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return "start-up interrupted";
            }
        }
        return "did not answer on " + endpoint() + "/moto-api/ within " + STARTUP.toSeconds() + " s";
    }

    private void stop() {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /** The last part of moto's log, for failure messages. */
    public String logTail() {
        try {
            String text = Files.readString(log, StandardCharsets.UTF_8);
            return text.length() <= 8_000 ? text : "...\n" + text.substring(text.length() - 8_000);
        } catch (IOException e) {
            return "(no log at " + log + ": " + e.getMessage() + ")";
        }
    }

    private HttpURLConnection open(String path, int timeoutMillis) throws IOException {
        HttpURLConnection c = (HttpURLConnection) URI.create(endpoint() + path).toURL().openConnection();
        c.setConnectTimeout(timeoutMillis);
        c.setReadTimeout(timeoutMillis);
        return c;
    }

    private static void drain(HttpURLConnection c) throws IOException {
        try (InputStream in = c.getResponseCode() >= 400 ? c.getErrorStream() : c.getInputStream()) {
            if (in != null) {
                in.readAllBytes();
            }
        }
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free loopback port", e);
        }
    }

    @Override
    public String toString() {
        return "MotoServer[" + endpoint() + ", log " + log + "]";
    }
}
