package io.segments.service.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.segments.postgres.store.BulkStatements;
import io.segments.postgres.store.CompanyStore;
import io.segments.postgres.store.ContactStore;
import io.segments.postgres.store.EventStore;
import io.segments.postgres.store.FormStore;
import io.segments.postgres.store.PropertyCache;
import io.segments.postgres.store.PropertyStore;
import io.segments.postgres.store.TraitProblem;
import io.segments.postgres.store.TraitValues;
import io.segments.text.TextFolding;
import io.segments.text.UrlNormalization;
import org.jooq.DSLContext;
import org.jooq.exception.DataAccessException;
import org.jooq.impl.DSL;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Applies validated tracking messages: each is first appended to the ingestion log (a message id
 * seen before is skipped: stored once), then applied in order. Concurrent requests are combined
 * into one transaction ({@link GroupCommit}, two such transactions at a time) and each is answered
 * once that transaction committed. Events are written in bulk, identify calls in batches of
 * independent ones ({@link IdentifyBatch}), group and alias one by one. Identity keys (user ids,
 * emails, company keys) are locked with transaction-scoped advisory locks taken in a fixed order,
 * and a transaction that still collides (deadlock, serialization, unique violation) is retried.
 */
@Component
public class Ingestor {
    private static final Logger LOG = LoggerFactory.getLogger(Ingestor.class);
    private static final int ATTEMPTS = 6;
    /**
     * The share of PostgreSQL's lock table (max_locks_per_transaction times max_connections) one
     * transaction may fill with identity locks before it takes the workspace's ingestion lock
     * exclusively instead: two group writers of the largest size still leave five sixths of it to
     * everyone else. On PostgreSQL's defaults (64 and 100) that is 533 keys; the embedded server's
     * larger table (Database) lets groups of a few thousand messages lock their identities one by one.
     */
    private static final int LOCK_TABLE_SHARE = 12;
    /**
     * The most messages one transaction applies for several requests (a single larger request is
     * still applied whole): large enough that the fixed costs of a transaction vanish, small enough
     * that its locks and its answer's wait stay short.
     */
    private static final int MAX_GROUP_MESSAGES = 2_000;
    /**
     * Two groups are written at once: while one transaction waits for its commit to reach the disk
     * or for PostgreSQL to run a statement, the next one's statements run. One writer left a fifth
     * of both cores idle; with two, bench-ingest sent 30% more events per second (8,267 against
     * 6,352, docs/benchmarks.md), with four 21% more, its groups being smaller.
     */
    private static final int GROUP_WRITERS = 2;
    /** How long after a message id seen before the log is written with on conflict straight away. */
    static final long DUPLICATE_WAVE_NANOS = 5_000_000_000L;

    private volatile long duplicateWaveNanos = DUPLICATE_WAVE_NANOS; // tests lengthen it

    /** When a plain log insert last met a message id seen before ({@link Run#appendToLog}); long ago at first. */
    private volatile long lastDuplicateNanos = System.nanoTime() - Long.MAX_VALUE / 2;
    /** How many plain log inserts met a message id seen before and were undone. */
    private final java.util.concurrent.atomic.AtomicLong plainLogInsertsUndone = new java.util.concurrent.atomic.AtomicLong();

    /** A message's problem: what could not be applied, kept with the message in the log. */
    public record Problem(String messageId, String pointer, String code, String message) {
    }

    /** What became of one request's messages: how many were stored, how many were seen before, and their problems. */
    public record Result(int stored, int duplicates, List<Problem> problems) {
    }

    /** A request's messages, and the identity locks applying them takes. */
    private record Request(long workspaceId, List<TrackingMessage> messages, LockClaims claims) {
    }

    private final DSLContext dsl;
    /** The most identity keys one transaction locks one by one (beyond, it takes the workspace's ingestion lock exclusively). */
    private final int maxLocks;
    private final GroupCommit<Request, Result> groups;

    public Ingestor(DSLContext dsl) {
        this.dsl = dsl;
        Number lockTable = (Number) dsl.fetchValue("select current_setting('max_locks_per_transaction')::bigint * current_setting('max_connections')::bigint");
        this.maxLocks = (int) Math.min(Integer.MAX_VALUE, Math.max(64, lockTable.longValue() / LOCK_TABLE_SHARE));
        this.groups = new GroupCommit<>(this::write, Request::workspaceId, request -> request.messages().size(),
                Request::claims, maxLocks,
                MAX_GROUP_MESSAGES, GROUP_WRITERS);
    }

    /** For tests: the most identity keys one transaction locks one by one. */
    int maxLocks() {
        return maxLocks;
    }

