package dev.hackathon.infra.resources.edge;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import dev.hackathon.infra.resources.Ownership;

/**
 * Names of load balancers and target groups: at most 32 characters of letters, digits and
 * hyphens, not starting or ending with a hyphen. The readable name from
 * {@link Ownership#name} is used when it fits ({@code hackathon-tg-app}); a longer one is cut
 * to its first 25 characters and ends with {@code -} and 6 hex digits of the SHA-256 of the
 * full name ({@code my-long-stack-name-tg-ver-3f9a1c}). Deterministic, so the same stack
 * and key always give the same name; since a stack name is at most 21 characters the cut
 * name still starts with {@code <stack>-}, which discovery uses to skip foreign resources
 * before reading tags (ownership is still decided by the tags).
 */
public final class EdgeNames {

    public static final int MAX = 32;
    private static final int HEAD = 25;

    private EdgeNames() {
    }

    public static String of(Ownership owner, String key) {
        String full = owner.name(key).replaceAll("[^A-Za-z0-9-]", "-");
        if (full.length() <= MAX && !full.endsWith("-")) {
            return full;
        }
        String head = trimHyphens(full.substring(0, Math.min(HEAD, full.length())));
        return head + "-" + hash(full);
    }

    /** What every one of our names starts with; a cheap pre-filter before DescribeTags. */
    public static String prefix(Ownership owner) {
        return owner.stack() + "-";
    }

    private static String trimHyphens(String s) {
        int end = s.length();
        while (end > 0 && s.charAt(end - 1) == '-') {
            end--;
        }
        return s.substring(0, end);
    }

    private static String hash(String s) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(h, 0, 3);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
