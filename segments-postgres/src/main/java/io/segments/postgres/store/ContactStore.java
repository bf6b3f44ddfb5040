package io.segments.postgres.store;

import com.fasterxml.jackson.databind.JsonNode;
import io.segments.text.TextFolding;
import org.jooq.DSLContext;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Contacts: created or updated by email (unique per workspace, case-insensitive) or external user
 * id, identified visitors, merges and deletions. Methods expect to run inside a transaction.
 */
public final class ContactStore {
    private final DSLContext dsl;
    private final PropertyCache properties;

    public ContactStore(DSLContext dsl) {
        this(dsl, null);
    }

    /** With a {@link PropertyCache} of the caller's transaction, the property catalog is read once for all writes. */
    public ContactStore(DSLContext dsl, PropertyCache properties) {
        this.dsl = dsl;
        this.properties = properties;
    }

    /**
     * A contact's identity and traits as a client sends them. {@code createdAt} is the creation time
     * of a new contact (a message's time when the traits name none); a valid {@code createdAt}
     * trait sets the creation time of an existing contact too.
     */
    public record ContactChange(String email, String externalId, Instant createdAt, Map<String, JsonNode> traits) {
    }

    public record Outcome(long id, boolean created, List<TraitProblem> problems) {
    }

    /**
     * Finds the live contact known by the external id or else the email (following merges to the
     * survivor), creating it when there is none, and applies the traits.
     */
    public Outcome upsert(long workspaceId, ContactChange change) {
        Optional<Long> existing = Optional.empty();
        if (change.externalId() != null) {
            existing = findByExternalId(workspaceId, change.externalId());
        }
        if (existing.isEmpty() && change.email() != null) {
            existing = findByEmail(workspaceId, change.email());
        }
        if (existing.isEmpty()) {
            return createAll(workspaceId, List.of(change)).get(0);
        }
        long id = existing.get();
        if (change.externalId() != null) {
            setExternalIdIfMissing(id, change.externalId());
        }
        Map<String, JsonNode> traits = new java.util.LinkedHashMap<>(change.traits());
        if (change.email() != null && !traits.containsKey("email")) {
            traits.put("email", com.fasterxml.jackson.databind.node.TextNode.valueOf(change.email()));
        }
        return new Outcome(id, false, update(workspaceId, id, traits));
    }

    /** Gives the contact an external id unless it has one; returns false when it keeps another. */
    public boolean setExternalIdIfMissing(long id, String externalId) {
        dsl.execute("update contacts set external_id = ? where id = ? and external_id is null", externalId, id);
        return externalId.equals(Sql.value(dsl, "select external_id from contacts where id = ?", String.class, id));
    }

    /** Applies traits (built-in fields and custom properties) to a contact; returns what could not be applied. */
    public List<TraitProblem> update(long workspaceId, long id, Map<String, JsonNode> traits) {
        return new RecordWriter(dsl, RecordShape.CONTACT, properties).apply(workspaceId, id, traits);
    }

    /** The live contact that holds this email now (not following merges), if any. */
    public Optional<Long> liveOwnerOfEmail(long workspaceId, String email) {
        String key = TextFolding.fold(email);
        if (key == null) {
            return Optional.empty();
        }
        return dsl.fetchOptional("select id from contacts where workspace_id = ? and email_key = ? and deleted_at is null and merged_into is null",
                workspaceId, key).map(row -> row.get(0, Long.class));
    }

    /** Inserts a contact with its identity and traits ({@link #createAll} of one); returns its id. */
    public long create(long workspaceId, ContactChange change) {
        return createAll(workspaceId, List.of(change)).get(0).id();
    }

    /**
     * What an identify call needs to know about its user id and email, in one round trip: the
     * contacts {@link #findByExternalId} and {@link #findByEmail} give (following merges) and the
     * {@link #liveOwnerOfEmail live owner} of the email. A null user id or email finds nothing.
     */
    public record Identities(Optional<Long> byExternalId, Optional<Long> byEmail, Optional<Long> liveOwnerOfEmail) {
    }