    /** For tests: how many plain log inserts met a message id seen before and were undone. */
    long plainLogInsertsUndone() {
        return plainLogInsertsUndone.get();
    }

    /**
     * For tests: the log is written with a plain insert first again, as when no duplicate was seen
     * lately, and after the next duplicate with on conflict for {@code waveNanos}.
     */
    void forgetDuplicates(long waveNanos) {
        duplicateWaveNanos = waveNanos;
        lastDuplicateNanos = System.nanoTime() - Long.MAX_VALUE / 2;
    }

    /** Applies the messages, all or nothing; returns once they are committed. */
    public Result ingest(long workspaceId, List<TrackingMessage> messages) {
        return groups.submit(new Request(workspaceId, List.copyOf(messages), LockClaims.of(identityKeys(workspaceId, messages), maxLocks)));
    }

    /** Applies the requests (of one workspace) in one transaction, as if one after the other. */
    private List<Result> write(List<Request> requests) {
        long workspaceId = requests.get(0).workspaceId();
        List<TrackingMessage> all = new ArrayList<>();
        requests.forEach(request -> all.addAll(request.messages()));
        LockClaims locks = LockClaims.union(requests.stream().map(Request::claims).toList(), maxLocks);
        Run.Outcome outcome = inTransaction(configuration -> new Run(DSL.using(configuration), workspaceId).apply(all, locks));
        // A message id in several requests of the group is stored for the first of them.
        Set<String> unclaimed = new HashSet<>(outcome.stored());
        List<Result> results = new ArrayList<>(requests.size());
        for (Request request : requests) {
            int stored = 0;
            Set<String> mine = new HashSet<>();
            for (TrackingMessage message : request.messages()) {
                if (unclaimed.remove(message.messageId())) {
                    stored++;
                    mine.add(message.messageId());
                }
            }
            List<Problem> problems = outcome.problems().stream().filter(problem -> mine.contains(problem.messageId())).toList();
            results.add(new Result(stored, request.messages().size() - stored, problems));
        }
        return results;
    }

    private <T> T inTransaction(org.jooq.TransactionalCallable<T> work) {
        for (int attempt = 1; ; attempt++) {
            try {
                return dsl.transactionResult(work);
            } catch (DataAccessException failure) {
                String state = failure.sqlState();
                boolean retriable = "40P01".equals(state) || "40001".equals(state) || "23505".equals(state);
                if (!retriable || attempt >= ATTEMPTS) {
                    throw failure;
                }
                LOG.debug("Ingestion attempt {} collided ({}); retrying", attempt, state);
                try {
                    Thread.sleep(ThreadLocalRandom.current().nextLong(5, 20L * attempt));
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw failure;
                }
            }
        }
    }

    /** The advisory lock key of an identity ({@code kind} u, e, v, c, g; w for the workspace's ingestion lock). */
    static long lockKey(long workspaceId, String kind, String value) {
        long hash = 0xcbf29ce484222325L ^ workspaceId;
        for (byte b : (kind + ":" + value).getBytes(StandardCharsets.UTF_8)) {
            hash ^= b & 0xff;
            hash *= 0x100000001b3L;
        }
        return hash;
    }

    /**
     * The identity keys a transaction applying the messages locks, each shared or exclusive (see
     * {@link Run#lockIdentities}): an event takes its visitor's and user's keys shared, an identity
     * call takes them exclusively.
     */
    static Map<Long, Boolean> identityKeys(long workspaceId, List<TrackingMessage> messages) {
        Map<Long, Boolean> keys = new HashMap<>(); // key -> exclusive
        for (TrackingMessage message : messages) {
            switch (message.type()) {
                case IDENTIFY -> {
                    addKey(keys, workspaceId, "u", message.userId(), true);
                    addKey(keys, workspaceId, "e", TextFolding.fold(email(message.traits())), true);
                    addKey(keys, workspaceId, "v", message.anonymousId(), true);
                }
                case GROUP -> {
                    addKey(keys, workspaceId, "u", message.userId(), true);
                    addKey(keys, workspaceId, "c", CompanyStore.domainKey(companyKey(message)), true);
                    addKey(keys, workspaceId, "g", message.groupId(), true);
                    addKey(keys, workspaceId, "v", message.anonymousId(), true);
                }
                case ALIAS -> {
                    addKey(keys, workspaceId, "u", message.userId(), true);
                    addKey(keys, workspaceId, "u", message.previousId(), true);
                    addKey(keys, workspaceId, "v", message.previousId(), true);
                }
                default -> {
                    addKey(keys, workspaceId, "u", message.userId(), false);
                    // A known user's event identifies its visitor.
                    addKey(keys, workspaceId, "v", message.anonymousId(), message.userId() != null);
                }
            }
        }
        return keys;
    }

