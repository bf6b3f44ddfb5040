package io.segments.corpus;

/** An engine that can run the semantic corpus. */
public interface CorpusEngine {
    /** A new empty workspace whose calendar operators use {@code timeZone}. */
    CorpusWorld newWorld(String timeZone);
}
