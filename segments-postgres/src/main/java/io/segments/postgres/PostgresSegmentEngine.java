package io.segments.postgres;

import io.segments.definition.Definition;
import io.segments.definition.Subject;
import io.segments.engine.Cancellation;
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
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Query;
import org.jooq.Record3;
import org.jooq.ResultQuery;
import org.jooq.exception.DataAccessException;
import org.jooq.impl.DSL;

import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

/**
 * Evaluates definitions with one SQL statement each, under a statement timeout: a statement that
 * runs past it is cancelled by the server and reported as {@link EvaluationTimeoutException}.
 */
public final class PostgresSegmentEngine implements SegmentEngine {
    private static final String QUERY_CANCELED = "57014";
    private static final Executor CANCELLER = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "segments-cancel");
        thread.setDaemon(true);
        return thread;
    });

    private final DSLContext dsl;
    private final Duration timeout;
    private final WorkspaceStore workspaces;
    private final PropertyStore properties;

    public PostgresSegmentEngine(DSLContext dsl, Duration timeout) {
        this.dsl = dsl;
        this.timeout = timeout;
        this.workspaces = new WorkspaceStore(dsl);
        this.properties = new PropertyStore(dsl);
    }

    @Override
    public long count(long workspaceId, Definition definition, Instant asOf, Cancellation cancellation) {
        return run(countQuery(workspaceId, definition, asOf), cancellation, query -> ((ResultQuery<?>) query).fetchOne(0, Long.class));
    }

    @Override
    public MemberPage members(long workspaceId, Definition definition, Instant asOf, long afterId, int limit, Cancellation cancellation) {
        List<Member> members = run(membersQuery(workspaceId, definition, asOf, afterId, limit + 1), cancellation,
                query -> ((ResultQuery<?>) query).fetch(row -> new Member(row.get(0, Long.class), row.get(1, String.class), row.get(2, String.class))));
        boolean more = members.size() > limit;
        List<Member> page = more ? members.subList(0, limit) : members;
        return new MemberPage(page, more ? page.get(page.size() - 1).id() : null);
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
     * Runs one statement under the timeout. A caller's cancellation asks the server to cancel this
     * backend's statement (from another connection), which ends it like a timeout would.
     */
    private <T> T run(Query query, Cancellation cancellation, Function<Query, T> fetch) {
        try {
            return dsl.transactionResult(configuration -> {
                DSLContext transaction = DSL.using(configuration);
                Integer backend = transaction.fetchOne("select pg_backend_pid(), set_config('statement_timeout', ?, true)",
                        String.valueOf(timeout.toMillis())).get(0, Integer.class);
                AtomicBoolean running = new AtomicBoolean(true);
                if (!cancellation.whileRunning(() -> CANCELLER.execute(() -> cancelBackend(backend, running)))) {
                    throw new EvaluationCancelledException(null);
                }
                try {
                    return fetch.apply(attach(query, transaction));
                } finally {
                    running.set(false);
                    cancellation.finished();
                }
            });
        } catch (DataAccessException failure) {
            if (isCancellation(failure)) {
                if (cancellation.isCancelled()) {
                    throw new EvaluationCancelledException(failure);
                }
                throw new EvaluationTimeoutException(timeout, failure);
            }
            throw failure;
        }
    }

    /**
     * A cancel request only stops a statement that is executing, so a request that arrives before
     * the statement reaches the server would be lost: keep asking until the backend has been seen
     * active and cancelled, or the evaluation has ended.
     */
    private void cancelBackend(int backend, AtomicBoolean running) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (running.get() && System.nanoTime() < deadline) {
            Boolean cancelled = dsl.fetchOne("select pg_cancel_backend(pid) from pg_stat_activity where pid = ? and state = 'active'",
                    backend) == null ? null : Boolean.TRUE;
            if (cancelled != null) {
                return;
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static Query attach(Query query, DSLContext transaction) {
        query.attach(transaction.configuration());
        return query;
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
