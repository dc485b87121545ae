package dev.hackathon.infra.reliability;

/**
 * The odd crash points of {@link CrashPoints} (1, 3, 5 ...), and the README's statement of
 * how many there are; the even ones are {@link CrashEvenPointsTest}.
 */
class CrashTest extends CrashPoints {
    @Override
    boolean runs(int k) {
        return k % 2 == 1;
    }
}
