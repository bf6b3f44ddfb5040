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
     * Forgets changes every snapshot still in use can see: older than {@code oldestSnapshot}'s
     * horizon and than an hour (a margin for other processes holding older snapshots).
     */
    public void prune(String oldestSnapshot) {
        dsl.execute("""
                delete from data_changes
                where transaction_id < pg_snapshot_xmin(cast(? as pg_snapshot))
                  and changed_at < now() - interval '1 hour'""", oldestSnapshot);
        dsl.execute("""
                delete from data_change_contacts c
                where c.transaction_id < pg_snapshot_xmin(cast(? as pg_snapshot))
                  and not exists (select 1 from data_changes d where d.transaction_id = c.transaction_id)""", oldestSnapshot);
    }
}
