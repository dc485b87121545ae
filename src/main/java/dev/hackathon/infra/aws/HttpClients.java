package dev.hackathon.infra.aws;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;

/**
 * The url-connection HTTP client of a session, made so that it costs the start-up nothing it
 * does not need. The SDK's builder sets up TLS at once: an SSLContext and the JDK's trust
 * store, tens of milliseconds. An emulator at a plain {@code http://} endpoint needs none of
 * it, so there connections are opened plainly, with the same timeouts. For AWS the SDK's
 * client (TLS, proxy settings from the environment) is built on a background thread while
 * the session resolves credentials and builds its clients; the first call waits for it if
 * it must.
 */
final class HttpClients {

    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    static final Duration READ_TIMEOUT = Duration.ofSeconds(60);

    private HttpClients() {
    }

    static SdkHttpClient forEndpoint(URI endpoint) {
        if (endpoint != null && "http".equalsIgnoreCase(endpoint.getScheme())) {
            return UrlConnectionHttpClient.create(HttpClients::plainConnection);
        }
        CompletableFuture<SdkHttpClient> client = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try {
                client.complete(UrlConnectionHttpClient.builder()
                        .connectionTimeout(CONNECT_TIMEOUT)
                        .socketTimeout(READ_TIMEOUT)
                        .build());
            } catch (Throwable e) {
                client.completeExceptionally(e);
            }
        }, "http-client-setup");
        t.setDaemon(true);
        t.start();
        return new Deferred(client);
    }

    private static HttpURLConnection plainConnection(URI uri) {
        try {
            HttpURLConnection c = (HttpURLConnection) uri.toURL().openConnection();
            c.setConnectTimeout((int) CONNECT_TIMEOUT.toMillis());
            c.setReadTimeout((int) READ_TIMEOUT.toMillis());
            return c;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An HTTP client still being built elsewhere: calls wait for it. */
    private static final class Deferred implements SdkHttpClient {

        private final CompletableFuture<SdkHttpClient> client;

        Deferred(CompletableFuture<SdkHttpClient> client) {
            this.client = client;
        }

        private SdkHttpClient client() {
            try {
                return client.join();
            } catch (CompletionException e) {
                throw e.getCause() instanceof RuntimeException r ? r : e;
            }
        }

        @Override
        public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
            return client().prepareRequest(request);
        }

        @Override
        public String clientName() {
            return "UrlConnection";
        }

        @Override
        public void close() {
            client.thenAccept(SdkHttpClient::close);
        }
    }
}
