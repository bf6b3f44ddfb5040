package io.segments.engine;

import io.segments.definition.Definition;

import java.time.Instant;
import java.util.function.Consumer;

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

    /**
     * The count and a page of members as one consistent answer (an engine with snapshots reads both
     * from the same one, so writes in between cannot make them disagree).
     */
    default CountedPage countAndMembers(long workspaceId, Definition definition, Instant asOf, long afterId, int limit,
                                        Cancellation cancellation) {
        return new CountedPage(count(workspaceId, definition, asOf, cancellation),
                members(workspaceId, definition, asOf, afterId, limit, cancellation));
    }

    /** Every member in ascending id order, handed to {@code consumer} as they are read (exports). */
    default void forEachMember(long workspaceId, Definition definition, Instant asOf, Consumer<Member> consumer) {
        long after = 0;
        while (true) {
            MemberPage page = members(workspaceId, definition, asOf, after, 10_000);
            page.members().forEach(consumer);
            if (page.next() == null) {
                return;
            }
            after = page.next();
        }
    }
}
