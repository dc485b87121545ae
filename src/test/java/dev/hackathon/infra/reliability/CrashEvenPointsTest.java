package dev.hackathon.infra.reliability;

/**
 * The even crash points of {@link CrashPoints} (2, 4, 6 ...): a class of its own so that
 * surefire's two forks each take half of the suite's longest test. Each class runs on its own
 * moto (one per fork) and its own reference run.
 */
class CrashEvenPointsTest extends CrashPoints {
    @Override
    boolean runs(int k) {
        return k % 2 == 0;
    }
}
