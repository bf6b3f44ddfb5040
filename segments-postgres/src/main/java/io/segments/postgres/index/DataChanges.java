package io.segments.postgres.index;

import org.jooq.DSLContext;

/**
 * Reads the {@code data_changes} log (migration V5): every transaction that wrote what segment
 * evaluation reads leaves its id there, so a snapshot is current exactly when every logged
 * transaction is visible to it.
 */
public final class DataChanges {
    private final DSLContext dsl;

    public DataChanges(DSLContext dsl) {
        this.dsl = dsl;
    }

    /** Whether some transaction committed a change that {@code snapshot} (a pg_snapshot) cannot see. */
    public boolean changedSince(String snapshot) {
        return Boolean.TRUE.equals(dsl.fetchValue("""
                select exists (select 1 from data_changes
                               where transaction_id >= pg_snapshot_xmin(cast(? as pg_snapshot))
                                 and not pg_visible_in_snapshot(transaction_id, cast(? as pg_snapshot)))""",
                snapshot, snapshot));
    }

    /**
     * Forgets changes every snapshot still in use can see: older than an hour (a margin for other
     * processes holding older snapshots) and, when {@code oldestSnapshot} is given, older than
     * its horizon. Without a snapshot in use (the SQL engine alone), the hour is the only rule.
     * Returns the number of transactions forgotten.
     */
    public int prune(String oldestSnapshot) {
        String horizon = oldestSnapshot == null ? "pg_snapshot_xmin(pg_current_snapshot())" : "pg_snapshot_xmin(cast(? as pg_snapshot))";
        Object[] bindings = oldestSnapshot == null ? new Object[0] : new Object[]{oldestSnapshot};
        int forgotten = dsl.execute("delete from data_changes where transaction_id < " + horizon
                + " and changed_at < now() - interval '1 hour'", bindings);
        dsl.execute("delete from data_change_contacts c where c.transaction_id < " + horizon
                + " and not exists (select 1 from data_changes d where d.transaction_id = c.transaction_id)", bindings);
        return forgotten;
    }
}
