package dev.hackathon.infra.testing;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Base64;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * A certificate authority made for one test, and server certificates it issues, with the
 * JDK's own key and signature classes: X.509 written out in DER here (the JDK has no public
 * certificate builder; keytool as a process costs seconds). What a company's TLS-inspecting
 * proxy or a private endpoint presents: a chain to a CA the JVM does not trust.
 */
public final class TestCa {

    private static final char[] PASSWORD = "test".toCharArray();
    /** ecdsa-with-SHA256 */
    private static final byte[] SIGNATURE_ALGORITHM = seq(oid(1, 2, 840, 10045, 4, 3, 2));

    private final KeyPair keys;
    private final X509Certificate certificate;
    private final byte[] name;

    private TestCa(String commonName) throws GeneralSecurityException {
        this.keys = newKeys();
        this.name = name(commonName);
        byte[] caExtensions = extension(oid(2, 5, 29, 19), true, seq(tlv(0x01, new byte[] {(byte) 0xff}))); // CA:true
        this.certificate = sign(name, keys.getPublic(), caExtensions, keys.getPrivate());
    }

    public static TestCa create(String commonName) {
        try {
            return new TestCa(commonName);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public X509Certificate certificate() {
        return certificate;
    }

    /** The CA certificate as a PEM file's text, what AWS_CA_BUNDLE names. */
    public String pem() {
        try {
            return "-----BEGIN CERTIFICATE-----\n"
                    + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(certificate.getEncoded())
                    + "\n-----END CERTIFICATE-----\n";
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A server's TLS context: a new key and a certificate for that IP address issued by this CA. */
    public SSLContext serverContext(InetAddress address) {
        try {
            KeyPair server = newKeys();
            byte[] san = extension(oid(2, 5, 29, 17), false, seq(tlv(0x87, address.getAddress())));
            X509Certificate leaf = sign(name("test server"), server.getPublic(), san, keys.getPrivate());
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("server", server.getPrivate(), PASSWORD, new X509Certificate[] {leaf, certificate});
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(store, PASSWORD);
            SSLContext tls = SSLContext.getInstance("TLS");
            tls.init(kmf.getKeyManagers(), null, null);
            return tls;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static KeyPair newKeys() throws GeneralSecurityException {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        return g.generateKeyPair();
    }

    /** An X.509 v3 certificate for {@code subject} signed by this CA's name and {@code signer}, valid a day either way. */
    private X509Certificate sign(byte[] subject, PublicKey key, byte[] extension, PrivateKey signer)
            throws GeneralSecurityException {
        ZonedDateTime now = ZonedDateTime.now(ZoneOffset.UTC);
        byte[] tbs = seq(
                tlv(0xa0, tlv(0x02, new byte[] {2})), // v3
                tlv(0x02, new BigInteger(64, new java.security.SecureRandom()).add(BigInteger.ONE).toByteArray()),
                SIGNATURE_ALGORITHM,
                name, // the issuer: this CA
                seq(time(now.minusDays(1)), time(now.plusDays(1))),
                subject,
                key.getEncoded(),
                tlv(0xa3, seq(extension)));
        Signature s = Signature.getInstance("SHA256withECDSA");
        s.initSign(signer);
        s.update(tbs);
        byte[] signature = s.sign();
        byte[] bits = new byte[signature.length + 1]; // no unused bits
        System.arraycopy(signature, 0, bits, 1, signature.length);
        byte[] der = seq(tbs, SIGNATURE_ALGORITHM, tlv(0x03, bits));
        return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(der));
    }

    // ---- DER ----

    private static byte[] name(String commonName) {
        return seq(tlv(0x31, seq(oid(2, 5, 4, 3), tlv(0x0c, commonName.getBytes(StandardCharsets.UTF_8)))));
    }

    private static byte[] extension(byte[] oid, boolean critical, byte[] value) {
        return critical ? seq(oid, tlv(0x01, new byte[] {(byte) 0xff}), tlv(0x04, value)) : seq(oid, tlv(0x04, value));
    }

    private static byte[] time(ZonedDateTime t) {
        return tlv(0x17, t.format(DateTimeFormatter.ofPattern("yyMMddHHmmss'Z'")).getBytes(StandardCharsets.US_ASCII));
    }

    private static byte[] oid(int... arcs) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(40 * arcs[0] + arcs[1]);
        for (int i = 2; i < arcs.length; i++) {
            int v = arcs[i];
            int shift = 28;
            while (shift > 0 && (v >>> shift) == 0) {
                shift -= 7;
            }
            for (; shift > 0; shift -= 7) {
                out.write(0x80 | ((v >>> shift) & 0x7f));
            }
            out.write(v & 0x7f);
        }
        return tlv(0x06, out.toByteArray());
    }

    private static byte[] seq(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return tlv(0x30, out.toByteArray());
    }

    private static byte[] tlv(int tag, byte[] value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(tag);
        int n = value.length;
        if (n < 0x80) {
            out.write(n);
        } else if (n < 0x100) {
            out.write(0x81);
            out.write(n);
        } else {
            out.write(0x82);
            out.write(n >>> 8);
            out.write(n & 0xff);
        }
        out.writeBytes(value);
        return out.toByteArray();
    }
}
