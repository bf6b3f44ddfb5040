package io.segments.postgres.store;

import io.segments.definition.Subject;
import org.jooq.DSLContext;
import org.jooq.Record;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

/** Saved segments with their last computed count. */
public final class SegmentStore {
    public record SavedSegment(long id, String name, String description, Subject subject, String definitionJson,
                               Instant createdAt, Instant updatedAt, Long lastCount, Instant lastCountAsOf) {
    }

    private final DSLContext dsl;

    public SegmentStore(DSLContext dsl) {
        this.dsl = dsl;
    }

    public SavedSegment create(long workspaceId, String name, String description, Subject subject, String definitionJson,
                               long count, Instant asOf) {
        return map(dsl.fetchOne("insert into segments (workspace_id, name, description, subject, definition, last_count, last_count_as_of) "
                        + "values (?, ?, ?, ?, ?::json, ?, ?::timestamptz) returning *", workspaceId, name, description, subject.jsonName(),
                definitionJson, count, utc(asOf)));
    }

    public Optional<SavedSegment> update(long workspaceId, long id, String name, String description, Subject subject,
                                         String definitionJson, long count, Instant asOf) {
        return Optional.ofNullable(dsl.fetchOne("update segments set name = ?, description = ?, subject = ?, definition = ?::json, "
                        + "last_count = ?, last_count_as_of = ?::timestamptz, updated_at = now() where workspace_id = ? and id = ? returning *",
                name, description, subject.jsonName(), definitionJson, count, utc(asOf), workspaceId, id)).map(SegmentStore::map);
    }

    public void recordCount(long workspaceId, long id, long count, Instant asOf) {
        dsl.execute("update segments set last_count = ?, last_count_as_of = ?::timestamptz where workspace_id = ? and id = ?",
                count, utc(asOf), workspaceId, id);
    }

    public Optional<SavedSegment> find(long workspaceId, long id) {
        return Optional.ofNullable(dsl.fetchOne("select * from segments where workspace_id = ? and id = ?", workspaceId, id)).map(SegmentStore::map);
    }

    public List<SavedSegment> list(long workspaceId) {
        return dsl.fetch("select * from segments where workspace_id = ? order by id", workspaceId).map(SegmentStore::map);
    }

    public boolean delete(long workspaceId, long id) {
        return dsl.execute("delete from segments where workspace_id = ? and id = ?", workspaceId, id) == 1;
    }

    private static SavedSegment map(Record row) {
        return new SavedSegment(row.get("id", Long.class), row.get("name", String.class), row.get("description", String.class),
                Subject.fromJsonName(row.get("subject", String.class)).orElseThrow(), row.get("definition", String.class),
                instant(row.get("created_at", OffsetDateTime.class)), instant(row.get("updated_at", OffsetDateTime.class)),
                row.get("last_count", Long.class), instant(row.get("last_count_as_of", OffsetDateTime.class)));
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant == null ? null : OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    private static Instant instant(OffsetDateTime time) {
        return time == null ? null : time.toInstant();
    }
}
