package dev.hackathon.infra.reliability;

/**
 * The odd crash points of {@link CrashPoints} (1, 3, 5 ...); the even ones are
 * {@link CrashEvenPointsTest}.
 */
class CrashTest extends CrashPoints {
    @Override
    boolean runs(int k) {
        return k % 2 == 1;
    }
}
