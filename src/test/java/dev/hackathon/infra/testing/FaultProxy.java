package dev.hackathon.infra.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.lang.ref.WeakReference;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import dev.hackathon.infra.testing.FaultInjector.Fault;

/**
 * The in-JVM HTTP endpoint {@link FaultInjector} routes faulted calls through (127.0.0.1,
 * ephemeral port, daemon threads, one per JVM). Per attempt it either answers a synthesized
 * AWS error without contacting the server, or forwards the attempt to the real (loopback)
 * endpoint and relays, or replaces, the answer.
 */
final class FaultProxy {

    private static final Set<String> NOT_FORWARDED = Set.of(
            "host", "content-length", "connection", "keep-alive", "transfer-encoding", "te", "trailer",
            "upgrade", "expect", "proxy-connection", "proxy-authorization",
            FaultInjector.H_INJECTOR, FaultInjector.H_TARGET, FaultInjector.H_OPERATION, FaultInjector.H_PROTOCOL);
    private static final Set<String> NOT_RELAYED = Set.of(
            "content-length", "connection", "keep-alive", "transfer-encoding", "date", "server");

    private static FaultProxy instance;
    private static final Map<Long, WeakReference<FaultInjector>> INJECTORS = new ConcurrentHashMap<>();

    private final HttpServer server;
    private final HttpClient client;

    private FaultProxy(HttpServer server) {
        this.server = server;
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
    }

    static synchronized FaultProxy get() {
        if (instance == null) {
            instance = start();
        }
        return instance;
    }

    int port() {
        return server.getAddress().getPort();
    }

    void register(long id, FaultInjector injector) {
        INJECTORS.putIfAbsent(id, new WeakReference<>(injector));
    }

    static void unregister(long id) {
        INJECTORS.remove(id);
    }

    private static FaultProxy start() {
        AtomicInteger n = new AtomicInteger();
        ExecutorService workers = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "fault-proxy-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        AtomicReference<Object> result = new AtomicReference<>();
        // The server's dispatcher thread inherits daemon-ness from the thread that starts it:
        // start it from a daemon thread so it never keeps the test JVM alive.
        Thread starter = new Thread(() -> {
            try {
                HttpServer s = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
                s.setExecutor(workers);
                FaultProxy proxy = new FaultProxy(s);
                s.createContext("/", proxy::handle);
                s.start();
                result.set(proxy);
            } catch (IOException e) {
                result.set(e);
            }
        }, "fault-proxy-start");
        starter.setDaemon(true);
        starter.start();
        try {
            starter.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting the fault proxy", e);
        }
        if (result.get() instanceof FaultProxy p) {
            return p;
        }
        throw new UncheckedIOException("cannot start the fault proxy", (IOException) result.get());
    }

    private void handle(HttpExchange exchange) throws IOException {
        try {
            Headers h = exchange.getRequestHeaders();
            String protocol = h.getFirst(FaultInjector.H_PROTOCOL);
            String[] op = String.valueOf(h.getFirst(FaultInjector.H_OPERATION)).split(":", 2);
            String target = h.getFirst(FaultInjector.H_TARGET);
            FaultInjector injector = lookup(h.getFirst(FaultInjector.H_INJECTOR));
            if (injector == null || op.length != 2 || target == null || !FaultInjector.isLoopbackHost(URI.create(target).getHost())) {
                send(exchange, 502, Map.of("Content-Type", List.of("text/plain")),
                        "fault proxy: unknown injector or bad target".getBytes(StandardCharsets.UTF_8));
                return;
            }
            String contentType = h.getFirst("Content-Type");
            byte[] body = exchange.getRequestBody().readAllBytes();

            String requestBody = new String(body, StandardCharsets.UTF_8);
            Fault before = injector.decide(op[0], op[1], protocol, false, requestBody, null);
            if (before != null) {
                sendError(exchange, protocol, contentType, before);
                return;
            }
            HttpResponse<byte[]> response;
            try {
                response = forward(exchange, target, body);
            } catch (IOException e) {
                send(exchange, 502, Map.of("Content-Type", List.of("text/plain")),
                        ("fault proxy: " + target + " unreachable: " + e).getBytes(StandardCharsets.UTF_8));
                return;
            }
            if (response.statusCode() / 100 == 2) {
                Fault after = injector.decide(op[0], op[1], protocol, true, requestBody,
                        new String(response.body(), StandardCharsets.UTF_8));
                if (after != null) {
                    sendError(exchange, protocol, contentType, after);
                    return;
                }
            }
            send(exchange, response.statusCode(), response.headers().map(), response.body());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            send(exchange, 502, Map.of("Content-Type", List.of("text/plain")),
                    ("fault proxy failed: " + e).getBytes(StandardCharsets.UTF_8));
        } finally {
            exchange.close();
        }
    }