    /**
     * The contacts many user ids and emails reach, in one statement: the answer at index i is for
     * {@code externalIds[i]} and {@code emails[i]} (either may be null): the contact the user id
     * names, the contact the email names (both following merges), and the email's live owner.
     */
    public List<Identities> findAllIdentities(long workspaceId, List<String> externalIds, List<String> emails) {
        int size = externalIds.size();
        List<Identities> found = new ArrayList<>(Collections.nCopies(size, null));
        if (size == 0) {
            return found;
        }
        String[] keys = emails.stream().map(email -> email == null ? null : TextFolding.fold(email)).toArray(String[]::new);
        // The email's live owner is the email's contact when that one is not merged: live contacts
        // come first, and the unique index on live emails allows one at most. (A look-up of its own
        // was planned, with the table's statistics behind its growth, as a scan of the workspace.)
        new BulkStatements(dsl).query("select m.n, u.id, u.merged_into, e.id, e.merged_into "
                        + "from unnest(?::text[], ?::text[]) with ordinality as m(external_id, email_key, n) "
                        + "left join lateral (select id, merged_into from contacts where workspace_id = ? and external_id = m.external_id and deleted_at is null "
                        + "order by (merged_into is null) desc, id desc limit 1) as u on true "
                        + "left join lateral (select id, merged_into from contacts where workspace_id = ? and email_key = m.email_key and deleted_at is null "
                        + "order by (merged_into is null) desc, id desc limit 1) as e on true",
                row -> {
                    Long emailContact = longOrNull(row, 4);
                    Long emailMergedInto = longOrNull(row, 5);
                    found.set((int) row.getLong(1) - 1, new Identities(followed(longOrNull(row, 2), longOrNull(row, 3)),
                            followed(emailContact, emailMergedInto), Optional.ofNullable(emailMergedInto == null ? emailContact : null)));
                },
                externalIds.toArray(String[]::new), keys, workspaceId, workspaceId);
        return found;
    }

    private static Long longOrNull(ResultSet row, int column) throws SQLException {
        long value = row.getLong(column);
        return row.wasNull() ? null : value;
    }

    /**
     * Inserts new contacts, each with its identity and its traits applied, in one statement (in the
     * order given: ids grow with it). Each change names an external id or an email, and no two the
     * same; a {@code createdAt} of null is now. Custom properties first seen are declared in that
     * order; when contacts {@link #updateAll updated} in the same batch come before some of these,
     * {@link #declareProperties declare} them first, in message order.
     */
    public List<Outcome> createAll(long workspaceId, List<ContactChange> changes) {
        if (changes.isEmpty()) {
            return List.of();
        }
        List<Map<String, Object>> seeds = new ArrayList<>();
        List<Map<String, JsonNode>> traits = new ArrayList<>();
        for (ContactChange change : changes) {
            Map<String, Object> seed = new HashMap<>();
            seed.put("email", change.email());
            seed.put("created_at", OffsetDateTime.ofInstant(change.createdAt() != null ? change.createdAt() : Instant.now(), ZoneOffset.UTC));
            seeds.add(seed);
            Map<String, JsonNode> applied = new java.util.LinkedHashMap<>(change.traits());
            if (change.email() != null && !applied.containsKey("email")) {
                applied.put("email", com.fasterxml.jackson.databind.node.TextNode.valueOf(change.email()));
            }
            traits.add(applied);
        }
        String[] externalIds = changes.stream().map(ContactChange::externalId).toArray(String[]::new);
        Map<String, Long> byExternalId = new HashMap<>();
        Map<String, Long> byEmailKey = new HashMap<>();
        List<List<TraitProblem>> problems = new RecordWriter(dsl, RecordShape.CONTACT, properties).insertAll(workspaceId, seeds, traits,
                Map.of("external_id", externalIds), "id, external_id, email_key",
                row -> {
                    if (row.getString(2) != null) {
                        byExternalId.put(row.getString(2), row.getLong(1));
                    } else {
                        byEmailKey.put(row.getString(3), row.getLong(1));
                    }
                });
        List<Outcome> outcomes = new ArrayList<>(changes.size());
        for (int index = 0; index < changes.size(); index++) {
            String emailKey = TextFolding.fold(changes.get(index).email());
            Long id = externalIds[index] != null ? byExternalId.get(externalIds[index]) : byEmailKey.get(emailKey);
            if (id == null) {
                throw new IllegalStateException("a created contact was not returned: " + externalIds[index] + " / " + emailKey);
            }
            outcomes.add(new Outcome(id, true, problems.get(index)));
        }
        return outcomes;
    }

