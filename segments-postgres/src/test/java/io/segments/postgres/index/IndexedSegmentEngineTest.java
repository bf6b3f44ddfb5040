package io.segments.postgres.index;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.segments.definition.Attribute;
import io.segments.definition.AttributeOperator;
import io.segments.definition.Definition;
import io.segments.definition.Literal;
import io.segments.definition.PageView;
import io.segments.definition.Subject;
import io.segments.index.WorkspaceIndex;
import io.segments.postgres.PostgresSegmentEngine;
import io.segments.postgres.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The index is used only while no change committed since its snapshot; a write makes the very
 * next answer come from PostgreSQL (exact) while the index rebuilds, after which the index answers
 * again with the new data.
 */
class IndexedSegmentEngineTest {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final Instant AS_OF = Instant.parse("2025-06-01T00:00:00Z");
    private static final Definition PRICING = new Definition(Subject.CONTACTS, new PageView("pricing", null, 2));

    private IndexCorpusWorld world;

    @BeforeEach
    void workspace() {
        world = (IndexCorpusWorld) IndexCorpusWorld.ENGINE.newWorld("UTC");
        world.apply(op("contact").put("email", "ada@example.test").put("createdAt", "2025-01-01T00:00:00Z"));
        world.apply(op("contact").put("email", "bob@example.test").put("createdAt", "2025-01-01T00:00:00Z"));
        page("m1", "ada@example.test");
        page("m2", "ada@example.test");
        page("m3", "bob@example.test");
    }

    @AfterEach
    void close() {
        world.close();
    }

    @Test
    void aWriteMakesTheIndexStaleAndTheNextAnswerIsStillExact() throws InterruptedException {
        IndexedSegmentEngine engine = world.indexed();
        long workspace = world.workspaceId();
        WorkspaceIndex built = engine.awaitCurrent(workspace);
        assertThat(engine.currentIndex(workspace)).containsSame(built);
        assertThat(engine.count(workspace, PRICING, AS_OF)).isEqualTo(1);
        assertThat(engine.status(workspace).orElseThrow().events()).isEqualTo(3);
        assertThat(engine.status(workspace).orElseThrow().catchUps()).isZero();

        page("m4", "bob@example.test");

        assertThat(engine.count(workspace, PRICING, AS_OF)).as("answered by PostgreSQL while stale").isEqualTo(2);
        WorkspaceIndex rebuilt = awaitRebuild(engine, workspace, built);
        assertThat(rebuilt.events()).isEqualTo(4);
        assertThat(engine.status(workspace).orElseThrow().events()).isEqualTo(4);
        assertThat(engine.status(workspace).orElseThrow().catchUps()).isEqualTo(1);
        assertThat(engine.count(workspace, PRICING, AS_OF)).isEqualTo(2);
        assertThat(engine.members(workspace, PRICING, AS_OF, 0, 10).members())
                .extracting(member -> member.key()).containsExactly("ada@example.test", "bob@example.test");
    }

    @Test
    void aPropertyDeclaredAfterTheBuildIsAnsweredByPostgreSQL() {
        IndexedSegmentEngine engine = world.indexed();
        long workspace = world.workspaceId();
        engine.awaitCurrent(workspace);
        world.apply(op("property").put("subject", "contacts").put("name", "plan").put("type", "text"));
        world.apply(op("contact").put("email", "ada@example.test").set("traits", JSON.objectNode().put("plan", "Pro")));
        Definition plan = new Definition(Subject.CONTACTS, Attribute.of("plan", AttributeOperator.EQUALS, Literal.of("pro")));
        assertThat(engine.currentIndex(workspace)).as("a new property cannot be merged in").isEmpty();
        assertThat(engine.catchUps(workspace)).isZero();
        assertThat(engine.count(workspace, plan, AS_OF)).isEqualTo(1);
        assertThat(engine.awaitCurrent(workspace).catalog().field(Subject.CONTACTS, "plan")).isPresent();
        assertThat(world.engine().count(workspace, plan, AS_OF)).isEqualTo(1);
    }

    @Test
    void aReadOnlyAnswerLeavesTheIndexCurrent() {
        IndexedSegmentEngine engine = world.indexed();
        long workspace = world.workspaceId();
        WorkspaceIndex built = engine.awaitCurrent(workspace);
        engine.count(workspace, PRICING, AS_OF);
        engine.members(workspace, PRICING, AS_OF, 0, 1);
        assertThat(engine.currentIndex(workspace)).containsSame(built);
    }

