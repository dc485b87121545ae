package dev.hackathon.infra.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A stand-in for AWS on 127.0.0.1, for {@link Warmup}: it answers each call with the answer
 * recorded for the same request from moto (a complete, healthy stack of Warmup's config), so
 * a warm-up unmarshals, diffs and renders real resources, as a real {@code status} does, and
 * the start-up cache trained on it holds those classes and profiles.
 *
 * <p>A request's key is its service (the signature's credential scope), its operation and its
 * parameters: the query protocols' (EC2, RDS, ElastiCache, IAM, ELBv2) form body less
 * {@code Action} and {@code Version}, the JSON protocol's (SSM) body. A request without a
 * recorded answer (a miss) gets the first answer of the same operation, else an empty result;
 * misses are counted, and {@code WarmupTest} fails on any: the recording is stale. A mutating
 * call (not {@code Describe*}, {@code Get*}, {@code List*}) is refused and counted: the
 * warm-up must write nothing. Recording forwards every read to moto instead and keeps each
 * exchange: {@code mvn -B -o test -Dtest=WarmupRecordingTest -Dwarmup.record=true} re-records
 * the resource (test scope, {@code WarmupRecordingTest}).
 *
 * <p>The recording ({@link #RESOURCE}) is text, one block per exchange: a line
 * {@code ### service operation parameters}, a line {@code status content-type}, the body.
 */
final class RecordedAws implements AutoCloseable {

    static final String RESOURCE = "warmup-answers.txt";
    private static final String HEADER = "### ";
    private static final Pattern SERVICE = Pattern.compile("Credential=[^/]*/[^/]*/[^/]*/([^/]*)/");
    private static final Set<String> UNKEYED = Set.of("Action", "Version");

    /** One recorded answer. */
    record Answer(int status, String contentType, String body) {
    }

    private final HttpServer server;
    private final URI upstream;
    private final Map<String, Answer> answers;
    private final Map<String, Answer> byOperation = new LinkedHashMap<>();
    private final List<String> misses = new ArrayList<>();
    private final List<String> refused = new ArrayList<>();

    private RecordedAws(Map<String, Answer> answers, URI upstream) throws IOException {
        this.answers = answers;
        this.upstream = upstream;
        answers.forEach((key, answer) -> byOperation.putIfAbsent(operationOf(key), answer));
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::answer);
        server.start();
    }

    /** Answers from the recording on the classpath. */
    static RecordedAws replaying() throws IOException {
        try (InputStream in = RecordedAws.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IOException(RESOURCE + " is not on the classpath");
            }
            return replaying(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    /** Answers from {@code recording}, in the resource's format. */
    static RecordedAws replaying(String recording) throws IOException {
        return new RecordedAws(parse(recording), null);
    }

    /** Forwards every read to {@code upstream} (moto) and keeps what it answered, for {@link #write}. */
    static RecordedAws recording(URI upstream) throws IOException {
        return new RecordedAws(new LinkedHashMap<>(), upstream);
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** The keys of the requests that had no recorded answer. */
    synchronized List<String> misses() {
        return List.copyOf(misses);
    }

    /** The mutating calls that reached the stand-in (and were refused). */
    synchronized List<String> refused() {
        return List.copyOf(refused);
    }

    /** Writes what was recorded, in the resource's format, sorted by key (calls arrive in any order). */
    synchronized void write(Writer out) throws IOException {
        for (Map.Entry<String, Answer> e : new TreeMap<>(answers).entrySet()) {
            Answer a = e.getValue();
            out.write(HEADER + e.getKey() + "\n" + a.status() + " " + a.contentType() + "\n" + a.body() + "\n");
        }
    }

    private static Map<String, Answer> parse(String text) {
        Map<String, Answer> answers = new LinkedHashMap<>();
        String[] blocks = ("\n" + text).split("\n" + Pattern.quote(HEADER));
        for (String block : Arrays.asList(blocks).subList(1, blocks.length)) {
            String[] lines = block.split("\n", 3);
            String[] statusLine = lines[1].split(" ", 2);
            String body = lines.length > 2 ? lines[2] : "";
            answers.put(lines[0], new Answer(Integer.parseInt(statusLine[0]), statusLine[1],
                    body.endsWith("\n") ? body.substring(0, body.length() - 1) : body));
        }
        return answers;
    }

    private void answer(HttpExchange exchange) throws IOException {
        byte[] request;
        try (InputStream in = exchange.getRequestBody()) {
            request = in.readAllBytes();
        }
        String key = key(exchange, new String(request, StandardCharsets.UTF_8));
        String operation = key.split(" ", 3)[1];
        boolean json = exchange.getRequestHeaders().getFirst("X-Amz-Target") != null;
        Answer answer;
        synchronized (this) {
            if (!operation.matches("(Describe|Get|List).*")) {
                refused.add(key);
                answer = json ? new Answer(400, "application/x-amz-json-1.1",
                        "{\"__type\":\"AccessDeniedException\",\"message\":\"warm-up: no writes\"}")
                        : new Answer(403, "text/xml", "<ErrorResponse><Error><Code>AccessDenied</Code>"
                        + "<Message>warm-up: no writes</Message></Error></ErrorResponse>");
            } else if (upstream != null) {
                answer = forward(exchange, request);
                answers.putIfAbsent(key, answer);
            } else {
                answer = answers.get(key);
                if (answer == null) {
                    misses.add(key);
                    answer = byOperation.getOrDefault(operationOf(key), empty(operation, json));
                }
            }
        }
        byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", answer.contentType());
        exchange.sendResponseHeaders(answer.status(), bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    /** {@code service operation parameters}, the form's parameters in the SDK's order. */
    private static String key(HttpExchange exchange, String body) {
        Matcher scope = SERVICE.matcher(String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
        String service = scope.find() ? scope.group(1) : "unknown";
        String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
        if (target != null) {
            return service + " " + target.substring(target.indexOf('.') + 1) + " " + body;
        }
        Map<String, String> form = new LinkedHashMap<>();
        for (String pair : body.split("&")) {
            String[] kv = pair.split("=", 2);
            form.put(URLDecoder.decode(kv[0], StandardCharsets.UTF_8), kv.length > 1 ? kv[1] : "");
        }
        String operation = URLDecoder.decode(form.getOrDefault("Action", "Unknown"), StandardCharsets.UTF_8);
        return service + " " + operation + " " + form.entrySet().stream()
                .filter(e -> !UNKEYED.contains(e.getKey()))
                .map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining("&"));
    }

    private static String operationOf(String key) {
        String[] parts = key.split(" ", 3);
        return parts[0] + " " + parts[1];
    }

    /** What the stand-in answered before there was a recording: an empty result. */
    private static Answer empty(String operation, boolean json) {
        return json ? new Answer(200, "application/x-amz-json-1.1", "{}")
                : new Answer(200, "text/xml", "<" + operation + "Response><" + operation + "Result/><ResponseMetadata>"
                + "<RequestId>warmup</RequestId></ResponseMetadata></" + operation + "Response>");
    }

    private Answer forward(HttpExchange exchange, byte[] request) {
        try {
            HttpURLConnection c = (HttpURLConnection) upstream.resolve(exchange.getRequestURI()).toURL().openConnection();
            c.setRequestMethod(exchange.getRequestMethod());
            exchange.getRequestHeaders().forEach((name, values) -> {
                if (!name.equalsIgnoreCase("Host") && !name.equalsIgnoreCase("Content-Length")) {
                    values.forEach(v -> c.addRequestProperty(name, v));
                }
            });
            c.setDoOutput(true);
            try (OutputStream out = c.getOutputStream()) {
                out.write(request);
            }
            int status = c.getResponseCode();
            InputStream in = status < 400 ? c.getInputStream() : c.getErrorStream();
            String body;
            try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                body = r.lines().collect(Collectors.joining("\n"));
            }
            return new Answer(status, String.valueOf(c.getContentType()), body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