    private static void addKey(Map<Long, Boolean> keys, long workspaceId, String kind, String value, boolean exclusive) {
        if (value != null) {
            keys.merge(lockKey(workspaceId, kind, value), exclusive, Boolean::logicalOr);
        }
    }

    private record UrlKey(long workspaceId, String url) {
    }

    private static final int URL_CACHE_SIZE = 200_000;
    private final Map<UrlKey, Long> urlCache = new java.util.concurrent.ConcurrentHashMap<>();

    /** Caches of rows that never change once committed, bounded by starting over when full. */
    private static <K, V> void remember(Map<K, V> cache, int limit, K key, V value) {
        if (cache.size() >= limit) {
            cache.clear();
        }
        cache.put(key, value);
    }

    private record VisitorKey(long workspaceId, String anonymousId) {
    }

    private static final int VISITOR_CACHE_SIZE = 500_000;
    /**
     * Visitors seen committed. A visitor row is never removed, so once one is seen committed it needs
     * no look-up again; most traffic comes from visitors already seen (a session's page views).
     */
    private final Map<VisitorKey, Boolean> knownVisitors = new java.util.concurrent.ConcurrentHashMap<>();

    /** One attempt, inside its transaction. */
    private final class Run {
        /** The message ids stored by this run, and the problems of their messages. */
        record Outcome(Set<String> stored, List<Problem> problems) {
        }

        private final DSLContext tx;
        private final long workspaceId;
        private final ContactStore contacts;
        private final CompanyStore companies;
        private final BulkStatements bulk;
        private final List<Problem> problems = new ArrayList<>();

        Run(DSLContext tx, long workspaceId) {
            this.tx = tx;
            this.workspaceId = workspaceId;
            PropertyCache properties = new PropertyCache(new PropertyStore(tx));
            this.contacts = new ContactStore(tx, properties);
            this.companies = new CompanyStore(tx, properties);
            this.bulk = new BulkStatements(tx);
        }

        Outcome apply(List<TrackingMessage> messages, LockClaims locks) {
            // Every statement is planned for its own values. A cached generic plan knows neither how
            // many keys an array holds nor how far a table has grown since the plan was made (it is
            // re-planned only after ANALYZE, a minute or more apart): into empty tables, plans made
            // in the first seconds scanned whole tables for a handful of keys, and a batch's visitor
            // and contact look-ups took 8 ms instead of 0.1. The statements here each carry a whole
            // batch, so planning them costs a fraction of a millisecond per batch, not per message.
            bulk.execute("set local plan_cache_mode = force_custom_plan");
            lockIdentities(locks);
            Map<String, Long> logIds = appendToLog(messages);
            registerVisitors(messages);
            List<TrackingMessage> fresh = new ArrayList<>();
            Set<String> seen = new HashSet<>();
            for (TrackingMessage message : messages) {
                if (logIds.containsKey(message.messageId()) && seen.add(message.messageId())) {
                    fresh.add(message);
                }
            }
            // Identity first, in order; then every event in bulk. The result is the same as applying
            // all in order: an event's contact is resolved from the identities as they end up, and
            // identify and alias re-point events written before them anyway. Identify calls are
            // applied in batches; group and alias calls one by one, after the identifies before them.
            // An event sent with a known user id and an anonymous id identifies that visitor, which a
            // later group call by anonymous id must see: those identifications are applied before it.
            Map<String, Integer> positions = new HashMap<>();
            for (int index = 0; index < fresh.size(); index++) {
                positions.put(fresh.get(index).messageId(), index); // message ids are distinct in fresh
            }
            List<TrackingMessage> events = new ArrayList<>();
            int eventsIdentifying = 0;
            Map<String, Integer> lastIdentityOfVisitor = new HashMap<>();
            IdentifyBatch identifies = new IdentifyBatch(tx, workspaceId, contacts, problems::add);
            for (int index = 0; index < fresh.size(); index++) {
                TrackingMessage message = fresh.get(index);
                if (message.type().isEvent()) {
                    events.add(message);
                    continue;
                }
                switch (message.type()) {
                    case IDENTIFY -> {
                        if (identifies.add(message) && message.anonymousId() != null) {
                            lastIdentityOfVisitor.put(message.anonymousId(), index);
                        }
                    }
                    case GROUP -> {
                        identifies.flush();
                        if (message.anonymousId() != null && eventsIdentifying < events.size()) {
                            identifyVisitorsOfKnownUsers(events.subList(eventsIdentifying, events.size()), positions, lastIdentityOfVisitor,
                                    identifies.namedUsers());
                            eventsIdentifying = events.size();
                        }
                        group(message);
                    }
                    case ALIAS -> {
                        identifies.flush();
                        if (alias(message)) {
                            lastIdentityOfVisitor.put(message.previousId(), index);
                        }
                    }
                    default -> throw new IllegalStateException();
                }
            }
            identifies.flush();
            writeEvents(events, positions, lastIdentityOfVisitor, identifies.namedUsers());
            recordProblems(logIds, fresh);
            return new Outcome(seen, List.copyOf(problems));
        }

