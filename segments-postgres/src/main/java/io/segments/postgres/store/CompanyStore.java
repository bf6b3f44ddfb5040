package io.segments.postgres.store;

import com.fasterxml.jackson.databind.JsonNode;
import io.segments.text.TextFolding;
import org.jooq.DSLContext;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;

/** Companies, keyed by domain (case-insensitive). Methods expect to run inside a transaction. */
public final class CompanyStore {
    private final DSLContext dsl;
    private final PropertyCache properties;

    public CompanyStore(DSLContext dsl) {
        this(dsl, null);
    }

    /** With a {@link PropertyCache} of the caller's transaction, the property catalog is read once for all writes. */
    public CompanyStore(DSLContext dsl, PropertyCache properties) {
        this.dsl = dsl;
        this.properties = properties;
    }

    public record Outcome(long id, boolean created, java.util.List<TraitProblem> problems) {
    }

    public Outcome upsert(long workspaceId, String domain, Instant createdAt, Map<String, JsonNode> traits) {
        String key = domainKey(domain);
        if (key == null) {
            throw new IllegalArgumentException("a company needs a domain");
        }
        Optional<Long> existing = find(workspaceId, domain);
        long id = existing.orElseGet(() -> Sql.value(dsl, 
                "insert into companies (workspace_id, domain, domain_key, created_at) values (?, ?, ?, ?::timestamptz) "
                        + "on conflict (workspace_id, domain_key) where deleted_at is null do update set updated_at = now() returning id",
                Long.class, workspaceId, domain.strip(), key,
                OffsetDateTime.ofInstant(createdAt != null ? createdAt : Instant.now(), ZoneOffset.UTC)));
        Map<String, JsonNode> applied = new java.util.LinkedHashMap<>(traits);
        applied.remove("domain");
        return new Outcome(id, existing.isEmpty(), new RecordWriter(dsl, RecordShape.COMPANY, properties).apply(workspaceId, id, applied));
    }

    /** Applies traits to an existing company (a valid {@code createdAt} trait sets its creation time). */
    public java.util.List<TraitProblem> update(long workspaceId, long id, Map<String, JsonNode> traits) {
        Map<String, JsonNode> applied = new java.util.LinkedHashMap<>(traits);
        applied.remove("domain");
        return new RecordWriter(dsl, RecordShape.COMPANY, properties).apply(workspaceId, id, applied);
    }

    /** The live company a tracking client's group id names, if any. */
    public Optional<Long> findByGroupId(long workspaceId, String groupId) {
        return dsl.fetchOptional("select id from companies where workspace_id = ? and group_id = ? and deleted_at is null order by id desc limit 1",
                workspaceId, groupId).map(row -> row.get(0, Long.class));
    }

    /** Remembers the group id a tracking client names the company by. */
    public void setGroupId(long id, String groupId) {
        dsl.execute("update companies set group_id = ? where id = ? and group_id is distinct from ?", groupId, id, groupId);
    }

    public Optional<Long> find(long workspaceId, String domain) {
        return dsl.fetchOptional("select id from companies where workspace_id = ? and domain_key = ? and deleted_at is null",
                workspaceId, domainKey(domain)).map(row -> row.get(0, Long.class));
    }

    /**
     * Deletes a company: it leaves the companies universe, and conditions on a contact's company
     * treat its contacts as having none. Their link is kept as history.
     */
    public boolean delete(long workspaceId, long id) {
        return dsl.execute("update companies set deleted_at = now(), updated_at = now() where id = ? and workspace_id = ? "
                + "and deleted_at is null", id, workspaceId) == 1;
    }

    /** Domains compare folded, without a leading "www." or a trailing dot. */
    public static String domainKey(String domain) {
        String folded = TextFolding.fold(domain);
        if (folded == null) {
            return null;
        }
        if (folded.startsWith("www.")) {
            folded = folded.substring(4);
        }
        return folded.endsWith(".") ? folded.substring(0, folded.length() - 1) : folded;
    }
}
