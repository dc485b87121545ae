package dev.hackathon.infra.config;

import java.util.Collection;
import java.util.Locale;
import java.util.Optional;

/** Suggests the known name nearest to a misspelt one: case-insensitive edit distance, or a cut-off prefix. */
final class DidYouMean {

    private DidYouMean() {
    }

    /** {@code "; did you mean 'x'?"}, or an empty string when nothing is close enough to be a useful guess. */
    static String hint(String given, Collection<String> known) {
        return nearest(given, known).map(k -> "; did you mean '" + k + "'?").orElse("");
    }

    static Optional<String> nearest(String given, Collection<String> known) {
        String g = given.toLowerCase(Locale.ROOT);
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : known) {
            String c = candidate.toLowerCase(Locale.ROOT);
            int d = distance(g, c);
            boolean close = d <= Math.max(1, Math.min(g.length(), c.length()) / 3)
                    || isCutOff(g, c);
            if (close && d < bestDistance) {
                best = candidate;
                bestDistance = d;
            }
        }
        return Optional.ofNullable(best);
    }

    /** "storage" for "storageGb", "healthCheck" for "healthCheckPath": a unit or word left off the end. */
    private static boolean isCutOff(String a, String b) {
        return a.length() >= 4 && b.startsWith(a) || b.length() >= 4 && a.startsWith(b);
    }

    /** Optimal string alignment distance: Levenshtein plus adjacent swaps, the commonest typo ("cdir"). */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