        // ---- the log -------------------------------------------------------------------------

        /** Appends every message whose id is new; returns the new ones' log ids by message id. */
        private Map<String, Long> appendToLog(List<TrackingMessage> messages) {
            Map<String, TrackingMessage> byId = new TreeMap<>();
            for (TrackingMessage message : messages) {
                byId.putIfAbsent(message.messageId(), message);
            }
            String[] ids = new String[byId.size()];
            String[] types = new String[byId.size()];
            String[] payloads = new String[byId.size()];
            String[] received = new String[byId.size()];
            int index = 0;
            for (TrackingMessage message : byId.values()) {
                ids[index] = message.messageId();
                types[index] = message.type().jsonName();
                payloads[index] = message.payload();
                received[index] = IsoTimestamps.format(message.receivedAt());
                index++;
            }
            Map<String, Long> logIds = new HashMap<>();
            String insert = "insert into ingest_log (workspace_id, message_id, type, payload, received_at) "
                    + "select ?, m.id, m.type, m.payload, m.received::timestamptz "
                    + "from unnest(?::text[], ?::text[], ?::text[], ?::text[]) as m(id, type, payload, received) ";
            BulkStatements.RowReader reader = row -> logIds.put(row.getString(2), row.getLong(1));
            Object[] parameters = {workspaceId, ids, types, payloads, received};
            // Nearly every message is new, and a plain insert costs less than one with on conflict,
            // which probes the unique index first and inserts each row as speculative (11.0 against
            // 6.3 µs a row). A message id seen before fails the plain insert: it is undone to the
            // savepoint and the log written with on conflict, which skips what is stored (or being
            // stored by a concurrent request: it waits for that one's outcome). After a duplicate,
            // the next few seconds' transactions go straight to on conflict: retries come in waves.
            if (System.nanoTime() - lastDuplicateNanos > duplicateWaveNanos) {
                bulk.execute("savepoint log_append");
                try {
                    bulk.query(insert + "returning id, message_id", reader, parameters);
                    bulk.execute("release savepoint log_append");
                    return logIds;
                } catch (DataAccessException failure) {
                    if (!"23505".equals(failure.sqlState())) {
                        throw failure;
                    }
                    lastDuplicateNanos = System.nanoTime();
                    plainLogInsertsUndone.incrementAndGet();
                    bulk.execute("rollback to savepoint log_append");
                    logIds.clear();
                }
            }
            bulk.query(insert + "on conflict (workspace_id, message_id) do nothing returning id, message_id", reader, parameters);
            return logIds;
        }

        private void recordProblems(Map<String, Long> logIds, List<TrackingMessage> fresh) {
            if (problems.isEmpty()) {
                return;
            }
            Map<String, Instant> receivedAt = new HashMap<>();
            fresh.forEach(message -> receivedAt.put(message.messageId(), message.receivedAt()));
            int size = problems.size();
            String[] recorded = new String[size];
            Long[] logs = new Long[size];
            String[] messageIds = new String[size];
            String[] pointers = new String[size];
            String[] codes = new String[size];
            String[] texts = new String[size];
            for (int index = 0; index < size; index++) {
                Problem problem = problems.get(index);
                logs[index] = logIds.get(problem.messageId());
                messageIds[index] = problem.messageId();
                pointers[index] = problem.pointer();
                codes[index] = problem.code();
                texts[index] = problem.message();
                recorded[index] = receivedAt.get(problem.messageId()).toString();
            }
            bulk.execute("insert into ingest_problems (workspace_id, log_id, message_id, pointer, code, message, recorded_at) "
                            + "select ?, p.log, p.mid, p.pointer, p.code, p.message, p.recorded::timestamptz "
                            + "from unnest(?::bigint[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[]) with ordinality as p(log, mid, pointer, code, message, recorded, n) order by p.n",
                    workspaceId, logs, messageIds, pointers, codes, texts, recorded);
        }

        private void problem(TrackingMessage message, String pointer, String code, String text) {
            problems.add(new Problem(message.messageId(), pointer, code, text));
        }

