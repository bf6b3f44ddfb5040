package io.segments.postgres.sql;

import io.segments.postgres.store.EventStore;
import org.jooq.Field;
import org.jooq.Table;
import org.jooq.impl.DSL;

/** Name-based references to the schema's relations and columns, always through an alias. */
public final class Relations {
    public static final String CONTACTS = "contacts";
    public static final String COMPANIES = "companies";
    public static final String EVENTS = "events";
    public static final String URLS = "urls";
    public static final String CONSENTS = "consents";

    /** Event kinds as stored in {@code events.kind}. */
    public static final short PAGE_VIEW = EventStore.Kind.PAGE_VIEW.code();
    public static final short FORM_SUBMISSION = EventStore.Kind.FORM_SUBMISSION.code();

    private Relations() {
    }

    public static Table<?> table(String relation, String alias) {
        return DSL.table(DSL.name(relation)).as(DSL.name(alias));
    }

    public static <T> Field<T> column(String alias, String column, Class<T> type) {
        return DSL.field(DSL.name(alias, column), type);
    }
}
