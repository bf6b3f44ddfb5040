package io.segments.postgres.store;

import org.jooq.DSLContext;
import org.jooq.Record;

/** Typed single-value reads of plain SQL with bind values. */
final class Sql {
    private Sql() {
    }

    /** The first column of the first row, or null when there is no row. */
    static <T> T value(DSLContext dsl, String sql, Class<T> type, Object... binds) {
        Record row = dsl.fetchOne(sql, binds);
        return row == null ? null : row.get(0, type);
    }
}
