package io.segments.index;

/**
 * The index cannot answer: it was built before something the definition names existed (a custom
 * property declared since, say). The caller answers from the store instead and rebuilds.
 */
public final class IndexOutdatedException extends RuntimeException {
    public IndexOutdatedException(String message) {
        super(message);
    }
}
