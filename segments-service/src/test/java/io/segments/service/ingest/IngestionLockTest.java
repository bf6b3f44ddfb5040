package io.segments.service.ingest;

import io.segments.postgres.store.WorkspaceStore;
import io.segments.service.Api;
import io.segments.service.ServiceTest;
import org.junit.jupiter.api.Test;
import org.jooq.impl.DSL;
import org.springframework.beans.factory.annotation.Autowired;

import java.util.StringJoiner;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A transaction naming more identities than it may lock one by one takes the workspace's ingestion
 * lock exclusively, every other one takes it shared: so a large request and a small one on the
 * same visitor never run at once (with one-by-one keys for the small one and coarse slots for the
 * large one, they did not conflict at all). Each test holds the lock from a connection of its own,
 * as a transaction of the other size would, and watches the request wait for it.
 */
class IngestionLockTest extends IngestionTest {
    private static final long WORKSPACE = WorkspaceStore.DEFAULT_WORKSPACE;

    @Autowired
    private Ingestor ingestor;

    @Test
    void aRequestNamingManyVisitorsWaitsForASmallIngestionTransactionInProgress() throws Exception {
        // Each message names two identities (its visitor and its user): one message more than half the limit.
        int messages = ingestor.maxLocks() / 2 + 1;
        StringJoiner batch = new StringJoiner(",", "{\"batch\":[", "]}");
        for (int visitor = 0; visitor < messages; visitor++) {
            batch.add("{\"type\":\"track\",\"event\":\"e\",\"messageId\":\"lk-many-" + visitor + "\",\"anonymousId\":\"lk-v" + visitor
                    + "\",\"userId\":\"lk-u" + visitor + "\"}");
        }
        assertWaitsFor(false, batch.toString());
        assertThat(dsl.fetchValue("select count(*) from events where message_id like 'lk-many-%'", Long.class)).isEqualTo((long) messages);
    }

    @Test
    void theLimitIsATwelfthOfTheServersLockTable() {
        long perTransaction = Long.parseLong((String) dsl.fetchValue("select current_setting('max_locks_per_transaction')"));
        long connections = Long.parseLong((String) dsl.fetchValue("select current_setting('max_connections')"));
        // The embedded server: 512 locks a connection and 100 connections, so groups of thousands lock key by key.
        assertThat(ingestor.maxLocks()).isEqualTo(perTransaction == 512 && connections == 100 ? 4266 : Math.max(64, perTransaction * connections / 12));
    }

    @Test
    void aSmallRequestWaitsForATransactionNamingManyIdentities() throws Exception {
        assertWaitsFor(true, "{\"batch\":[{\"type\":\"page\",\"messageId\":\"lk-one\",\"anonymousId\":\"lk-visitor-one\","
                + "\"properties\":{\"url\":\"https://lk.test/\"}}]}");
        assertThat(dsl.fetchValue("select count(*) from events where message_id = 'lk-one'", Long.class)).isEqualTo(1L);
    }

    /**
     * An event sent with a user id no contact had yet, and so counting for its visitor's contact, is
     * given its user's contact by one transaction (the user was identified) while another one moves
     * the visitor to someone else. The second waits for the event's row; when the first commits,
     * PostgreSQL re-checks the new row version but would look the user up in the second's older
     * snapshot, and so take the event away from its user. The row's own contact tells it: it no
     * longer is the visitor's previous contact, so it stays with its user.
     */
    @Test
    void anEventGivenItsUsersContactMeanwhileStaysWithItWhenItsVisitorMovesToSomeoneElse() throws Exception {
        long previous = number(dsl, "insert into contacts (workspace_id, email, email_key, created_at) values (?, 'race-p@lk.test', 'race-p@lk.test', now()) returning id",
                WORKSPACE);
        long next = number(dsl, "insert into contacts (workspace_id, email, email_key, created_at) values (?, 'race-n@lk.test', 'race-n@lk.test', now()) returning id",
                WORKSPACE);
        dsl.execute("insert into visitors (workspace_id, anonymous_id, contact_id) values (?, 'race-visitor', ?)", WORKSPACE, previous);
        dsl.execute("insert into events (workspace_id, message_id, kind, anonymous_id, user_id, contact_id, occurred_at) "
                + "values (?, 'race-event', 3, 'race-visitor', 'race-user', ?, now())", WORKSPACE, previous);
        AtomicReference<CompletableFuture<Void>> moved = new AtomicReference<>();
        long user = dsl.transactionResult(configuration -> {
            var first = DSL.using(configuration);
            long created = number(first, "insert into contacts (workspace_id, external_id, created_at) values (?, 'race-user', now()) returning id", WORKSPACE);
            first.execute("update events set contact_id = ? where message_id = 'race-event'", created);
            moved.set(CompletableFuture.runAsync(() -> dsl.transaction(second ->
                    new io.segments.postgres.store.ContactStore(DSL.using(second)).identify(WORKSPACE, "race-visitor", next))));
            Thread.sleep(700);
            assertThat(moved.get()).as("the move waits for the event's row").isNotDone();
            return created;
        });
        moved.get().get(30, TimeUnit.SECONDS);
        assertThat(number(dsl, "select contact_id from events where message_id = 'race-event'")).isEqualTo(user);
        assertThat(number(dsl, "select contact_id from visitors where anonymous_id = 'race-visitor'")).isEqualTo(next);
    }