    @Test
    void pruningForgetsOnlyChangesTheIndexHasSeen() {
        IndexedSegmentEngine engine = world.indexed();
        long workspace = world.workspaceId();
        WorkspaceIndex built = engine.awaitCurrent(workspace);
        page("m4", "bob@example.test"); // committed after the index's snapshot
        TestDatabase.dsl().execute("update data_changes set changed_at = changed_at - interval '2 hours'");

        assertThat(engine.pruneChangeLog()).isPositive();

        assertThat(TestDatabase.dsl().fetchOne("select count(*) from data_changes").get(0, Long.class))
                .as("the write the index has not seen is kept").isPositive();
        Optional<WorkspaceIndex> caughtUp = engine.currentIndex(workspace);
        assertThat(caughtUp).isPresent();
        assertThat(caughtUp.get()).isNotSameAs(built);
        assertThat(engine.count(workspace, PRICING, AS_OF)).isEqualTo(2);
    }

    /** An asOf finer than a microsecond is rounded by both engines to the same microsecond. */
    @Test
    void fractionsOfAMicrosecondRoundAsInTheSqlEngine() {
        for (int micro = 1; micro <= 3; micro++) {
            world.apply(op("page").put("messageId", "fine-" + micro).put("email", "ada@example.test")
                    .put("url", "https://shop.test/fine").put("timestamp", "2025-05-02T00:00:00.00000" + micro + "Z"));
        }
        PostgresSegmentEngine sql = new PostgresSegmentEngine(TestDatabase.dsl(), java.time.Duration.ofSeconds(10));
        long workspace = world.workspaceId();
        world.indexed().awaitCurrent(workspace);
        for (String fraction : new String[]{"000000499", "0000005", "000000501", "0000015", "0000025", "0000035", "9999995"}) {
            Instant asOf = Instant.parse("2025-05-02T00:00:00." + fraction + "Z");
            for (int atLeast = 1; atLeast <= 3; atLeast++) {
                Definition fine = new Definition(Subject.CONTACTS, new PageView("/fine", null, atLeast));
                assertThat(world.engine().count(workspace, fine, asOf)).as("asOf %s, at least %d", asOf, atLeast)
                        .isEqualTo(sql.count(workspace, fine, asOf));
            }
        }
        Definition allThree = new Definition(Subject.CONTACTS, new PageView("/fine", null, 3));
        assertThat(world.engine().count(workspace, allThree, Instant.parse("2025-05-02T00:00:00.0000025Z")))
                .as("2.5 µs rounds to 2 µs, half to even: the event at 3 µs is after asOf").isZero();
        assertThat(world.engine().count(workspace, allThree, Instant.parse("2025-05-02T00:00:00.0000035Z")))
                .as("3.5 µs rounds to 4 µs").isEqualTo(1);
    }

    /**
     * A stored value the database cannot cast (written before ingestion refused such values)
     * must not fail previews: the index cannot read it, so SQL answers, reading only the fields
     * the definition names.
     */
    @Test
    void aValueTheIndexCannotReadIsAnsweredBySqlInsteadOfFailing() {
        IndexedSegmentEngine engine = world.indexed();
        long workspace = world.workspaceId();
        world.apply(op("property").put("subject", "contacts").put("name", "trialEndsAt").put("type", "date"));
        engine.awaitCurrent(workspace);
        TestDatabase.dsl().execute("update contacts set properties = properties || '{\"trialEndsAt\": \"0000-01-01\"}' "
                + "where workspace_id = ? and email = 'ada@example.test'", workspace);
        page("m4", "bob@example.test");
        assertThat(engine.count(workspace, PRICING, AS_OF)).isEqualTo(2);
        assertThat(engine.currentIndex(workspace)).isEmpty();
        assertThat(engine.count(workspace, PRICING, AS_OF)).isEqualTo(2);
    }

    private static WorkspaceIndex awaitRebuild(IndexedSegmentEngine engine, long workspace, WorkspaceIndex old) throws InterruptedException {
        for (int attempt = 0; attempt < 500; attempt++) {
            Optional<WorkspaceIndex> current = engine.currentIndex(workspace);
            if (current.isPresent() && current.get() != old) {
                return current.get();
            }
            Thread.sleep(10);
        }
        throw new AssertionError("the index was not rebuilt within 5 s");
    }

    private void page(String messageId, String email) {
        world.apply(op("page").put("messageId", messageId).put("email", email)
                .put("url", "https://shop.test/pricing").put("timestamp", "2025-05-01T00:00:00Z"));
    }

    private static ObjectNode op(String name) {
        return JSON.objectNode().put("op", name);
    }
}