    /** Declares, in order, the custom properties these traits name that are not declared yet (see {@link #createAll}). */
    public void declareProperties(long workspaceId, List<Map<String, JsonNode>> traitsInOrder) {
        new RecordWriter(dsl, RecordShape.CONTACT, properties).declareUnknown(workspaceId, traitsInOrder);
    }

    /**
     * {@link #setExternalIdIfMissing} for many contacts: each keeps an external id it has and takes
     * the given one otherwise. Returns the contacts that now have an external id other than the one given.
     */
    public Set<Long> setExternalIdsIfMissing(Map<Long, String> externalIds) {
        Set<Long> keepOther = new HashSet<>();
        if (externalIds.isEmpty()) {
            return keepOther;
        }
        Map<Long, String> sorted = new TreeMap<>(externalIds);
        new BulkStatements(dsl).execute("update contacts c set external_id = v.external_id from unnest(?::bigint[], ?::text[]) as v(id, external_id) "
                + "where c.id = any(?::bigint[]) and c.id = v.id and c.external_id is null",
                sorted.keySet().toArray(Long[]::new), sorted.values().toArray(String[]::new), sorted.keySet().toArray(Long[]::new));
        dsl.fetch("select id, external_id from contacts where id = any(?::bigint[])", (Object) sorted.keySet().toArray(Long[]::new)).forEach(row -> {
            if (!externalIds.get(row.get(0, Long.class)).equals(row.get(1, String.class))) {
                keepOther.add(row.get(0, Long.class));
            }
        });
        return keepOther;
    }

    /** {@link #update} for many contacts (each once), in a few statements; returns each one's problems. */
    public Map<Long, List<TraitProblem>> updateAll(long workspaceId, Map<Long, Map<String, JsonNode>> traitsById) {
        return new RecordWriter(dsl, RecordShape.CONTACT, properties).applyAll(workspaceId, traitsById);
    }

    private Optional<Long> followed(Long id, Long mergedInto) {
        return id == null ? Optional.empty() : Optional.of(mergedInto == null ? id : survivor(mergedInto));
    }

    public Optional<Long> findByEmail(long workspaceId, String email) {
        String key = TextFolding.fold(email);
        if (key == null) {
            return Optional.empty();
        }
        return dsl.fetchOptional("select id, merged_into from contacts where workspace_id = ? and email_key = ? and deleted_at is null "
                        + "order by (merged_into is null) desc, id desc limit 1", workspaceId, key)
                .map(row -> row.get(1) == null ? row.get(0, Long.class) : survivor(row.get(1, Long.class)));
    }

    public Optional<Long> findByExternalId(long workspaceId, String externalId) {
        return dsl.fetchOptional("select id, merged_into from contacts where workspace_id = ? and external_id = ? and deleted_at is null "
                        + "order by (merged_into is null) desc, id desc limit 1", workspaceId, externalId)
                .map(row -> row.get(1) == null ? row.get(0, Long.class) : survivor(row.get(1, Long.class)));
    }

    /** The contact a merged contact now lives on (itself when it was never merged). */
    public long survivor(long id) {
        Long current = id;
        for (int hops = 0; hops < 100; hops++) {
            Long next = Sql.value(dsl, "select merged_into from contacts where id = ?", Long.class, current);
            if (next == null) {
                return current;
            }
            current = next;
        }
        throw new IllegalStateException("merge chain too long from contact " + id);
    }