        private void traitProblems(TrackingMessage message, List<TraitProblem> traitProblems) {
            for (TraitProblem problem : traitProblems) {
                problem(message, "/traits/" + problem.trait(), problem.code(), problem.message());
            }
        }

        /**
         * Every anonymous id is a known visitor from its first message on. All of a request's are
         * added first, in one statement and in a fixed order, so that concurrent requests naming
         * the same new visitors cannot deadlock.
         */
        private void registerVisitors(List<TrackingMessage> messages) {
            // Each new visitor was first seen when the first message naming it arrived.
            TreeMap<String, Instant> firstSeen = new TreeMap<>();
            for (TrackingMessage message : messages) {
                if (message.anonymousId() != null) {
                    firstSeen.merge(message.anonymousId(), message.receivedAt(), (one, other) -> one.isBefore(other) ? one : other);
                }
            }
            java.util.NavigableSet<String> anonymousIds = firstSeen.navigableKeySet();
            if (anonymousIds.isEmpty()) {
                return;
            }
            // Visitors are never removed: those already committed need no insert, and skipping them
            // keeps this statement from waiting for concurrent transactions that touch their rows.
            anonymousIds.removeIf(anonymousId -> knownVisitors.containsKey(new VisitorKey(workspaceId, anonymousId)));
            if (anonymousIds.isEmpty()) {
                return;
            }
            probe("select true from visitors v where v.workspace_id = ? and v.anonymous_id = k", anonymousIds).forEach((anonymousId, known) -> {
                anonymousIds.remove(anonymousId);
                // Committed before this statement began.
                remember(knownVisitors, VISITOR_CACHE_SIZE, new VisitorKey(workspaceId, anonymousId), Boolean.TRUE);
            });
            if (!anonymousIds.isEmpty()) {
                bulk.execute("insert into visitors (workspace_id, anonymous_id, first_seen_at) select ?, v.a, v.at::timestamptz "
                                + "from unnest(?::text[], ?::text[]) as v(a, at) on conflict (workspace_id, anonymous_id) do nothing",
                        workspaceId, anonymousIds.toArray(String[]::new), firstSeen.values().stream().map(IsoTimestamps::format).toArray(String[]::new));
            }
        }

        /**
         * Looks up each key with {@code lookup} (a select of one value, given the workspace id and the
         * key as column {@code k}, that finds at most one row); returns the found values by key. Written
         * as one sub-select per key, the look-ups stay key probes whatever the planner thinks of the
         * table's size, where {@code = any(array)} or a join may read the whole table per request.
         */
        private Map<String, Object> probe(String lookup, java.util.Collection<String> keys) {
            Map<String, Object> found = new HashMap<>();
            if (keys.isEmpty()) {
                return found;
            }
            bulk.query("select k, (" + lookup + ") from unnest(?::text[]) as k", row -> {
                Object value = row.getObject(2);
                if (value != null) {
                    found.put(row.getString(1), value);
                }
            }, workspaceId, keys.toArray(String[]::new));
            return found;
        }

        // ---- locks ---------------------------------------------------------------------------

        /**
         * Serializes concurrent work on the same identities (a new email, a user id, a company), and
         * orders every event against the identify, group or alias calls of its sender: an event takes
         * its visitor's and user's keys shared (events of one visitor never wait for each other), an
         * identity call takes them exclusively. So an identify waits for the requests already writing
         * that visitor's events and then re-points them, and an event sent meanwhile waits for the
         * identify and then reads the visitor's contact as it left it. Without this, an event whose
         * request read the visitor before a concurrent identify committed stayed with no contact.
         */
        private void lockIdentities(LockClaims claims) {
            // PostgreSQL's lock table is finite: a transaction naming very many identities takes the
            // workspace's ingestion lock exclusively instead, and every other one takes it shared. (Coarser
            // slots shared by all would serialize nearly every pair of transactions, and slots for large
            // ones only would not conflict with the keys of small ones.) The workspace lock comes first,
            // then the keys in key order: transactions taking overlapping keys cannot deadlock.
            Map<Long, Boolean> locks = new LinkedHashMap<>();
            locks.put(lockKey(workspaceId, "w", "ingestion"), claims.everything());
            locks.putAll(new TreeMap<>(claims.keys()));
            bulk.query("select case when l.exclusive then pg_advisory_xact_lock(l.k)::text else pg_advisory_xact_lock_shared(l.k)::text end "
                            + "from unnest(?::bigint[], ?::boolean[]) with ordinality as l(k, exclusive, n) order by l.n",
                    row -> { }, locks.keySet().toArray(Long[]::new), locks.values().toArray(Boolean[]::new));
        }

        // ---- events --------------------------------------------------------------------------

