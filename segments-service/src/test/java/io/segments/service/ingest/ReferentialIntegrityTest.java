package io.segments.service.ingest;

import io.segments.postgres.store.WorkspaceStore;
import org.junit.jupiter.api.Test;

import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

/** The integrity check finds each kind of broken reference (and so can fail the ingestion tests). */
class ReferentialIntegrityTest extends IngestionTest {
    @Test
    void eachBrokenReferenceIsReportedWithItsRowCount() {
        dsl.execute("insert into urls (workspace_id, url, url_folded) values (1, 'https://ri.test/', 'ri.test/')");
        long url = number("select id from urls where url = 'https://ri.test/'");
        long contact = number("insert into contacts (workspace_id, created_at) values (1, now()) returning id");
        long otherWorkspace = new WorkspaceStore(dsl).create("elsewhere", ZoneOffset.UTC);
        long foreignContact = number("insert into contacts (workspace_id, created_at) values (?, now()) returning id", otherWorkspace);
        long foreignUrl = number("insert into urls (workspace_id, url, url_folded) values (?, 'https://ri.test/', 'ri.test/') returning id", otherWorkspace);
        String insert = "insert into events (workspace_id, message_id, kind, contact_id, url_id, occurred_at) values (?, ?, 1, ?, ?, now())";
        try {
            dsl.execute(insert, 1L, "ri-fine", contact, url);
            assertThat(ReferentialIntegrity.violations(dsl)).isEmpty();

            dsl.execute(insert, 1L, "ri-no-contact", contact + 1_000_000, url);
            dsl.execute(insert, 1L, "ri-foreign-url", contact, foreignUrl);
            dsl.execute(insert, 1L, "ri-no-url", null, url + 1_000_000);
            dsl.execute(insert, otherWorkspace + 1_000, "ri-no-workspace", null, null);
            dsl.execute(insert, 1L, "ri-fine", contact, url); // the same message id again
            dsl.execute("insert into visitors (workspace_id, anonymous_id, contact_id) values (?, 'ri-no-workspace', null), "
                    + "(1, 'ri-foreign-contact', ?), (1, 'ri-no-contact', ?)", otherWorkspace + 1_000, foreignContact, contact + 1_000_000);
            dsl.execute("insert into ingest_log (workspace_id, message_id, type, payload) values (?, 'ri-log', 'page', '{}')", otherWorkspace + 1_000);
            dsl.execute("insert into contacts (workspace_id, external_id, created_at) values (?, 'ri-no-workspace', now())", otherWorkspace + 1_000);
            assertThat(ReferentialIntegrity.violations(dsl)).containsExactly(
                    entry("events of no workspace", 1L),
                    entry("events of a contact that is not in their workspace", 1L),
                    entry("events of a URL that is not in their workspace", 2L),
                    entry("event message ids stored more than once", 1L),
                    entry("visitors of no workspace", 1L),
                    entry("visitors of a contact that is not in their workspace", 2L),
                    entry("contacts of no workspace", 1L),
                    entry("log entries of no workspace", 1L));
        } finally {
            dsl.execute("delete from events where message_id like 'ri-%'");
            dsl.execute("delete from visitors where anonymous_id like 'ri-%'");
            dsl.execute("delete from ingest_log where message_id = 'ri-log'");
            dsl.execute("delete from contacts where external_id = 'ri-no-workspace'");
        }
    }

    private long number(String sql, Object... bindings) {
        return ((Number) dsl.fetchValue(sql, bindings)).longValue();
    }
}
