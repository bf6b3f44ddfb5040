package io.segments.postgres;

import io.segments.definition.Attribute;
import io.segments.definition.AttributeOperator;
import io.segments.definition.Definition;
import io.segments.definition.Literal;
import io.segments.definition.Subject;
import io.segments.engine.EvaluationTimeoutException;
import io.segments.postgres.store.WorkspaceStore;
import org.jooq.DSLContext;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EvaluationTimeoutTest {
    @Test
    void aStatementPastTheTimeoutIsCancelledAndSaidSo() {
        DSLContext dsl = TestDatabase.dsl();
        long workspace = new WorkspaceStore(dsl).create("timeout", ZoneId.of("UTC"));
        // 300,000 contacts; every fifth lives in a city containing "berg".
        dsl.execute("insert into contacts (workspace_id, email, email_key, city, folded, created_at) "
                + "select ?, 'p' || n || '@example.test', 'p' || n || '@example.test', c, jsonb_build_object('city', lower(c)), '2024-01-01Z' "
                + "from (select n, case when n % 5 = 0 then 'Heidelberg' else 'Köln' end as c from generate_series(1, 300000) n) people", workspace);
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
}
