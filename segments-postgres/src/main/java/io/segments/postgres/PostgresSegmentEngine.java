package io.segments.postgres;

import io.segments.definition.Definition;
import io.segments.definition.Subject;
import io.segments.engine.Cancellation;
import io.segments.engine.CountedPage;
import io.segments.engine.EvaluationCancelledException;
import io.segments.engine.EvaluationTimeoutException;
import io.segments.engine.Member;
import io.segments.engine.MemberPage;
import io.segments.engine.SegmentEngine;
import io.segments.postgres.sql.ConditionCompiler;
import io.segments.postgres.sql.EvaluationContext;
import io.segments.postgres.sql.SubjectRelation;
import io.segments.postgres.store.PropertyStore;
import io.segments.postgres.store.WorkspaceStore;
import org.jooq.Condition;
import org.jooq.Cursor;
import org.jooq.ExecuteContext;
import org.jooq.ExecuteListener;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record3;
import org.jooq.ResultQuery;
import org.jooq.exception.DataAccessException;
import org.jooq.impl.DSL;
import org.jooq.impl.DefaultExecuteListenerProvider;

import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.sql.Statement;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Evaluates definitions with one SQL statement per answer, under a statement timeout: a statement
 * that runs past it is cancelled by the server and reported as {@link EvaluationTimeoutException}.
 */
public final class PostgresSegmentEngine implements SegmentEngine {
    private static final String QUERY_CANCELED = "57014";

    private final DSLContext dsl;
    private final Duration timeout;
    private final Duration exportTimeout;
    private final WorkspaceStore workspaces;
    private final PropertyStore properties;

    public PostgresSegmentEngine(DSLContext dsl, Duration timeout) {
        this(dsl, timeout, Duration.ofMinutes(30));
    }

    public PostgresSegmentEngine(DSLContext dsl, Duration timeout, Duration exportTimeout) {
        this.dsl = dsl;
        this.timeout = timeout;
        this.exportTimeout = exportTimeout;
        this.workspaces = new WorkspaceStore(dsl);
        this.properties = new PropertyStore(dsl);
    }

    @Override
    public long count(long workspaceId, Definition definition, Instant asOf, Cancellation cancellation) {
        ResultQuery<?> query = countQuery(workspaceId, definition, asOf);
        return inSnapshot(cancellation, timeout, transaction -> transaction.fetchOne(query).get(0, Long.class));
    }

    @Override
    public MemberPage members(long workspaceId, Definition definition, Instant asOf, long afterId, int limit, Cancellation cancellation) {
        ResultQuery<Record3<Long, String, String>> query = membersQuery(workspaceId, definition, asOf, afterId, limit + 1);
        return inSnapshot(cancellation, timeout, transaction -> page(transaction.fetch(query), limit));
    }

    @Override
    public CountedPage countAndMembers(long workspaceId, Definition definition, Instant asOf, long afterId, int limit,
                                      Cancellation cancellation) {
        ResultQuery<?> count = countQuery(workspaceId, definition, asOf);
        ResultQuery<Record3<Long, String, String>> members = membersQuery(workspaceId, definition, asOf, afterId, limit + 1);
        return inSnapshot(cancellation, timeout, transaction ->
                new CountedPage(transaction.fetchOne(count).get(0, Long.class), page(transaction.fetch(members), limit)));
    }

    /** Streams every member from one statement through a cursor, under the (longer) export timeout. */
    @Override
    public void forEachMember(long workspaceId, Definition definition, Instant asOf, Consumer<Member> consumer) {
        ResultQuery<Record3<Long, String, String>> query = membersQuery(workspaceId, definition, asOf, 0, Integer.MAX_VALUE);
        inSnapshot(Cancellation.none(), exportTimeout, transaction -> {
            try (Cursor<Record3<Long, String, String>> cursor = transaction.fetchLazy(query.fetchSize(5_000))) {
                cursor.forEach(row -> consumer.accept(member(row)));
            }
            return null;
        });
    }

