package io.segments.postgres.store;

import org.jooq.DSLContext;

import java.time.ZoneId;

/** Workspaces and their settings. One default workspace (id 1) exists; tests create more. */
public final class WorkspaceStore {
    public static final long DEFAULT_WORKSPACE = 1;

    private final DSLContext dsl;

    public WorkspaceStore(DSLContext dsl) {
        this.dsl = dsl;
    }

    public ZoneId zone(long workspaceId) {
        String zone = Sql.value(dsl, "select time_zone from workspaces where id = ?", String.class, workspaceId);
        if (zone == null) {
            throw new IllegalArgumentException("no workspace " + workspaceId);
        }
        return ZoneId.of(zone);
    }

    /** Creates a workspace with its own data, as tests and benchmarks do to stay isolated. */
    public long create(String name, ZoneId zone) {
        return Sql.value(dsl, "insert into workspaces (id, name, time_zone) "
                + "select coalesce(max(id), 0) + 1, ?, ? from workspaces returning id", Long.class, name, zone.getId());
    }
}