        /**
         * A known user's anonymous id is that user: the visitors of the events sent with a user id
         * known when they were sent and an anonymous id become that user's contact's, unless a later
         * identify or alias (up to what {@code lastIdentityOfVisitor} holds) says otherwise: the latest
         * word wins. A user id first named by an identify after the event was not known to it
         * ({@code namedUsers}), exactly as if each message had come alone. Returns the contact each
         * user id of the events names now (following merges).
         */
        private Map<String, Long> identifyVisitorsOfKnownUsers(List<TrackingMessage> run, Map<String, Integer> positions,
                                                              Map<String, Integer> lastIdentityOfVisitor, Map<String, String> namedUsers) {
            Map<String, Long> contactOfUser = contactsOfUsers(run);
            Map<String, Long> identified = new TreeMap<>();
            for (TrackingMessage message : run) {
                if (message.anonymousId() != null) {
                    Long contact = message.userId() == null ? null : contactOfUser.get(message.userId());
                    int position = positions.get(message.messageId());
                    String namedBy = message.userId() == null ? null : namedUsers.get(message.userId());
                    boolean knownThen = namedBy == null || positions.get(namedBy) < position;
                    Integer later = lastIdentityOfVisitor.get(message.anonymousId());
                    if (contact != null && knownThen && (later == null || later < position)) {
                        identified.put(message.anonymousId(), contact);
                    }
                }
            }
            if (!identified.isEmpty()) {
                Map<String, Long> current = new HashMap<>();
                probe("select v.contact_id from visitors v where v.workspace_id = ? and v.anonymous_id = k", identified.keySet())
                        .forEach((anonymousId, contact) -> current.put(anonymousId, (Long) contact));
                identified.forEach((anonymousId, contact) -> {
                    if (!contact.equals(current.get(anonymousId))) {
                        contacts.identify(workspaceId, anonymousId, contact);
                    }
                });
            }
            return contactOfUser;
        }

        private void writeEvents(List<TrackingMessage> run, Map<String, Integer> positions, Map<String, Integer> lastIdentityOfVisitor,
                                 Map<String, String> namedUsers) {
            if (run.isEmpty()) {
                return;
            }
            int size = run.size();
            Map<String, Long> contactOfUser = identifyVisitorsOfKnownUsers(run, positions, lastIdentityOfVisitor, namedUsers);
            Map<String, Long> urlIds = urlIds(run);
            Map<String, String> formNames = new TreeMap<>();
            String[] messageIds = new String[size];
            String[] kinds = new String[size];
            String[] anonymous = new String[size];
            String[] users = new String[size];
            Long[] contactIds = new Long[size];
            Long[] urls = new Long[size];
            String[] formIds = new String[size];
            String[] names = new String[size];
            String[] properties = new String[size];
            String[] times = new String[size];
            String[] received = new String[size];
            for (int index = 0; index < size; index++) {
                TrackingMessage message = run.get(index);
                EventStore.Kind kind = EventStore.Kind.OTHER;
                String formId = null;
                String name = message.type() == TrackingMessage.Type.TRACK ? message.event() : message.name();
                if (message.type() == TrackingMessage.Type.PAGE) {
                    kind = EventStore.Kind.PAGE_VIEW;
                } else if (message.type() == TrackingMessage.Type.TRACK && "Form Submitted".equals(message.event())) {
                    JsonNode id = message.properties().get("formId");
                    if (id != null && (id.isTextual() && !id.textValue().isBlank() || id.isIntegralNumber())) {
                        kind = EventStore.Kind.FORM_SUBMISSION;
                        formId = id.asText().strip();
                        JsonNode formName = message.properties().get("formName");
                        String shown = formName != null && formName.isTextual() && !formName.textValue().isBlank() ? formName.textValue().strip() : null;
                        if (shown != null || !formNames.containsKey(formId)) {
                            formNames.put(formId, shown); // the latest name given wins
                        }
                    } else {
                        problem(message, "/properties/formId", "missing_form_id",
                                "\"Form Submitted\" needs properties.formId (a string) to count as a form submission; kept as an other event.");
                    }
                }
                messageIds[index] = message.messageId();
                kinds[index] = Short.toString(kind.code());
                anonymous[index] = message.anonymousId();
                users[index] = message.userId();
                contactIds[index] = message.userId() == null ? null : contactOfUser.get(message.userId());
                urls[index] = kind == EventStore.Kind.PAGE_VIEW && message.url() != null ? urlIds.get(message.url()) : null;
                formIds[index] = formId;
                names[index] = name;
                properties[index] = message.properties().toString();
                times[index] = IsoTimestamps.format(message.occurredAt());
                received[index] = IsoTimestamps.format(message.receivedAt());
            }
            ensureForms(formNames);
            bulk.execute("insert into events (workspace_id, message_id, kind, anonymous_id, user_id, contact_id, url_id, form_id, event_name, properties, occurred_at, received_at) "
                            // The visitor's contact by a key look-up per event (a join let the planner read every visitor).
                            + "select ?, m.id, m.kind::smallint, m.anonymous_id, m.user_id, "
                            + "coalesce(m.contact_id, (select v.contact_id from visitors v where v.workspace_id = ? and v.anonymous_id = m.anonymous_id)), "
                            + "m.url_id, m.form_id, m.name, m.properties::jsonb, m.at::timestamptz, m.received::timestamptz "
                            + "from unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::bigint[], ?::bigint[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[]) "
                            // Each message is new: the log has just accepted it (its id is unique there, not here).
                            + "as m(id, kind, anonymous_id, user_id, contact_id, url_id, form_id, name, properties, at, received)",
                    workspaceId, workspaceId, messageIds, kinds, anonymous, users, contactIds, urls, formIds, names, properties, times, received);
        }

