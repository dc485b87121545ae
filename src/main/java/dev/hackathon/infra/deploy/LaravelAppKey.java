package dev.hackathon.infra.deploy;

import java.security.SecureRandom;
import java.util.Base64;

/**
 * A Laravel {@code APP_KEY} as {@code php artisan key:generate} makes one for the default cipher,
 * AES-256-CBC: {@code base64:} and 32 random bytes. The tool makes it on an app's first deploy and stores it
 * as a secret (SSM PutParameter, Overwrite=false, so two first deploys keep one key), so the instance role
 * only ever reads secrets; the on-instance script refuses to deploy a Laravel app without one.
 */
public final class LaravelAppKey {

    public static final String NAME = "APP_KEY";
    static final int BYTES = 32;

    private LaravelAppKey() {
    }

    public static String generate(SecureRandom random) {
        byte[] key = new byte[BYTES];
        random.nextBytes(key);
        return "base64:" + Base64.getEncoder().encodeToString(key);
    }
}
