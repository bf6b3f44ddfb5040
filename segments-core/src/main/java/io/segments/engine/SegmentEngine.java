package io.segments.engine;

import io.segments.definition.Definition;

import java.time.Instant;

/**
 * Evaluates complete, validated definitions. Every engine (PostgreSQL today, an in-memory index
 * next) honors the same semantics and passes the same semantic corpus.
 */
public interface SegmentEngine {
    /** The number of members of {@code definition} at {@code asOf}. */
    long count(long workspaceId, Definition definition, Instant asOf);

    /**
     * Members in ascending id order, strictly after {@code afterId} (0 for the first page), at most
     * {@code limit} of them.
     */
    MemberPage members(long workspaceId, Definition definition, Instant asOf, long afterId, int limit);
}
