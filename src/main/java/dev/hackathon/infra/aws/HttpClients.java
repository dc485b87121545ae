package dev.hackathon.infra.aws;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;

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
 *
 * <p>The SDK for Java trusts the JVM's trust store (cacerts, or {@code javax.net.ssl.trustStore})
 * and ignores {@code AWS_CA_BUNDLE} and the profile's {@code ca_bundle}, which the AWS CLI and
 * the other SDKs honour (a proxy that inspects TLS with its own CA, a private endpoint). Given
 * such a bundle, this client trusts the certificates in it, and only those, as the AWS CLI does.
 */
final class HttpClients {

    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    static final Duration READ_TIMEOUT = Duration.ofSeconds(60);

    private HttpClients() {
    }

    static SdkHttpClient forEndpoint(URI endpoint) {
        return forEndpoint(endpoint, null);
    }

    /** {@code caBundle}: a PEM file of the certificates to trust instead of the JVM's (null: the JVM's). */
    static SdkHttpClient forEndpoint(URI endpoint, CaBundle caBundle) {
        if (endpoint != null && "http".equalsIgnoreCase(endpoint.getScheme())) {
            return UrlConnectionHttpClient.create(HttpClients::plainConnection);
        }
        TrustManager[] trust = caBundle == null ? null : caBundle.trustManagers();
        CompletableFuture<SdkHttpClient> client = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try {
                client.complete(UrlConnectionHttpClient.builder()
                        .connectionTimeout(CONNECT_TIMEOUT)
                        .socketTimeout(READ_TIMEOUT)
                        .tlsTrustManagersProvider(trust == null ? null : () -> trust)
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

    /**
     * Whether the TLS handshake failed on the server's certificate: not issued by a trusted CA,
     * or not for that host. Nothing was sent, and trying again fails the same way.
     */
    static boolean isUntrustedCertificate(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.security.cert.CertificateException
                    || t instanceof java.security.cert.CertPathBuilderException
                    || t instanceof java.security.cert.CertPathValidatorException) {
                return true;
            }
        }
        return false;
    }

    /** The CA bundle the AWS CLI would use: {@code AWS_CA_BUNDLE}, else the profile's {@code ca_bundle}. */
    record CaBundle(Path file, String source) {

        static CaBundle find(Map<String, String> env, Optional<String> fromProfile, String profile) {
            String named = env.get("AWS_CA_BUNDLE");
            if (named != null && !named.isBlank()) {
                return new CaBundle(Path.of(named.trim()), "AWS_CA_BUNDLE");
            }
            return fromProfile.filter(f -> !f.isBlank())
                    .map(f -> new CaBundle(Path.of(f.trim()), "ca_bundle in profile '" + profile + "'"))
                    .orElse(null);
        }

        /** Trust managers for the certificates in the file; a file that yields none is an error naming it. */
        TrustManager[] trustManagers() {
            try (InputStream in = Files.newInputStream(file)) {
                KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
                store.load(null, null);
                int n = 0;
                for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                    store.setCertificateEntry("ca-" + n++, c);
                }
                if (n == 0) {
                    throw new CaBundleException(source + " names " + file + ", which holds no certificate");
                }
                TrustManagerFactory f = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                f.init(store);
                return f.getTrustManagers();
            } catch (IOException e) {
                throw new CaBundleException(source + " names " + file + ", which cannot be read ("
                        + (e instanceof java.nio.file.NoSuchFileException ? "no such file" : e.getMessage()) + ")");
            } catch (GeneralSecurityException e) {
                throw new CaBundleException(source + " names " + file + ", which is not a PEM file of certificates ("
                        + e.getMessage() + ")");
            }
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
