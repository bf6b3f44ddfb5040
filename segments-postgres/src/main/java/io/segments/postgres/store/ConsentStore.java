package io.segments.postgres.store;

import io.segments.definition.ConsentStatus;
import io.segments.text.ConsentChannels;
import org.jooq.DSLContext;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/** The append-only consent history. */
public final class ConsentStore {
    private final DSLContext dsl;

    public ConsentStore(DSLContext dsl) {
        this.dsl = dsl;
    }

    public long append(long workspaceId, long contactId, String channel, ConsentStatus status, Instant occurredAt) {
        if (status == ConsentStatus.UNKNOWN) {
            throw new IllegalArgumentException("a consent record grants or denies; unknown means no record");
        }
        return Sql.value(dsl, "insert into consents (workspace_id, contact_id, channel, status, occurred_at) values (?, ?, ?, ?, ?::timestamptz) returning id",
                Long.class, workspaceId, contactId, ConsentChannels.normalize(channel), status.jsonName(),
                OffsetDateTime.ofInstant(occurredAt, ZoneOffset.UTC));
    }
}
