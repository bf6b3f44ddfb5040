package io.segments.postgres.store;

import org.jooq.DSLContext;

import java.util.List;

/** The forms catalog: forms declared ahead or first seen in a submission. */
public final class FormStore {
    public record Form(String id, String name) {
    }

    private final DSLContext dsl;

    public FormStore(DSLContext dsl) {
        this.dsl = dsl;
    }

    /** Adds the form if it is new; a given name replaces an earlier one. */
    public void ensure(long workspaceId, String id, String name) {
        if (name == null) {
            dsl.execute("insert into forms (workspace_id, id, name) values (?, ?, ?) on conflict do nothing", workspaceId, id, id);
        } else {
            dsl.execute("insert into forms (workspace_id, id, name) values (?, ?, ?) "
                    + "on conflict (workspace_id, id) do update set name = excluded.name", workspaceId, id, name);
        }
    }

    public List<Form> list(long workspaceId) {
        return dsl.fetch("select id, name from forms where workspace_id = ? order by name, id", workspaceId)
                .map(row -> new Form(row.get(0, String.class), row.get(1, String.class)));
    }
}
