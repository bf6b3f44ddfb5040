package io.segments.index;

import io.segments.definition.Definition;
import io.segments.definition.Subject;
import io.segments.engine.Cancellation;
import io.segments.engine.CountedPage;
import io.segments.engine.Member;
import io.segments.engine.MemberPage;
import io.segments.engine.SegmentEngine;

import java.time.Instant;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.LongFunction;

/**
 * Evaluates definitions on in-memory snapshots. Each answer reads one snapshot, so a count and
 * its member page always agree; which snapshot a workspace has is the source's business.
 */
public final class IndexSegmentEngine implements SegmentEngine {
    private final LongFunction<WorkspaceIndex> source;

    public IndexSegmentEngine(LongFunction<WorkspaceIndex> source) {
        this.source = source;
    }

    /** The members of {@code definition} as rows of its subject's table, in ascending id order. */
    public static BitSet evaluate(WorkspaceIndex index, Definition definition, Instant asOf, Cancellation cancellation) {
        return new IndexEvaluator(index, definition.subject(), asOf, cancellation).members(definition.where());
    }

    @Override
    public long count(long workspaceId, Definition definition, Instant asOf, Cancellation cancellation) {
        return evaluate(source.apply(workspaceId), definition, asOf, cancellation).cardinality();
    }

    @Override
    public MemberPage members(long workspaceId, Definition definition, Instant asOf, long afterId, int limit, Cancellation cancellation) {
        WorkspaceIndex index = source.apply(workspaceId);
        return page(index, definition.subject(), evaluate(index, definition, asOf, cancellation), afterId, limit);
    }

    @Override
    public CountedPage countAndMembers(long workspaceId, Definition definition, Instant asOf, long afterId, int limit,
                                      Cancellation cancellation) {
        WorkspaceIndex index = source.apply(workspaceId);
        BitSet members = evaluate(index, definition, asOf, cancellation);
        return new CountedPage(members.cardinality(), page(index, definition.subject(), members, afterId, limit));
    }

    @Override
    public void forEachMember(long workspaceId, Definition definition, Instant asOf, Consumer<Member> consumer) {
        WorkspaceIndex index = source.apply(workspaceId);
        SubjectTable table = table(index, definition.subject());
        BitSet members = evaluate(index, definition, asOf, Cancellation.none());
        for (int row = members.nextSetBit(0); row >= 0; row = members.nextSetBit(row + 1)) {
            consumer.accept(member(table, row));
        }
    }

    static MemberPage page(WorkspaceIndex index, Subject subject, BitSet members, long afterId, int limit) {
        if (limit == 0) {
            return new MemberPage(List.of(), null);
        }
        SubjectTable table = table(index, subject);
        List<Member> page = new ArrayList<>(Math.min(limit, 1_000));
        int row = members.nextSetBit(table.firstRowAfter(afterId));
        while (row >= 0 && page.size() < limit) {
            page.add(member(table, row));
            row = members.nextSetBit(row + 1);
        }
        return new MemberPage(page, row >= 0 ? page.get(page.size() - 1).id() : null);
    }

    private static SubjectTable table(WorkspaceIndex index, Subject subject) {
        return subject == Subject.CONTACTS ? index.contacts() : index.companies();
    }

    private static Member member(SubjectTable table, int row) {
        return new Member(table.id(row), table.key(row), table.name(row));
    }
}
