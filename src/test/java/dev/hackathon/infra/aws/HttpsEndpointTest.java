package dev.hackathon.infra.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.hackathon.infra.testing.MotoServer;
import dev.hackathon.infra.testing.TestCa;
import dev.hackathon.infra.testing.TestCli;
import dev.hackathon.infra.testing.TestCli.Result;
import dev.hackathon.infra.testing.TlsProxy;
import dev.hackathon.infra.testing.WithMoto;

/**
 * The TLS client AWS needs, exercised: {@code status} through the real url-connection client
 * to an HTTPS endpoint (a TLS-terminating proxy in front of moto) whose certificate a CA made
 * for the test issued. Trusted the way a user of the AWS CLI trusts it (AWS_CA_BUNDLE, or the
 * profile's ca_bundle), the command reads exactly what it reads over plain HTTP; untrusted,
 * it fails at once (no retries of a handshake that cannot succeed) with the fix.
 */
@WithMoto
class HttpsEndpointTest {

    @TempDir
    Path dir;

    private TlsProxy proxy;
    private Path bundle;
    private String config;

    @BeforeEach
    void start(MotoServer moto) throws Exception {
        TestCa ca = TestCa.create("hackathon-infra test CA");
        proxy = TlsProxy.start(ca, moto.endpoint());
        bundle = Files.writeString(dir.resolve("ca.pem"), ca.pem());
        config = TestCli.seedConfig(dir, "tls").toString();
    }

    @AfterEach
    void stop() throws Exception {
        proxy.close();
    }

    private Result statusOverHttps(TestCli cli) {
        return cli.runRaw("--endpoint-url", proxy.endpoint().toString(), "status", "--config", config);
    }

    @Test
    void statusOverHttpsWithTheCaInAwsCaBundleOrTheProfileReadsWhatItReadsOverHttp(MotoServer moto) throws Exception {
        TestCli http = new TestCli(moto);
        Result plain = http.run("status", "--config", config);
        TestCli cli = new TestCli(moto);
        cli.env.put("AWS_CA_BUNDLE", bundle.toString());

        Result tls = statusOverHttps(cli);

        assertEquals(3, tls.exit(), tls::toString); // nothing built yet: every resource missing
        assertEquals(plain.out(), tls.out());
        assertTrue(proxy.handshakes() > 0, "over TLS");
        assertEquals(0, proxy.refusedHandshakes());
        assertEquals(http.calls.summary(), cli.calls.summary(), "the same calls, answered the same");

        // The profile's ca_bundle, as the AWS CLI reads it, does the same.
        Path awsConfig = Files.writeString(dir.resolve("aws-config"), "[default]\nca_bundle = " + bundle + "\n");
        TestCli viaProfile = new TestCli(moto);
        viaProfile.env.put("AWS_CONFIG_FILE", awsConfig.toString());
        int before = proxy.handshakes();
        Result profiled = statusOverHttps(viaProfile);
        assertEquals(plain.out(), profiled.out(), profiled::toString);
        assertTrue(proxy.handshakes() > before);
    }

    @Test
    void anUntrustedCertificateFailsAtOnceNamingTheFix(MotoServer moto) {
        TestCli cli = new TestCli(moto); // the JVM's trust store only: the test CA is not in it

        Result r = statusOverHttps(cli);

        assertEquals(1, r.exit(), r::toString);
        assertTrue(r.err().startsWith("error: cannot reach " + proxy.endpoint() + ": "), r::toString);
        assertTrue(r.err().contains("fix: the endpoint's TLS certificate is not trusted here")
                && r.err().contains("set AWS_CA_BUNDLE"), r::toString);
        assertFalse(r.err().contains("Exception") || r.err().contains("\tat "), r::toString);
        assertEquals("", r.out());
        assertTrue(proxy.refusedHandshakes() > 0 && proxy.handshakes() == 0, "refused by the client");
        assertTrue(proxy.refusedHandshakes() <= cli.calls.calls().size(),
                "at most one handshake per call: none retried (" + proxy.refusedHandshakes() + ")");
    }

    @Test
    void aCaBundleThatCannotBeReadIsAUsageErrorNamingIt(MotoServer moto) throws Exception {
        TestCli cli = new TestCli(moto);
        cli.env.put("AWS_CA_BUNDLE", dir.resolve("missing.pem").toString());
        Result missing = statusOverHttps(cli);
        assertEquals(2, missing.exit(), missing::toString);
        assertTrue(missing.err().contains("error: AWS_CA_BUNDLE names " + dir.resolve("missing.pem")
                + ", which cannot be read (no such file)"), missing::toString);
        assertTrue(missing.err().contains("fix: point AWS_CA_BUNDLE"), missing::toString);

        cli.env.put("AWS_CA_BUNDLE", Files.writeString(dir.resolve("empty.pem"), "not a certificate\n").toString());
        Result empty = statusOverHttps(cli);
        assertEquals(2, empty.exit(), empty::toString);
        assertTrue(empty.err().contains("empty.pem, which"), empty::toString);
        assertEquals(0, proxy.handshakes() + proxy.refusedHandshakes(), "nothing was sent");
    }
}
