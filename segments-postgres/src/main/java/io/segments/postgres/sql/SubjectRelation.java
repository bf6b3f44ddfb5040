package io.segments.postgres.sql;

import io.segments.definition.Subject;
import org.jooq.Condition;
import org.jooq.Field;
import org.jooq.Table;

import java.time.OffsetDateTime;
import java.util.Map;


/**
 * A subject's table under an alias: its universe condition and where each built-in field lives.
 * Text and enum fields are always compared through the application-folded {@code folded}
 * document; custom properties of other types are read from the typed {@code properties} document.
 */
public record SubjectRelation(Subject subject, String alias) {
    private static final Map<String, String> CONTACT_COLUMNS = Map.of("createdAt", "created_at");
    private static final Map<String, String> COMPANY_COLUMNS = Map.of(
            "createdAt", "created_at", "employeeCount", "employee_count", "annualRevenue", "annual_revenue");

    public static SubjectRelation of(Subject subject, EvaluationContext context) {
        return new SubjectRelation(subject, context.nextAlias(subject == Subject.CONTACTS ? "c" : "co"));
    }

    public Table<?> table() {
        return Relations.table(subject == Subject.CONTACTS ? Relations.CONTACTS : Relations.COMPANIES, alias);
    }

    public Field<Long> id() {
        return Relations.column(alias, "id", Long.class);
    }

    public <T> Field<T> column(String name, Class<T> type) {
        return Relations.column(alias, name, type);
    }

    /** The built-in column holding a non-text field, or null when the field is a custom property. */
    public String builtInColumn(String field) {
        return (subject == Subject.CONTACTS ? CONTACT_COLUMNS : COMPANY_COLUMNS).get(field);
    }

    /**
     * The records that exist at {@code asOf}: in the workspace, created at or before it, not
     * deleted, and (contacts) not merged into another contact.
     */
    public Condition universe(EvaluationContext context) {
        Condition universe = column("workspace_id", Long.class).eq(context.workspaceId())
                .and(column("deleted_at", OffsetDateTime.class).isNull())
                .and(column("created_at", OffsetDateTime.class).le(context.asOfTimestamp()));
        if (subject == Subject.CONTACTS) {
            universe = universe.and(column("merged_into", Long.class).isNull());
        }
        return universe;
    }
}
