package dev.hackathon.infra.output;

/** "6m21s", "42s", "0.4s": how long something took, as a person reads it. */
public final class Durations {

    private Durations() {
    }

    public static String format(long millis) {
        if (millis < 10_000) {
            return String.format("%.1fs", millis / 1000.0);
        }
        long s = millis / 1000;
        return s < 60 ? s + "s" : (s / 60) + "m" + String.format("%02d", s % 60) + "s";
    }
}