    private static MemberPage page(List<Record3<Long, String, String>> rows, int limit) {
        List<Member> members = rows.stream().map(PostgresSegmentEngine::member).toList();
        if (limit == 0) {
            return new MemberPage(List.of(), null);
        }
        boolean more = members.size() > limit;
        List<Member> page = more ? members.subList(0, limit) : members;
        return new MemberPage(page, more ? page.get(page.size() - 1).id() : null);
    }

    private static Member member(Record3<Long, String, String> row) {
        return new Member(row.value1(), row.value2(), row.value3());
    }

    /** The count statement, exposed so tests can check the SQL as well as the rows. */
    public ResultQuery<?> countQuery(long workspaceId, Definition definition, Instant asOf) {
        Compiled compiled = compile(workspaceId, definition, asOf);
        return dsl.selectCount().from(compiled.relation().table()).where(compiled.condition());
    }

    public ResultQuery<Record3<Long, String, String>> membersQuery(long workspaceId, Definition definition, Instant asOf, long afterId, int limit) {
        Compiled compiled = compile(workspaceId, definition, asOf);
        SubjectRelation relation = compiled.relation();
        Field<String> key = relation.column(relation.subject() == Subject.CONTACTS ? "email" : "domain", String.class);
        Field<String> name = relation.subject() == Subject.CONTACTS
                ? DSL.field("nullif(concat_ws(' ', {0}, {1}), '')", String.class,
                relation.column("first_name", String.class), relation.column("last_name", String.class))
                : relation.column("name", String.class);
        return dsl.select(relation.id(), key, name).from(relation.table())
                .where(compiled.condition()).and(relation.id().gt(afterId))
                .orderBy(relation.id()).limit(limit);
    }

    private Compiled compile(long workspaceId, Definition definition, Instant asOf) {
        EvaluationContext context = new EvaluationContext(workspaceId, properties.catalog(workspaceId), workspaces.zone(workspaceId), asOf);
        SubjectRelation relation = SubjectRelation.of(definition.subject(), context);
        Condition condition = relation.universe(context).and(new ConditionCompiler(context, relation).compile(definition.where()));
        return new Compiled(relation, condition);
    }

    private record Compiled(SubjectRelation relation, Condition condition) {
    }

    /**
     * Runs reads in one read-only REPEATABLE READ transaction (one snapshot, so a count and its
     * member page agree) under a statement timeout. A caller's cancellation cancels the statement
     * in flight through the driver, which only ever signals that very statement.
     */
    private <T> T inSnapshot(Cancellation cancellation, Duration limit, Function<DSLContext, T> work) {
        try {
            return dsl.transactionResult(configuration -> {
                DSLContext transaction = DSL.using(configuration.derive(new DefaultExecuteListenerProvider(new CancelOnRequest(cancellation))));
                transaction.execute("set transaction isolation level repeatable read, read only");
                transaction.fetch("select set_config('statement_timeout', ?, true)", String.valueOf(limit.toMillis()));
                return work.apply(transaction);
            });
        } catch (DataAccessException failure) {
            if (isCancellation(failure)) {
                if (cancellation.isCancelled()) {
                    throw new EvaluationCancelledException(failure);
                }
                throw new EvaluationTimeoutException(limit, failure);
            }
            throw failure;
        }
    }

    /** Hands each statement of a transaction to the caller's cancellation while it executes. */
    private static final class CancelOnRequest implements ExecuteListener {
        private final Cancellation cancellation;

        CancelOnRequest(Cancellation cancellation) {
            this.cancellation = cancellation;
        }

        @Override
        public void executeStart(ExecuteContext context) {
            Statement statement = context.statement();
            if (!cancellation.whileRunning(() -> cancelQuietly(statement))) {
                throw new EvaluationCancelledException(null);
            }
        }

        @Override
        public void executeEnd(ExecuteContext context) {
            cancellation.finished();
        }

        @Override
        public void exception(ExecuteContext context) {
            cancellation.finished();
        }

        private static void cancelQuietly(Statement statement) {
            try {
                statement.cancel();
            } catch (SQLException alreadyDone) {
                // The statement finished or its connection closed: nothing left to cancel.
            }
        }
    }


    private static boolean isCancellation(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql && QUERY_CANCELED.equals(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }
}
