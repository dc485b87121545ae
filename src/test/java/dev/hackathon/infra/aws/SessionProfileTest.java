package dev.hackathon.infra.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.sun.net.httpserver.HttpServer;

/**
 * The session's clients take their settings from the profile files the factory read (those
 * the environment names), not from files of their own: read once, and the same ones.
 */
class SessionProfileTest {

    @Test
    void clientsUseTheProfileTheFactoryRead(@TempDir Path dir) throws Exception {
        AtomicInteger calls = new AtomicInteger();
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            calls.incrementAndGet();
            exchange.getRequestBody().readAllBytes();
            byte[] body = "{\"Parameter\":{\"Name\":\"p\",\"Value\":\"from the profile's endpoint\"}}"
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/x-amz-json-1.1");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        try {
            // Only a client that reads this file knows where to send its calls.
            Path config = Files.writeString(dir.resolve("config"), "[profile team]\naws_access_key_id = a\n"
                    + "aws_secret_access_key = b\nendpoint_url = http://127.0.0.1:" + server.getAddress().getPort() + "\n");
            AwsSessionFactory factory = new AwsSessionFactory(List.of(),
                    Map.of("AWS_CONFIG_FILE", config.toString(), "AWS_SHARED_CREDENTIALS_FILE", dir.resolve("none").toString()));
            try (AwsSession aws = factory.open("team", "ap-northeast-1", null)) {
                assertEquals("from the profile's endpoint", aws.ssm().getParameter(r -> r.name("p")).parameter().value());
            }
            assertEquals(1, calls.get());
        } finally {
            server.stop(0);
        }
    }
}
