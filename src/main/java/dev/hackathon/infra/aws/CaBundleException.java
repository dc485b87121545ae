package dev.hackathon.infra.aws;

/** The CA bundle named by AWS_CA_BUNDLE or the profile's ca_bundle is unusable (a usage error); nothing was sent. */
public final class CaBundleException extends RuntimeException implements ErrorAdvice.Advised {

    CaBundleException(String message) {
        super(message);
    }

    @Override
    public String fix() {
        return "point AWS_CA_BUNDLE (or ca_bundle in the profile) at a PEM file of the CA certificates to trust,"
                + " or unset it to trust the JVM's";
    }
}
