package io.segments.corpus;

import com.fasterxml.jackson.databind.JsonNode;
import io.segments.definition.Definition;
import io.segments.engine.Member;
import io.segments.engine.MemberPage;
import io.segments.engine.SegmentEngine;

import java.time.Instant;
import java.util.ArrayList;
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

    /**
     * Member keys read page by page (small pages, so paging itself is exercised), as a world
     * whose engine implements the contract lists them.
     */
    static List<String> keysByPages(SegmentEngine engine, long workspaceId, Definition definition, Instant asOf) {
        List<String> keys = new ArrayList<>();
        long after = 0;
        while (true) {
            MemberPage page = engine.members(workspaceId, definition, asOf, after, 3);
            page.members().stream().map(Member::key).forEach(keys::add);
            if (page.next() == null) {
                return keys;
            }
            after = page.next();
        }
    }

    @Override
    default void close() {
    }
}
