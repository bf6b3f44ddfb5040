package io.segments.corpus;

import com.fasterxml.jackson.databind.JsonNode;
import io.segments.definition.Definition;

import java.time.Instant;
import java.util.List;

/**
 * One isolated, empty workspace of an engine under test. The corpus feeds it data operations
 * (see {@code corpus/README.md}) through the engine's real write paths and asks it for members.
 */
public interface CorpusWorld extends AutoCloseable {
    /** Applies one data operation of a corpus file, such as {@code {"op":"page", ...}}. */
    void apply(JsonNode operation);

    /** Member keys (emails of contacts, domains of companies) in the engine's member order. */
    List<String> memberKeys(Definition definition, Instant asOf);

    long count(Definition definition, Instant asOf);

    @Override
    default void close() {
    }
}
