package dev.hackathon.infra.resources;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;

/**
 * How the tool knows what is its own: the stack tag and the logical-key tag, nothing else
 * (no local state file). Also derives names and idempotency tokens from stack and key.
 */
public record Ownership(String stack) {

    public static final String STACK_TAG = "hackathon-infra:stack";
    public static final String KEY_TAG = "hackathon-infra:key";

    /** The logical key a resource's tags name, or null when it is not ours. */
    public String keyOf(Map<String, String> tags) {
        return stack.equals(tags.get(STACK_TAG)) ? tags.get(KEY_TAG) : null;
    }

    public boolean owns(Map<String, String> tags) {
        return stack.equals(tags.get(STACK_TAG));
    }

    /** A readable AWS name: {@code hackathon-subnet-app-a} for key {@code subnet/app-a}. */
    public String name(String key) {
        return stack + "-" + key.replace('/', '-').replace('.', '-');
    }

    /**
     * An idempotency token (ClientToken) for a create: the same for the same stack and key,
     * so a retried or resumed run gets the first result instead of a second resource.
     * {@code salt} adds what must change the token (the ids a resource is made from).
     */
    public String clientToken(String key, String... salt) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256")
                    .digest((stack + "|" + key + "|" + String.join("|", salt)).getBytes(StandardCharsets.UTF_8));
            return "hi-" + HexFormat.of().formatHex(hash, 0, 24);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
