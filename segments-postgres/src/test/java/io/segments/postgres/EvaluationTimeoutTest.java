package io.segments.postgres;

import io.segments.definition.Attribute;
import io.segments.definition.AttributeOperator;
import io.segments.definition.Definition;
import io.segments.definition.Literal;
import io.segments.definition.Subject;
import io.segments.engine.EvaluationTimeoutException;
import io.segments.postgres.store.WorkspaceStore;
import org.jooq.DSLContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import io.segments.definition.Node;
import io.segments.definition.Or;
import io.segments.engine.Cancellation;
import io.segments.engine.EvaluationCancelledException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EvaluationTimeoutTest {
    private static long workspace;

    @BeforeAll
    static void manyContacts() {
        DSLContext dsl = TestDatabase.dsl();
        workspace = new WorkspaceStore(dsl).create("timeout", ZoneId.of("UTC"));
        // 300,000 contacts; every fifth lives in a city containing "berg".
        dsl.execute("insert into contacts (workspace_id, email, email_key, city, folded, created_at) "
                + "select ?, 'p' || n || '@example.test', 'p' || n || '@example.test', c, jsonb_build_object('city', lower(c)), '2024-01-01Z' "
                + "from (select n, case when n % 5 = 0 then 'Heidelberg' else 'Köln' end as c from generate_series(1, 300000) n) people", workspace);
    }

    @Test
    void aStatementPastTheTimeoutIsCancelledAndSaidSo() {
        DSLContext dsl = TestDatabase.dsl();
        Definition bergs = new Definition(Subject.CONTACTS, Attribute.of("city", AttributeOperator.CONTAINS, Literal.of("BERG")));
        Instant asOf = Instant.parse("2024-06-01T00:00:00Z");

        PostgresSegmentEngine impatient = new PostgresSegmentEngine(dsl, Duration.ofMillis(1));
        assertThatThrownBy(() -> impatient.count(workspace, bergs, asOf))
                .isInstanceOf(EvaluationTimeoutException.class)
                .hasMessage("The evaluation was cancelled after 1 ms.");

        PostgresSegmentEngine patient = new PostgresSegmentEngine(dsl, Duration.ofSeconds(30));
        assertThat(patient.count(workspace, bergs, asOf)).isEqualTo(60_000);
        // The cancelled statement left nothing behind: the pool's connections still answer.
        assertThat(patient.count(workspace, bergs, asOf)).isEqualTo(60_000);
    }

    /** A superseded live preview: its caller cancels it and the server stops the statement. */
    @Test
    void aCallerCanCancelAnEvaluationInFlight() throws Exception {
        PostgresSegmentEngine engine = new PostgresSegmentEngine(TestDatabase.dsl(), Duration.ofSeconds(60));
        // Each contains condition scans every folded city; 400 of them keep the server busy for seconds.
        List<Node> slow = new ArrayList<>();
        for (int index = 0; index < 400; index++) {
            slow.add(Attribute.of("city", AttributeOperator.CONTAINS, Literal.of("zz" + index)));
        }
        Definition definition = new Definition(Subject.CONTACTS, new Or(slow));
        Instant asOf = Instant.parse("2024-06-01T00:00:00Z");

        Cancellation already = Cancellation.none();
        already.cancel();
        assertThatThrownBy(() -> engine.count(workspace, definition, asOf, already)).isInstanceOf(EvaluationCancelledException.class);

        Cancellation cancellation = Cancellation.none();
        ExecutorService executor = Executors.newSingleThreadExecutor();
        try {
            long started = System.nanoTime();
            Future<Long> count = executor.submit(() -> engine.count(workspace, definition, asOf, cancellation));
            Thread.sleep(300);
            cancellation.cancel();
            assertThatThrownBy(count::get).hasCauseInstanceOf(EvaluationCancelledException.class);
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
        } finally {
            executor.shutdownNow();
        }
        assertThat(engine.count(workspace, new Definition(Subject.CONTACTS,
                Attribute.of("city", AttributeOperator.EQUALS, Literal.of("köln"))), asOf)).isEqualTo(240_000);
    }
}
