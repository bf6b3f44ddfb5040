package io.segments.service.ingest;

import org.jooq.DSLContext;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the foreign keys of {@code events}, {@code ingest_log} and {@code visitors}, the workspace
 * key of {@code contacts} and the unique message ids of events guaranteed before V7, V8 and V10
 * dropped them (their per-row checks were half of an event's insert), checked after the fact and
 * stricter: every reference points at a row of the same workspace.
 */
final class ReferentialIntegrity {
    private static final Map<String, String> RULES = new LinkedHashMap<>();

    static {
        RULES.put("events of no workspace", "select count(*) from events e where not exists (select 1 from workspaces w where w.id = e.workspace_id)");
        RULES.put("events of a contact that is not in their workspace", "select count(*) from events e where e.contact_id is not null "
                + "and not exists (select 1 from contacts c where c.id = e.contact_id and c.workspace_id = e.workspace_id)");
        RULES.put("events of a URL that is not in their workspace", "select count(*) from events e where e.url_id is not null "
                + "and not exists (select 1 from urls u where u.id = e.url_id and u.workspace_id = e.workspace_id)");
        RULES.put("event message ids stored more than once", "select count(*) from (select 1 from events "
                + "group by workspace_id, message_id having count(*) > 1) as repeated");
        RULES.put("visitors of no workspace", "select count(*) from visitors v where not exists (select 1 from workspaces w where w.id = v.workspace_id)");
        RULES.put("visitors of a contact that is not in their workspace", "select count(*) from visitors v where v.contact_id is not null "
                + "and not exists (select 1 from contacts c where c.id = v.contact_id and c.workspace_id = v.workspace_id)");
        RULES.put("contacts of no workspace", "select count(*) from contacts c where not exists (select 1 from workspaces w where w.id = c.workspace_id)");
        RULES.put("log entries of no workspace", "select count(*) from ingest_log l where not exists (select 1 from workspaces w where w.id = l.workspace_id)");
    }

    private ReferentialIntegrity() {
    }

    /** Each broken rule with the number of rows breaking it; empty when all references hold. */
    static Map<String, Long> violations(DSLContext dsl) {
        Map<String, Long> broken = new LinkedHashMap<>();
        RULES.forEach((rule, sql) -> {
            long rows = ((Number) dsl.fetchValue(sql)).longValue();
            if (rows > 0) {
                broken.put(rule, rows);
            }
        });
        return broken;
    }
}
