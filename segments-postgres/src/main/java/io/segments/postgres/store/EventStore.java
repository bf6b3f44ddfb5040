package io.segments.postgres.store;

import io.segments.text.UrlNormalization;
import org.jooq.DSLContext;
import org.jooq.JSONB;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * Tracking events. Each event's contact is resolved when it is written (the given contact, else
 * the contact its visitor was identified as) so that queries never join visitors; identify and
 * merge re-point it later. A message id seen before in the workspace is not stored again.
 */
public final class EventStore {
    public enum Kind {
        PAGE_VIEW(1), FORM_SUBMISSION(2), OTHER(3);

        private final short code;

        Kind(int code) {
            this.code = (short) code;
        }

        public short code() {
            return code;
        }
    }

    public record Event(String messageId, Kind kind, String anonymousId, Long contactId, String url, String formId,
                        String eventName, String propertiesJson, Instant occurredAt) {
    }

    private final DSLContext dsl;
    private final ContactStore contacts;

    public EventStore(DSLContext dsl) {
        this.dsl = dsl;
        this.contacts = new ContactStore(dsl);
    }

    /** Stores the event; returns false when its message id was stored before (a retry). */
    public boolean record(long workspaceId, Event event) {
        Long contactId = event.contactId();
        if (event.anonymousId() != null) {
            dsl.execute("insert into visitors (workspace_id, anonymous_id, contact_id) values (?, ?, ?) "
                    + "on conflict (workspace_id, anonymous_id) do nothing", workspaceId, event.anonymousId(), contactId);
            if (contactId != null) {
                // A known user sending with an anonymous id identifies that visitor.
                contacts.identify(workspaceId, event.anonymousId(), contactId);
            } else {
                contactId = contacts.contactOfVisitor(workspaceId, event.anonymousId()).orElse(null);
            }
        }
        Long urlId = event.url() == null ? null : urlId(workspaceId, event.url());
        // Message ids are not unique in events (the ingestion log keeps them unique; V8): a retry is
        // recognized by reading, under a lock on the message id against a concurrent copy of it.
        dsl.execute("select pg_advisory_xact_lock(hashtextextended(?, ?))", event.messageId(), workspaceId);
        return dsl.execute("insert into events (workspace_id, message_id, kind, anonymous_id, contact_id, url_id, form_id, event_name, properties, occurred_at) "
                        + "select ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?::timestamptz "
                        + "where not exists (select from events e where e.workspace_id = ? and e.message_id = ?)",
                workspaceId, event.messageId(), event.kind().code(), event.anonymousId(), contactId, urlId, event.formId(),
                event.eventName(), event.propertiesJson() == null ? "{}" : event.propertiesJson(),
                OffsetDateTime.ofInstant(event.occurredAt(), ZoneOffset.UTC), workspaceId, event.messageId()) == 1;
    }

    /** The id of a distinct URL, normalized and folded once when first seen. */
    public long urlId(long workspaceId, String url) {
        Long id = Sql.value(dsl, "select id from urls where workspace_id = ? and url = ?", Long.class, workspaceId, url);
        if (id != null) {
            return id;
        }
        String normalized = UrlNormalization.normalize(url);
        return Sql.value(dsl, "insert into urls (workspace_id, url, url_folded) values (?, ?, ?) "
                        + "on conflict (workspace_id, url) do update set url = excluded.url returning id",
                Long.class, workspaceId, url, normalized == null ? "" : normalized);
    }
}