        /**
         * Adds new forms to the catalog and renames those given a new name, in a fixed order and
         * without touching (and so locking) forms that are already as they should be.
         */
        private void ensureForms(Map<String, String> formNames) {
            if (formNames.isEmpty()) {
                return;
            }
            Map<String, String> existing = new HashMap<>();
            bulk.query("select id, name from forms where workspace_id = ? and id = any(?::text[])",
                    row -> existing.put(row.getString(1), row.getString(2)), workspaceId, formNames.keySet().toArray(String[]::new));
            FormStore forms = new FormStore(tx);
            formNames.forEach((id, name) -> {
                if (!existing.containsKey(id) || name != null && !name.equals(existing.get(id))) {
                    forms.ensure(workspaceId, id, name);
                }
            });
        }

        private Map<String, Long> contactsOfUsers(List<TrackingMessage> run) {
            Set<String> users = new TreeSet<>();
            run.forEach(message -> {
                if (message.userId() != null) {
                    users.add(message.userId());
                }
            });
            Map<String, Long> found = new HashMap<>();
            if (users.isEmpty()) {
                return found;
            }
            probe("select c.id from contacts c where c.workspace_id = ? and c.external_id = k and c.deleted_at is null and c.merged_into is null", users)
                    .forEach((user, id) -> found.put(user, (Long) id));
            for (String user : users) {
                if (!found.containsKey(user)) {
                    contacts.findByExternalId(workspaceId, user).ifPresent(id -> found.put(user, id));
                }
            }
            return found;
        }

        private Map<String, Long> urlIds(List<TrackingMessage> run) {
            TreeSet<String> distinct = new TreeSet<>();
            for (TrackingMessage message : run) {
                if (message.type() == TrackingMessage.Type.PAGE && message.url() != null) {
                    distinct.add(message.url());
                }
            }
            Map<String, Long> ids = new HashMap<>();
            List<String> unknown = new ArrayList<>();
            for (String url : distinct) {
                Long cached = urlCache.get(new UrlKey(workspaceId, url));
                if (cached != null) {
                    ids.put(url, cached);
                } else {
                    unknown.add(url);
                }
            }
            if (unknown.isEmpty()) {
                return ids;
            }
            // Rows this select sees were committed before it: their ids may be cached for good (a
            // URL row is never changed or removed). Rows inserted below are cached once seen so.
            probe("select u.id from urls u where u.workspace_id = ? and u.url = k", unknown).forEach((url, id) -> {
                ids.put(url, (Long) id);
                remember(urlCache, URL_CACHE_SIZE, new UrlKey(workspaceId, url), (Long) id);
            });
            List<String> missing = distinct.stream().filter(url -> !ids.containsKey(url)).toList();
            if (!missing.isEmpty()) {
                String[] folded = missing.stream().map(url -> {
                    String normalized = UrlNormalization.normalize(url);
                    return normalized == null ? "" : normalized;
                }).toArray(String[]::new);
                bulk.query("insert into urls (workspace_id, url, url_folded) select ?, u.url, u.folded from unnest(?::text[], ?::text[]) as u(url, folded) "
                                + "on conflict (workspace_id, url) do update set url = excluded.url returning url, id",
                        row -> ids.put(row.getString(1), row.getLong(2)),
                        workspaceId, missing.toArray(String[]::new), folded);
            }
            return ids;
        }

        // ---- group ---------------------------------------------------------------------------