    private static FaultInjector lookup(String id) {
        if (id == null) {
            return null;
        }
        try {
            WeakReference<FaultInjector> ref = INJECTORS.get(Long.parseLong(id));
            return ref == null ? null : ref.get();
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private HttpResponse<byte[]> forward(HttpExchange exchange, String target, byte[] body)
            throws IOException, InterruptedException {
        URI uri = URI.create(target + exchange.getRequestURI().getRawPath()
                + (exchange.getRequestURI().getRawQuery() == null ? "" : "?" + exchange.getRequestURI().getRawQuery()));
        HttpRequest.Builder b = HttpRequest.newBuilder(uri)
                .timeout(Duration.ofSeconds(60))
                .method(exchange.getRequestMethod(), body.length == 0
                        ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        exchange.getRequestHeaders().forEach((name, values) -> {
            if (!NOT_FORWARDED.contains(name.toLowerCase(Locale.ROOT))) {
                values.forEach(v -> {
                    try {
                        b.header(name, v);
                    } catch (IllegalArgumentException restricted) {
                        // a header java.net.http sets itself; the server does not need ours
                    }
                });
            }
        });
        return client.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static void sendError(HttpExchange exchange, String protocol, String requestContentType, Fault fault)
            throws IOException {
        String requestId = UUID.randomUUID().toString();
        String code = fault.code();
        String message = fault.message();
        if (fault.kind() == FaultInjector.Kind.UNPARSABLE) {
            send(exchange, fault.status(), Map.of("Content-Type", List.of("text/html")),
                    message.getBytes(StandardCharsets.UTF_8));
            return;
        }
        switch (protocol == null ? "query" : protocol) {
            case "ec2" -> send(exchange, fault.status(), Map.of("Content-Type", List.of("text/xml;charset=UTF-8")),
                    ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Response><Errors><Error><Code>" + xml(code)
                            + "</Code><Message>" + xml(message) + "</Message></Error></Errors><RequestID>" + requestId
                            + "</RequestID></Response>").getBytes(StandardCharsets.UTF_8));
            case "json" -> send(exchange, fault.status(), Map.of(
                            "Content-Type", List.of(requestContentType == null ? "application/x-amz-json-1.1" : requestContentType),
                            "x-amzn-ErrorType", List.of(code),
                            "x-amzn-RequestId", List.of(requestId)),
                    ("{\"__type\":\"" + json(code) + "\",\"message\":\"" + json(message) + "\"}").getBytes(StandardCharsets.UTF_8));
            default -> send(exchange, fault.status(), Map.of(
                            "Content-Type", List.of("text/xml"),
                            "x-amzn-RequestId", List.of(requestId)),
                    ("<ErrorResponse><Error><Type>" + (fault.status() >= 500 ? "Receiver" : "Sender") + "</Type><Code>"
                            + xml(code) + "</Code><Message>" + xml(message) + "</Message></Error><RequestId>" + requestId
                            + "</RequestId></ErrorResponse>").getBytes(StandardCharsets.UTF_8));
        }
    }

    private static void send(HttpExchange exchange, int status, Map<String, List<String>> headers, byte[] body)
            throws IOException {
        Headers out = exchange.getResponseHeaders();
        headers.forEach((name, values) -> {
            if (!NOT_RELAYED.contains(name.toLowerCase(Locale.ROOT))) {
                out.put(name, values);
            }
        });
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream os = exchange.getResponseBody()) {
                os.write(body);
            }
        }
    }

    private static String xml(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    private static String json(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"");
    }
}