    /**
     * The anonymous visitor is this contact: the visitor's events, earlier and later, now count for
     * it. A visitor identified again as someone else moves to that contact with all its events
     * (the latest identification wins).
     */
    /**
     * Which of a visitor's events (alias {@code e}) move with the visitor from contact
     * {@code previousContact} (an SQL expression): those sent without a user id, and those whose user
     * id names no contact (yet), which count for the visitor's contact, so they are still with the
     * previous one. That last test reads the event row itself: when a concurrent transaction has
     * just given the event its user's contact, PostgreSQL re-checks the updated row, but would
     * evaluate the look-up of the user in the statement's older snapshot.
     */
    public static String visitorsEvent(String previousContact) {
        return "(e.user_id is null or (e.contact_id is not distinct from " + previousContact + " and not exists (select from contacts u "
                + "where u.workspace_id = e.workspace_id and u.external_id = e.user_id and u.deleted_at is null)))";
    }

    public void identify(long workspaceId, String anonymousId, long contactId) {
        Long previous = dsl.fetchOptional("select contact_id from visitors where workspace_id = ? and anonymous_id = ? for update", workspaceId, anonymousId)
                .map(row -> row.get(0, Long.class)).orElse(null);
        dsl.execute("insert into visitors (workspace_id, anonymous_id, contact_id) values (?, ?, ?) "
                + "on conflict (workspace_id, anonymous_id) do update set contact_id = excluded.contact_id", workspaceId, anonymousId, contactId);
        // Events sent with a user id belong to that user, whoever the visitor turns out to be; while
        // the user id names no contact, they are the visitor's like the rest.
        dsl.execute("update events e set contact_id = ? where e.workspace_id = ? and e.anonymous_id = ? and " + visitorsEvent("?::bigint")
                        + " and e.contact_id is distinct from ?", contactId, workspaceId, anonymousId, previous, contactId);
    }

    /** The contact an anonymous visitor was identified as, if any. */
    public Optional<Long> contactOfVisitor(long workspaceId, String anonymousId) {
        return dsl.fetchOptional("select contact_id from visitors where workspace_id = ? and anonymous_id = ? and contact_id is not null",
                workspaceId, anonymousId).map(row -> survivor(row.get(0, Long.class)));
    }

    /**
     * Merges {@code fromId} into {@code intoId}: events, visitors, consent history and (when the
     * survivor has none) the company link follow the survivor; the merged contact leaves every
     * universe but keeps its email and id so later messages naming it reach the survivor.
     */
    public void merge(long workspaceId, long fromId, long intoId) {
        if (fromId == intoId) {
            return;
        }
        dsl.execute("select id from contacts where id in (?, ?) order by id for update", fromId, intoId);
        dsl.execute("update events set contact_id = ? where contact_id = ?", intoId, fromId);
        dsl.execute("update visitors set contact_id = ? where contact_id = ?", intoId, fromId);
        dsl.execute("update consents set contact_id = ? where contact_id = ?", intoId, fromId);
        dsl.execute("update contacts survivor set company_id = merged.company_id from contacts merged "
                + "where survivor.id = ? and merged.id = ? and survivor.company_id is null", intoId, fromId);
        dsl.execute("update contacts set merged_into = ?, updated_at = now() where id = ?", intoId, fromId);
        // Contacts merged into the merged one earlier now point at the final survivor directly.
        dsl.execute("update contacts set merged_into = ? where merged_into = ?", intoId, fromId);
    }

    /** Deletes a contact: it leaves every universe. Returns false when there is no such live contact. */
    public boolean delete(long workspaceId, long id) {
        return dsl.execute("update contacts set deleted_at = now(), updated_at = now() where id = ? and workspace_id = ? "
                + "and deleted_at is null and merged_into is null", id, workspaceId) == 1;
    }

    /** Links the contact to a company, replacing any earlier company (a contact has at most one). */
    public void linkToCompany(long contactId, Long companyId) {
        dsl.execute("update contacts set company_id = ?, updated_at = now() where id = ?", companyId, contactId);
    }
}