        private void group(TrackingMessage message) {
            Map<String, JsonNode> traits = traits(message.traits());
            JsonNode domainNode = traits.get("domain");
            if (domainNode != null && !domainNode.isNull() && !(domainNode.isTextual() && !domainNode.textValue().isBlank())) {
                problem(message, "/traits/domain", "wrong_type", "\"domain\" takes a non-empty string; got " + domainNode + "; the groupId names the company.");
            }
            String domain = companyKey(message);
            Optional<Long> existing = domain.equals(message.groupId()) ? companies.findByGroupId(workspaceId, message.groupId()) : Optional.empty();
            if (existing.isEmpty()) {
                existing = companies.find(workspaceId, domain);
            }
            long companyId;
            if (existing.isPresent()) {
                companyId = existing.get();
                traitProblems(message, companies.update(workspaceId, companyId, traits));
            } else {
                CompanyStore.Outcome outcome = companies.upsert(workspaceId, domain, createdAt(traits, message), traits);
                companyId = outcome.id();
                traitProblems(message, outcome.problems());
            }
            companies.setGroupId(companyId, message.groupId());
            Optional<Long> contact = message.userId() != null ? contacts.findByExternalId(workspaceId, message.userId()) : Optional.empty();
            if (contact.isEmpty() && message.anonymousId() != null) {
                contact = contacts.contactOfVisitor(workspaceId, message.anonymousId());
            }
            if (contact.isPresent()) {
                contacts.linkToCompany(contact.get(), companyId);
            } else {
                String sender = message.userId() != null ? "u:" + message.userId() : "a:" + message.anonymousId();
                tx.execute("insert into pending_company_links (workspace_id, sender, company_id, occurred_at) values (?, ?, ?, ?::timestamptz) "
                                + "on conflict (workspace_id, sender) do update set company_id = excluded.company_id, occurred_at = excluded.occurred_at "
                                + "where excluded.occurred_at >= pending_company_links.occurred_at",
                        workspaceId, sender, companyId, timestamp(message.occurredAt()));
                problem(message, message.userId() != null ? "/userId" : "/anonymousId", "unknown_contact",
                        "No contact is known as " + (message.userId() != null ? "userId \"" + message.userId() + "\"" : "anonymousId \"" + message.anonymousId() + "\"")
                                + " yet; the company was saved and the link will be made when that contact is identified.");
            }
        }

        // ---- alias ---------------------------------------------------------------------------

        /** Applies an alias call; returns whether it identified a visitor (a previous id no user has). */
        private boolean alias(TrackingMessage message) {
            Optional<Long> survivor = contacts.findByExternalId(workspaceId, message.userId());
            Optional<Long> previous = contacts.findByExternalId(workspaceId, message.previousId());
            if (survivor.isEmpty()) {
                problem(message, "/userId", "unknown_user", "No contact is known as userId \"" + message.userId()
                        + "\"; identify it first, then alias \"" + message.previousId() + "\" to it.");
                return false;
            }
            boolean visitor = previous.isEmpty();
            if (previous.isPresent()) {
                contacts.merge(workspaceId, previous.get(), survivor.get());
            } else {
                // The previous id is an anonymous visitor (or not known yet): it is this user from now on.
                contacts.identify(workspaceId, message.previousId(), survivor.get());
            }
            tx.execute("update events set contact_id = ? where workspace_id = ? and user_id = ? and contact_id is distinct from ?",
                    survivor.get(), workspaceId, message.previousId(), survivor.get());
            return visitor;
        }

        // ---- helpers -------------------------------------------------------------------------

    }

    /** A message's traits as they will be applied, in the order given. */
    static Map<String, JsonNode> traits(ObjectNode traits) {
        Map<String, JsonNode> map = new LinkedHashMap<>();
        traits.fields().forEachRemaining(entry -> map.put(entry.getKey(), entry.getValue()));
        return map;
    }

    /** A valid createdAt trait, else the message's time: a record's creation is its first message. */
    static Instant createdAt(Map<String, JsonNode> traits, TrackingMessage message) {
        JsonNode value = traits.get("createdAt");
        if (value != null && value.isTextual()) {
            Optional<Instant> parsed = TraitValues.instant(value.textValue());
            if (parsed.isPresent()) {
                return parsed.get();
            }
        }
        return message.occurredAt();
    }

    static String email(ObjectNode traits) {
        JsonNode email = traits.get("email");
        return email != null && email.isTextual() && !email.textValue().isBlank() ? email.textValue().strip() : null;
    }

    static String companyKey(TrackingMessage message) {
        JsonNode domain = message.traits().get("domain");
        return domain != null && domain.isTextual() && !domain.textValue().isBlank() ? domain.textValue().strip() : message.groupId();
    }

    private static OffsetDateTime timestamp(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
