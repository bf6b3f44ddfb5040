package io.segments.service.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.segments.postgres.store.BulkStatements;
import io.segments.postgres.store.ContactStore;
import io.segments.postgres.store.TraitProblem;
import io.segments.text.TextFolding;
import org.jooq.DSLContext;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * The identify calls of one transaction, applied a batch at a time with a few statements per batch
 * instead of several per call, with exactly the outcome of applying them one after the other.
 *
 * <p>A batch holds consecutive identify calls that cannot see each other's effects: no two name the
 * same user id, email or anonymous id, and no two reach the same contact (by user id, by email, or
 * as the email's live owner). Then each call's look-ups give what they would give after the calls
 * before it (an identify changes only the contact it reaches, the visitor it names, the events of
 * that visitor and user, and that user's and visitor's pending company links; a contact it creates
 * or changes gains only the call's own user id and email), so all can be looked up at once and
 * written at once. A call that shares anything with the batch starts the next batch, after the
 * batch before it is written. Group and alias calls are written one by one: the caller
 * {@link #flush flushes} before each, so they see every identify before them.
 */
final class IdentifyBatch {
    /** How many calls are looked up at once; a batch holds at most this many. */
    private static final int WINDOW = 64;

    private final long workspaceId;
    private final ContactStore contacts;
    private final BulkStatements bulk;
    private final Consumer<Ingestor.Problem> problems;
    private final List<Member> pending = new ArrayList<>();
    /** The user ids that came to name a contact here, each with the message that named it first. */
    private final Map<String, String> namedUsers = new HashMap<>();

    IdentifyBatch(DSLContext tx, long workspaceId, ContactStore contacts, Consumer<Ingestor.Problem> problems) {
        this.workspaceId = workspaceId;
        this.contacts = contacts;
        this.bulk = new BulkStatements(tx);
        this.problems = problems;
    }

    /** One identify call as read: its traits as they will be applied, and its problems so far. */
    private static final class Member {
        final TrackingMessage message;
        final Map<String, JsonNode> traits;
        final String userId;
        final String email;
        final List<Ingestor.Problem> problems = new ArrayList<>();
        /** Whether the call makes or updates a contact at all (it names a user id or an email). */
        boolean applies = true;
        // What the batch makes of it:
        Long contactId;
        ContactStore.ContactChange newContact;
        String externalIdToSet;
        String newUserId;

        Member(TrackingMessage message, Map<String, JsonNode> traits, String userId, String email) {
            this.message = message;
            this.traits = traits;
            this.userId = userId;
            this.email = email;
        }

        void problem(String pointer, String code, String text) {
            problems.add(new Ingestor.Problem(message.messageId(), pointer, code, text));
        }
    }

    /**
     * Queues an identify call; it is applied by the next {@link #flush}. Returns whether it makes or
     * updates a contact (it names a user id or an email), and so identifies its visitor.
     */
    boolean add(TrackingMessage message) {
        Map<String, JsonNode> traits = Ingestor.traits(message.traits());
        String email = Ingestor.email(message.traits());
        List<Ingestor.Problem> early = new ArrayList<>();
        JsonNode given = traits.get("email");
        if (email != null) {
            traits.replace("email", TextNode.valueOf(email));
        } else {
            traits.remove("email"); // an email is never unset by a message
            if (given != null && !given.isNull()) {
                early.add(new Ingestor.Problem(message.messageId(), "/traits/email", "wrong_type",
                        "\"email\" takes a non-empty string; got " + given + "."));
            }
        }
        Member member = new Member(message, traits, message.userId(), email);
        member.problems.addAll(early);
        if (member.userId == null && email == null) {
            member.problem("/userId", "not_a_contact",
                    "An identify call without a userId or an email trait does not make the visitor a contact; its traits were kept in the log but not applied.");
            member.applies = false;
        }
        pending.add(member);
        return member.applies;
    }

    /**
     * The user ids that the calls applied so far made name a contact (none named one before), each
     * with the id of the message that did it first: an event sent before that message came from a
     * user not known yet.
     */
    Map<String, String> namedUsers() {
        return namedUsers;
    }

    /** Applies every queued call, in order. */
    void flush() {
        int start = 0;
        while (start < pending.size()) {
            int end = Math.min(pending.size(), start + WINDOW);
            List<Member> window = pending.subList(start, end);
            List<ContactStore.Identities> known = lookUp(window);
            Set<String> keys = new HashSet<>();
            Set<Long> reached = new HashSet<>();
            List<Member> batch = new ArrayList<>();
            int index = 0;
            for (; index < window.size(); index++) {
                Member member = window.get(index);
                if (member.applies) {
                    Set<String> memberKeys = keys(member);
                    Set<Long> memberReaches = reaches(known.get(index));
                    if (!batch.isEmpty() && (intersects(keys, memberKeys) || intersects(reached, memberReaches))) {
                        break;
                    }
                    keys.addAll(memberKeys);
                    reached.addAll(memberReaches);
                    resolve(member, known.get(index));
                }
                batch.add(member);
            }
            write(batch);
            start += index;
        }
        pending.clear();
    }

    private List<ContactStore.Identities> lookUp(List<Member> window) {
        List<String> userIds = new ArrayList<>();
        List<String> emails = new ArrayList<>();
        for (Member member : window) {
            userIds.add(member.applies ? member.userId : null);
            emails.add(member.applies ? member.email : null);
        }
        return contacts.findAllIdentities(workspaceId, userIds, emails);
    }

    private static Set<String> keys(Member member) {
        Set<String> keys = new HashSet<>();
        if (member.userId != null) {
            keys.add("u:" + member.userId);
        }
        if (member.email != null) {
            keys.add("e:" + TextFolding.fold(member.email));
        }
        if (member.message.anonymousId() != null) {
            keys.add("a:" + member.message.anonymousId());
        }
        return keys;
    }

    private static Set<Long> reaches(ContactStore.Identities known) {
        Set<Long> ids = new HashSet<>();
        known.byExternalId().ifPresent(ids::add);
        known.byEmail().ifPresent(ids::add);
        known.liveOwnerOfEmail().ifPresent(ids::add);
        return ids;
    }

    private static <T> boolean intersects(Set<T> one, Set<T> other) {
        for (T element : other) {
            if (one.contains(element)) {
                return true;
            }
        }
        return false;
    }

    /** Which contact the call reaches, or the contact it creates, and what its email and user id do. */
    private void resolve(Member member, ContactStore.Identities known) {
        Optional<Long> byUser = known.byExternalId();
        Optional<Long> byEmail = known.byEmail();
        if (byUser.isPresent()) {
            member.contactId = byUser.get();
            if (member.email != null) {
                Optional<Long> owner = known.liveOwnerOfEmail();
                if (owner.isPresent() && !owner.get().equals(member.contactId)) {
                    member.problem("/traits/email", "email_in_use", "The email " + member.email + " belongs to another contact ("
                            + owner.get() + "); the contact known as " + member.userId + " keeps its email.");
                    member.traits.remove("email");
                } else if (owner.isEmpty() && byEmail.isPresent()) {
                    member.traits.remove("email"); // an email of a contact merged into this one: it keeps its own
                }
            }
        } else if (byEmail.isPresent()) {
            member.contactId = byEmail.get();
            if (known.liveOwnerOfEmail().isEmpty()) {
                member.traits.remove("email"); // reached through a merged contact's email
            }
            member.externalIdToSet = member.userId;
        } else {
            member.newContact = new ContactStore.ContactChange(member.email, member.userId, Ingestor.createdAt(member.traits, member.message), member.traits);
        }
        member.newUserId = byUser.isPresent() ? null : member.userId;
    }

    /** Writes a batch: new contacts, user ids, traits, visitors, their and their users' events, pending company links. */
    private void write(List<Member> batch) {
        List<Member> applying = batch.stream().filter(member -> member.applies).toList();
        List<Member> created = applying.stream().filter(member -> member.newContact != null).toList();
        if (!created.isEmpty() && created.size() < applying.size()) {
            // New contacts are written before the others are updated: the custom properties the batch
            // sees first are declared in message order, with the type of their first value.
            contacts.declareProperties(workspaceId, applying.stream().map(member -> member.traits).toList());
        }
        List<ContactStore.Outcome> createdContacts = contacts.createAll(workspaceId, created.stream().map(member -> member.newContact).toList());
        Map<Long, List<TraitProblem>> traitProblems = new HashMap<>();
        for (int index = 0; index < created.size(); index++) {
            created.get(index).contactId = createdContacts.get(index).id();
            traitProblems.put(createdContacts.get(index).id(), createdContacts.get(index).problems());
        }
        Map<Long, String> externalIds = new HashMap<>();
        applying.stream().filter(member -> member.externalIdToSet != null).forEach(member -> externalIds.put(member.contactId, member.externalIdToSet));
        Set<Long> keepOther = contacts.setExternalIdsIfMissing(externalIds);
        Map<Long, Map<String, JsonNode>> traits = new LinkedHashMap<>();
        for (Member member : applying) {
            if (member.externalIdToSet != null && keepOther.contains(member.contactId)) {
                member.newUserId = null; // the user id does not name the contact: its events stay its own
                member.problem("/userId", "user_id_conflict", "The contact with email " + member.email
                        + " is already known by another userId; this message's traits were applied to it, but \"" + member.userId + "\" does not name it.");
            }
            if (member.newUserId != null) {
                namedUsers.putIfAbsent(member.newUserId, member.message.messageId());
            }
            if (member.newContact == null) {
                traits.put(member.contactId, member.traits);
            }
        }
        traitProblems.putAll(contacts.updateAll(workspaceId, traits));
        for (Member member : applying) {
            for (TraitProblem problem : traitProblems.getOrDefault(member.contactId, List.of())) {
                member.problem("/traits/" + problem.trait(), problem.code(), problem.message());
            }
        }
        identifyVisitors(applying);
        repointUsersEvents(applying);
        linkPendingCompanies(applying);
        for (Member member : batch) {
            member.problems.forEach(problems);
        }
    }

    /**
     * Each call's visitor is its contact, with all its anonymous events. A visitor already that
     * contact's is not touched (an upsert would lock its row and write a new version), and its events
     * already point to it: every event reads its visitor's contact, and each identification
     * re-points the events before it. Events sent with a user id belong to that user once it names a
     * contact ({@link ContactStore#visitorsEvent}).
     */
    private void identifyVisitors(List<Member> applying) {
        TreeMap<String, Long> visitors = new TreeMap<>();
        for (Member member : applying) {
            if (member.message.anonymousId() != null) {
                visitors.put(member.message.anonymousId(), member.contactId);
            }
        }
        if (visitors.isEmpty()) {
            return;
        }
        // Which visitors change, read by index: the insert's own anti-join and the events update's
        // join would be planned over the whole table when its statistics lag a fast-growing table.
        // One sub-select per key: a plan of "anonymous_id = any(?)" made while the table was small
        // (a generic one, as an experiment showed) filtered every visitor of the workspace, 20 ms a
        // batch; each key's own look-up is a probe of the primary key whatever the plan.
        TreeMap<String, Long> changed = new TreeMap<>(visitors);
        Map<String, Long> previous = new HashMap<>();
        bulk.query("select k, (select v.contact_id from visitors v where v.workspace_id = ? and v.anonymous_id = k) from unnest(?::text[]) as k",
                row -> {
                    long current = row.getLong(2);
                    if (row.wasNull()) {
                        return;
                    }
                    if (changed.get(row.getString(1)) == current) {
                        changed.remove(row.getString(1));
                    } else {
                        previous.put(row.getString(1), current);
                    }
                },
                workspaceId, visitors.keySet().toArray(String[]::new));
        if (changed.isEmpty()) {
            return;
        }
        String[] anonymousIds = changed.keySet().toArray(String[]::new);
        Long[] contactIds = changed.values().toArray(Long[]::new);
        Long[] previousIds = changed.keySet().stream().map(previous::get).toArray(Long[]::new);
        bulk.execute("insert into visitors (workspace_id, anonymous_id, contact_id) select ?, v.anonymous_id, v.contact_id "
                        + "from unnest(?::text[], ?::bigint[]) as v(anonymous_id, contact_id) "
                        + "on conflict (workspace_id, anonymous_id) do update set contact_id = excluded.contact_id",
                workspaceId, anonymousIds, contactIds);
        bulk.execute("update events e set contact_id = v.contact_id from unnest(?::text[], ?::bigint[], ?::bigint[]) as v(anonymous_id, contact_id, previous) "
                        + "where e.workspace_id = ? and e.anonymous_id = any(?::text[]) and e.anonymous_id = v.anonymous_id "
                        + "and " + ContactStore.visitorsEvent("v.previous") + " and e.contact_id is distinct from v.contact_id",
                anonymousIds, contactIds, previousIds, workspaceId, anonymousIds);
    }

    /** A user id that names its contact for the first time brings the events sent with it. */
    private void repointUsersEvents(List<Member> applying) {
        TreeMap<String, Long> users = new TreeMap<>();
        for (Member member : applying) {
            if (member.newUserId != null) {
                users.put(member.newUserId, member.contactId);
            }
        }
        if (!users.isEmpty()) {
            String[] userIds = users.keySet().toArray(String[]::new);
            bulk.execute("update events e set contact_id = v.contact_id from unnest(?::text[], ?::bigint[]) as v(user_id, contact_id) "
                            + "where e.workspace_id = ? and e.user_id = any(?::text[]) and e.user_id = v.user_id and e.contact_id is distinct from v.contact_id",
                    userIds, users.values().toArray(Long[]::new), workspaceId, userIds);
        }
    }

    /** A group call that came before its sender was a contact links the contact now (the latest group wins). */
    private void linkPendingCompanies(List<Member> applying) {
        Map<String, Member> bySender = new TreeMap<>();
        for (Member member : applying) {
            if (member.userId != null) {
                bySender.put("u:" + member.userId, member);
            }
            if (member.message.anonymousId() != null) {
                bySender.put("a:" + member.message.anonymousId(), member);
            }
        }
        if (bySender.isEmpty()) {
            return;
        }
        Map<Member, Long> company = new HashMap<>();
        Map<Member, Instant> latest = new HashMap<>();
        bulk.query("delete from pending_company_links where workspace_id = ? and sender = any(?::text[]) returning sender, company_id, occurred_at",
                row -> {
                    Member member = bySender.get(row.getString(1));
                    Instant at = row.getObject(3, OffsetDateTime.class).toInstant();
                    if (!latest.containsKey(member) || at.isAfter(latest.get(member))) {
                        latest.put(member, at);
                        company.put(member, row.getLong(2));
                    }
                },
                workspaceId, bySender.keySet().toArray(String[]::new));
        for (Member member : applying) {
            if (company.containsKey(member)) {
                contacts.linkToCompany(member.contactId, company.get(member));
            }
        }
    }
}
