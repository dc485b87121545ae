package dev.hackathon.infra.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.util.concurrent.atomic.AtomicInteger;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;

/**
 * A TLS-terminating proxy on 127.0.0.1 in the test JVM, in front of a plain endpoint (moto):
 * what a client meets at an HTTPS endpoint whose certificate a {@link TestCa} issued. Each
 * connection's TLS handshake is counted, done or refused by the client, and its bytes are
 * relayed both ways unchanged.
 */
public final class TlsProxy implements AutoCloseable {

    private final SSLServerSocket server;
    private final URI target;
    private final AtomicInteger handshakes = new AtomicInteger();
    private final AtomicInteger refused = new AtomicInteger();

    private TlsProxy(SSLServerSocket server, URI target) {
        this.server = server;
        this.target = target;
    }

    /** Listens on a free port of 127.0.0.1 with a certificate from {@code ca}, relaying to {@code target}. */
    public static TlsProxy start(TestCa ca, URI target) throws IOException {
        InetAddress loopback = InetAddress.getByName("127.0.0.1");
        SSLContext tls = ca.serverContext(loopback);
        SSLServerSocket socket = (SSLServerSocket) tls.getServerSocketFactory().createServerSocket(0, 50, loopback);
        TlsProxy proxy = new TlsProxy(socket, target);
        daemon("tls-proxy-accept", proxy::acceptAll).start();
        return proxy;
    }

    public URI endpoint() {
        return URI.create("https://127.0.0.1:" + server.getLocalPort());
    }

    /** Connections whose TLS handshake completed. */
    public int handshakes() {
        return handshakes.get();
    }

    /** Connections whose client ended the handshake (it did not trust the certificate). */
    public int refusedHandshakes() {
        return refused.get();
    }

    private void acceptAll() {
        while (!server.isClosed()) {
            try {
                SSLSocket client = (SSLSocket) server.accept();
                daemon("tls-proxy-conn", () -> relay(client)).start();
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void relay(SSLSocket client) {
        try (client) {
            try {
                client.startHandshake();
            } catch (SSLException e) {
                refused.incrementAndGet();
                return;
            }
            handshakes.incrementAndGet();
            try (Socket upstream = new Socket(target.getHost(), target.getPort())) {
                Thread back = daemon("tls-proxy-back", () -> pump(upstream, client));
                back.start();
                pump(client, upstream);
                back.join();
            }
        } catch (IOException | InterruptedException e) {
            // a connection closed mid-way: the client sees it as such
        }
    }

    private static void pump(Socket from, Socket to) {
        try {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            in.transferTo(out);
        } catch (IOException e) {
            // the other side closed
        } finally {
            try {
                if (to instanceof SSLSocket) {
                    to.close(); // TLS has no half-close
                } else {
                    to.shutdownOutput();
                }
            } catch (IOException ignored) {
                // already closed
            }
        }
    }

    private static Thread daemon(String name, Runnable r) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
