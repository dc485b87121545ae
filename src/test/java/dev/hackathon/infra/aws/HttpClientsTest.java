package dev.hackathon.infra.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.ServiceLoader;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.sun.net.httpserver.HttpServer;

import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpService;

/** Both HTTP clients a session can get carry requests: plain for an emulator, the SDK's (built in the background) for AWS. */
class HttpClientsTest {

    private HttpServer server;

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            byte[] body = ("seen " + exchange.getRequestMethod()).getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private String get(SdkHttpClient client) throws Exception {
        URI uri = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
        SdkHttpFullRequest request = SdkHttpFullRequest.builder().method(SdkHttpMethod.GET).uri(uri).build();
        HttpExecuteResponse response = client.prepareRequest(HttpExecuteRequest.builder().request(request).build()).call();
        assertEquals(200, response.httpResponse().statusCode());
        return new String(response.responseBody().orElseThrow().readAllBytes(), StandardCharsets.UTF_8);
    }

    /**
     * The SDK builds clients of its own for credentials (SSO, STS web identity) with whatever
     * HTTP client it finds; its service modules bring Apache 5 by default, whose classes a run
     * would load (outside the start-up archive) only for that. The pom keeps the other
     * clients off the run time classpath, and surefire runs the tests on that classpath (the
     * provided scope left off), so what this finds is what a run finds.
     */
    @Test
    void urlConnectionIsTheOnlyHttpClientTheSdkFinds() {
        assertEquals(List.of("software.amazon.awssdk.http.urlconnection.UrlConnectionSdkHttpService"),
                ServiceLoader.load(SdkHttpService.class).stream().map(p -> p.type().getName()).toList());
    }

    /** As the AWS CLI: AWS_CA_BUNDLE first, then the profile's ca_bundle, else the JVM's trust store. */
    @Test
    void theCaBundleComesFromTheEnvironmentBeforeTheProfile() {
        assertEquals(new HttpClients.CaBundle(java.nio.file.Path.of("/env.pem"), "AWS_CA_BUNDLE"),
                HttpClients.CaBundle.find(java.util.Map.of("AWS_CA_BUNDLE", "/env.pem"),
                        java.util.Optional.of("/profile.pem"), "dev"));
        assertEquals(new HttpClients.CaBundle(java.nio.file.Path.of("/profile.pem"), "ca_bundle in profile 'dev'"),
                HttpClients.CaBundle.find(java.util.Map.of(), java.util.Optional.of("/profile.pem"), "dev"));
        assertEquals(null, HttpClients.CaBundle.find(java.util.Map.of("AWS_CA_BUNDLE", " "), java.util.Optional.empty(),
                "dev"));
    }

    @Test
    void anHttpEndpointGetsPlainConnections() throws Exception {
        try (SdkHttpClient client = HttpClients.forEndpoint(URI.create("http://127.0.0.1:4566"))) {
            assertEquals("seen GET", get(client));
        }
    }

    @Test
    void awsGetsTheSdkClientOnceItIsBuilt() throws Exception {
        for (URI endpoint : new URI[] {null, URI.create("https://ec2.ap-northeast-1.amazonaws.com")}) {
            try (SdkHttpClient client = HttpClients.forEndpoint(endpoint)) {
                assertEquals("UrlConnection", client.clientName());
                assertEquals("seen GET", get(client));
            }
        }
    }
}
