package dev.hackathon.infra.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A stand-in for AWS on 127.0.0.1 that answers every call with an empty result: the
 * XML protocols (EC2, RDS, ElastiCache, IAM, ELBv2, STS) with {@code <ActionResponse>} and an
 * empty {@code <ActionResult>}, the JSON protocol (SSM) with {@code {}}. For {@link Warmup}
 * only: a run against it loads the classes of a real run without reaching AWS.
 */
final class EmptyAwsServer implements AutoCloseable {

    private static final Pattern ACTION = Pattern.compile("(?:^|&)Action=([^&]*)");

    private final HttpServer server;
    private final Set<String> answered = ConcurrentHashMap.newKeySet();

    EmptyAwsServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::answer);
        server.start();
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** The operations answered so far: {@code DescribeVpcs}, {@code AmazonSSM.GetParameter} ... */
    Set<String> answered() {
        return Set.copyOf(answered);
    }

    private void answer(HttpExchange exchange) throws IOException {
        String body;
        try (InputStream in = exchange.getRequestBody()) {
            body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        String answer;
        String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
        if (target != null) {
            answered.add(target);
            exchange.getResponseHeaders().add("Content-Type", "application/x-amz-json-1.1");
            answer = "{}";
        } else {
            Matcher m = ACTION.matcher(body);
            String action = m.find() ? URLDecoder.decode(m.group(1), StandardCharsets.UTF_8) : "Unknown";
            answered.add(action);
            exchange.getResponseHeaders().add("Content-Type", "text/xml");
            answer = "<" + action + "Response><" + action + "Result/><ResponseMetadata><RequestId>warmup</RequestId>"
                    + "</ResponseMetadata></" + action + "Response>";
        }
        byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(200, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