    /**
     * Two writers see a new custom property at once with values of different types: the first
     * declaration wins, and the other message's value is a problem, as if the property had been
     * declared before it (not a failed request).
     */
    @Test
    void aPropertyDeclaredMeanwhileWithAnotherTypeMakesTheValueAProblem() throws Exception {
        AtomicReference<CompletableFuture<Api.Response>> sent = new AtomicReference<>();
        dsl.transaction(configuration -> {
            DSL.using(configuration).execute("insert into property_definitions (workspace_id, subject, name, type) values (?, 'contacts', 'lkSeats', 'number')",
                    WORKSPACE);
            sent.set(CompletableFuture.supplyAsync(() -> api.track("/v1/identify",
                    "{\"messageId\":\"lk-seats\",\"userId\":\"lk-seats-user\",\"traits\":{\"email\":\"seats@lk.test\",\"lkSeats\":\"many\"}}",
                    ServiceTest.WRITE_KEY)));
            Thread.sleep(700);
            assertThat(sent.get()).as("the declaration waits for the other one").isNotDone();
        });
        Api.Response response = sent.get().get(30, TimeUnit.SECONDS);
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        assertThat(dsl.fetch("select pointer || ' ' || code from ingest_problems where message_id = 'lk-seats'").getValues(0, String.class))
                .containsExactly("/traits/lkSeats wrong_type");
        assertThat(dsl.fetchValue("select type from property_definitions where workspace_id = ? and name = 'lkSeats'", WORKSPACE)).isEqualTo("number");
        assertThat(dsl.fetchValue("select properties::text from contacts where email = 'seats@lk.test'")).isEqualTo("{}");
    }

    /** Until the request's transaction waits on an advisory lock (the one held here), read from another connection. */
    private void awaitABackendWaitingForAnAdvisoryLock() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (((Number) dsl.fetchValue("select count(*) from pg_stat_activity where datname = current_database() "
                + "and wait_event_type = 'Lock' and wait_event = 'advisory'")).longValue() == 0) {
            assertThat(System.nanoTime()).as("a backend waits for the advisory lock").isLessThan(deadline);
            Thread.sleep(10);
        }
    }

    private static long number(org.jooq.DSLContext context, String sql, Object... bindings) {
        return ((Number) context.fetchValue(sql, bindings)).longValue();
    }

    /** Holds the workspace's ingestion lock, sends the batch, checks it waits, releases, checks it lands. */
    private void assertWaitsFor(boolean exclusive, String batch) throws Exception {
        AtomicReference<CompletableFuture<Api.Response>> sent = new AtomicReference<>();
        dsl.transaction(configuration -> {
            DSL.using(configuration).fetch(exclusive ? "select pg_advisory_xact_lock(?)" : "select pg_advisory_xact_lock_shared(?)",
                    Ingestor.lockKey(WORKSPACE, "w", "ingestion"));
            sent.set(CompletableFuture.supplyAsync(() -> api.track("/v1/batch", batch, ServiceTest.WRITE_KEY)));
            awaitABackendWaitingForAnAdvisoryLock();
            assertThat(sent.get()).as("the request waits for the lock").isNotDone();
        });
        Api.Response response = sent.get().get(30, TimeUnit.SECONDS);
        assertThat(response.status()).as(response.body()).isEqualTo(200);
    }
}
