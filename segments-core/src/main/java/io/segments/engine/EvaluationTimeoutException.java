package io.segments.engine;

import java.time.Duration;

/** An evaluation ran past the configured limit and was cancelled. */
public class EvaluationTimeoutException extends RuntimeException {
    private final Duration limit;

    public EvaluationTimeoutException(Duration limit, Throwable cause) {
        super("The evaluation was cancelled after " + limit.toMillis() + " ms.", cause);
        this.limit = limit;
    }

    public Duration limit() {
        return limit;
    }
}
