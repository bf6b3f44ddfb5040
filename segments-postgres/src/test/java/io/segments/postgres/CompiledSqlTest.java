package io.segments.postgres;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.segments.definition.Definition;
import io.segments.definition.validation.CheckedDefinition;
import io.segments.postgres.store.WorkspaceStore;
import io.segments.schema.FieldCatalog;
import org.jooq.DSLContext;
import org.jooq.ResultQuery;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The SQL the compiler generates, checked as text and bind values: values are always bound (never
 * inlined), folded in Java, and negations wrap a two-valued condition.
 */
class CompiledSqlTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant AS_OF = Instant.parse("2024-06-01T00:00:00Z");

    private static DSLContext dsl;
    private static long workspace;
    private static PostgresSegmentEngine engine;

    @BeforeAll
    static void workspace() {
        dsl = TestDatabase.dsl();
        workspace = new WorkspaceStore(dsl).create("sql", ZoneId.of("UTC"));
        engine = new PostgresSegmentEngine(dsl, Duration.ofSeconds(10));
    }

    private static Definition definition(String json) throws Exception {
        CheckedDefinition checked = CheckedDefinition.check(JSON.readTree(json), FieldCatalog.builtInOnly());
        assertThat(checked.saveErrors()).isEmpty();
        return checked.definition().orElseThrow();
    }

    @Test
    void textValuesAreFoldedAndBoundNeverInlined() throws Exception {
        ResultQuery<?> query = engine.countQuery(workspace, definition("""
                {"subject":"contacts","where":{"type":"not","condition":
                  {"type":"attribute","field":"city","operator":"contains","value":"' OR 1=1 -- MÜNCHEN%_"}}}"""), AS_OF);
        assertThat(query.getSQL()).isEqualTo("select count(*) from \"contacts\" as \"c1\" where ("
                + "\"c1\".\"workspace_id\" = ? and \"c1\".\"deleted_at\" is null and \"c1\".\"created_at\" <= cast(? as timestamp with time zone) "
                + "and \"c1\".\"merged_into\" is null "
                + "and not ((\"c1\".\"folded\" ->> ?) is not null and position(? in (\"c1\".\"folded\" ->> ?)) > ?))");
        assertThat(query.getBindValues()).containsExactly(workspace, OffsetDateTime.ofInstant(AS_OF, ZoneOffset.UTC),
                "city", "' or 1=1 -- münchen%_", "city", 0);
    }

    @Test
    void pageViewsCountDistinctStoredEventsInsideTheWindow() throws Exception {
        ResultQuery<?> query = engine.countQuery(workspace, definition("""
                {"subject":"contacts","where":{"type":"pageView","urlContains":"/Pricing","withinDays":30,"atLeast":3}}"""), AS_OF);
        assertThat(query.getSQL()).isEqualTo("select count(*) from \"contacts\" as \"c1\" where ("
                + "\"c1\".\"workspace_id\" = ? and \"c1\".\"deleted_at\" is null and \"c1\".\"created_at\" <= cast(? as timestamp with time zone) "
                + "and \"c1\".\"merged_into\" is null "
                + "and \"c1\".\"id\" in (select \"e2\".\"contact_id\" from \"events\" as \"e2\" where (\"e2\".\"workspace_id\" = ? "
                + "and \"e2\".\"contact_id\" is not null and \"e2\".\"kind\" = ? "
                + "and \"e2\".\"occurred_at\" <= cast(? as timestamp with time zone) and \"e2\".\"occurred_at\" >= cast(? as timestamp with time zone) "
                + "and \"e2\".\"url_id\" in (select \"u3\".\"id\" from \"urls\" as \"u3\" where (\"u3\".\"workspace_id\" = ? "
                + "and position(? in \"u3\".\"url_folded\") > ?))) group by \"e2\".\"contact_id\" having count(*) >= ?))");
        assertThat(query.getBindValues()).containsExactly(workspace, OffsetDateTime.ofInstant(AS_OF, ZoneOffset.UTC), workspace,
                (short) 1, OffsetDateTime.ofInstant(AS_OF, ZoneOffset.UTC),
                OffsetDateTime.ofInstant(AS_OF.minus(Duration.ofDays(30)), ZoneOffset.UTC), workspace, "/pricing", 0, 3);
    }

    @Test
    void consentTakesTheLatestRecordAndAWithdrawalWinsATie() throws Exception {
        ResultQuery<?> query = engine.countQuery(workspace, definition("""
                {"subject":"contacts","where":{"type":"consent","channel":"Email","status":"granted"}}"""), AS_OF);
        // A granted record with no later record and no withdrawal at the same instant.
        assertThat(query.getSQL()).contains("\"cs2\".\"status\" = ? and not exists (select 1 as \"one\" from \"consents\" as \"cs3\"")
                .contains("(\"cs3\".\"occurred_at\" > \"cs2\".\"occurred_at\" or (\"cs3\".\"occurred_at\" = \"cs2\".\"occurred_at\" "
                        + "and \"cs3\".\"status\" = ?))");
        assertThat(query.getBindValues()).contains("email", "denied", "granted");
    }
}
