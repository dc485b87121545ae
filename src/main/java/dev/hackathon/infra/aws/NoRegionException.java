package dev.hackathon.infra.aws;

/** No region from --region, the config, the environment or the profile (a usage error). */
public final class NoRegionException extends RuntimeException {

    public NoRegionException(String message) {
        super(message);
    }
}
