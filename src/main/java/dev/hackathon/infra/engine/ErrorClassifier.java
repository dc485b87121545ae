package dev.hackathon.infra.engine;

/**
 * Sorts the errors of a run into {@link ErrorClass}es: the one place that reads an error's code,
 * given the step it ended and the kind's policy (some codes mean "held" only on one kind's
 * delete). The AWS one lives beside the kinds; the engine knows only its own errors.
 */
public interface ErrorClassifier {

    ErrorClass classify(Throwable error, Phase step, Policy policy);

    /** The error's code, which {@link Policy#retryCodes} are keyed by; null when it has none. */
    String code(Throwable error);

    /** Knows no error: every one fails its step at once. */
    ErrorClassifier NONE = new ErrorClassifier() {
        @Override
        public ErrorClass classify(Throwable error, Phase step, Policy policy) {
            return ErrorClass.PERMANENT;
        }

        @Override
        public String code(Throwable error) {
            return null;
        }
    };
}
