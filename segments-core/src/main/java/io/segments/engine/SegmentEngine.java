package io.segments.engine;

import io.segments.definition.Definition;

import java.time.Instant;

/**
 * Evaluates complete, validated definitions. Every engine (PostgreSQL today, an in-memory index
 * next) honors the same semantics and passes the same semantic corpus.
 */
public interface SegmentEngine {
    /** The number of members of {@code definition} at {@code asOf}. */
    default long count(long workspaceId, Definition definition, Instant asOf) {
        return count(workspaceId, definition, asOf, Cancellation.none());
    }

    /** As {@link #count(long, Definition, Instant)}, stopping with {@link EvaluationCancelledException} when cancelled. */
    long count(long workspaceId, Definition definition, Instant asOf, Cancellation cancellation);

    /**
     * Members in ascending id order, strictly after {@code afterId} (0 for the first page), at most
     * {@code limit} of them.
     */
    default MemberPage members(long workspaceId, Definition definition, Instant asOf, long afterId, int limit) {
        return members(workspaceId, definition, asOf, afterId, limit, Cancellation.none());
    }

    MemberPage members(long workspaceId, Definition definition, Instant asOf, long afterId, int limit, Cancellation cancellation);
}
