package io.segments.engine;

/** An evaluation was cancelled by its caller before it finished. */
public class EvaluationCancelledException extends RuntimeException {
    public EvaluationCancelledException(Throwable cause) {
        super("The evaluation was cancelled.", cause);
    }
}
