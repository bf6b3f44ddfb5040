package io.segments.postgres.index;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.segments.definition.Definition;
import io.segments.definition.validation.CheckedDefinition;
import io.segments.index.IndexSegmentEngine;
import io.segments.index.WorkspaceIndex;
import io.segments.postgres.TestDatabase;
import io.segments.postgres.store.PropertyStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Catching up (reading again only the changed contacts and merging them in) gives exactly the
 * index a full read gives, for random writes of every kind a catch-up handles: new contacts,
 * trait changes, events of known and anonymous senders, identification of visitors, consent,
 * companies and links. Writes a catch-up cannot express fall back to a full rebuild.
 */
class IndexCatchUpTest {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final Instant AS_OF = Instant.parse("2025-06-01T00:00:00Z");
    private static final List<String> URLS = List.of("https://shop.test/pricing", "https://shop.test/blog/a", "https://shop.test/docs/start");
    private static final List<String> DEFINITIONS = List.of(
            "{\"subject\":\"contacts\"}",
            "{\"subject\":\"contacts\",\"where\":{\"type\":\"pageView\",\"urlContains\":\"/pricing\",\"atLeast\":2}}",
            "{\"subject\":\"contacts\",\"where\":{\"type\":\"pageView\",\"urlContains\":\"/fresh\"}}",
            "{\"subject\":\"contacts\",\"where\":{\"type\":\"pageView\",\"withinDays\":30}}",
            "{\"subject\":\"contacts\",\"where\":{\"type\":\"formSubmit\",\"form\":\"demo-request\"}}",
            "{\"subject\":\"contacts\",\"where\":{\"type\":\"formSubmit\",\"form\":\"brand-new-form\"}}",
            "{\"subject\":\"contacts\",\"where\":{\"type\":\"recency\",\"of\":\"activity\",\"operator\":\"moreThanDaysAgo\",\"days\":30}}",
            "{\"subject\":\"contacts\",\"where\":{\"type\":\"recency\",\"of\":\"created\",\"operator\":\"withinLastDays\",\"days\":60}}",
            "{\"subject\":\"contacts\",\"where\":{\"type\":\"consent\",\"channel\":\"email\",\"status\":\"granted\"}}",
            "{\"subject\":\"contacts\",\"where\":{\"type\":\"consent\",\"channel\":\"email\",\"status\":\"unknown\"}}",
            "{\"subject\":\"contacts\",\"where\":{\"type\":\"consent\",\"channel\":\"whatsapp\",\"status\":\"denied\"}}",
            "{\"subject\":\"contacts\",\"where\":{\"type\":\"attribute\",\"field\":\"country\",\"operator\":\"equals\",\"value\":\"DE\"}}",
            "{\"subject\":\"contacts\",\"where\":{\"type\":\"attribute\",\"field\":\"score\",\"operator\":\"gte\",\"value\":50}}",
            "{\"subject\":\"contacts\",\"where\":{\"type\":\"attribute\",\"field\":\"score\",\"operator\":\"isNotSet\"}}",
            "{\"subject\":\"contacts\",\"where\":{\"type\":\"attribute\",\"field\":\"company.industry\",\"operator\":\"equals\",\"value\":\"software\"}}",
            "{\"subject\":\"contacts\",\"where\":{\"type\":\"not\",\"condition\":{\"type\":\"attribute\",\"field\":\"company.industry\",\"operator\":\"isSet\"}}}",
            "{\"subject\":\"companies\"}",
            "{\"subject\":\"companies\",\"where\":{\"type\":\"people\",\"atLeast\":2,\"where\":{\"type\":\"pageView\"}}}",
            "{\"subject\":\"companies\",\"where\":{\"type\":\"attribute\",\"field\":\"industry\",\"operator\":\"equals\",\"value\":\"software\"}}");

    private IndexCorpusWorld world;
    private Random random;
    private int contacts;
    private int companies;
    private int messages;

    @BeforeEach
    void workspace() {
        world = (IndexCorpusWorld) IndexCorpusWorld.ENGINE.newWorld("Europe/Berlin");
        random = new Random(20261203);
        world.apply(op("property").put("subject", "contacts").put("name", "score").put("type", "number"));
        for (int i = 0; i < 30; i++) {
            write();
        }
    }

    @AfterEach
    void close() {
        world.close();
    }

    @Test
    void aCatchUpGivesExactlyWhatAFullReadGives() {
        IndexedSegmentEngine engine = world.indexed();
        long workspace = world.workspaceId();
        engine.awaitCurrent(workspace);
        for (int round = 0; round < 25; round++) {
            int writes = 1 + random.nextInt(6);
            for (int i = 0; i < writes; i++) {
                write();
            }
            long before = engine.catchUps(workspace);
            Optional<WorkspaceIndex> caughtUp = engine.currentIndex(workspace);
            assertThat(caughtUp).as("round %d caught up", round).isPresent();
            assertThat(engine.catchUps(workspace)).isEqualTo(before + 1);
            assertSameAnswers(caughtUp.get(), new WorkspaceIndexLoader(TestDatabase.dsl()).load(workspace).index(), round);
        }
    }

    @Test
    void aMergedContactOrANewPropertyNeedsAFullRead() throws InterruptedException {
        IndexedSegmentEngine engine = world.indexed();
        long workspace = world.workspaceId();
        engine.awaitCurrent(workspace);
        world.apply(op("merge").put("from", email(1)).put("into", email(2)));
        assertThat(engine.currentIndex(workspace)).isEmpty();
        WorkspaceIndex rebuilt = await(engine, workspace);
        assertSameAnswers(rebuilt, new WorkspaceIndexLoader(TestDatabase.dsl()).load(workspace).index(), -1);

        world.apply(op("property").put("subject", "contacts").put("name", "plan").put("type", "text"));
        assertThat(engine.currentIndex(workspace)).isEmpty();
        assertThat(await(engine, workspace).catalog().field(io.segments.definition.Subject.CONTACTS, "plan")).isPresent();
    }

    private static WorkspaceIndex await(IndexedSegmentEngine engine, long workspace) throws InterruptedException {
        for (int attempt = 0; attempt < 500; attempt++) {
            Optional<WorkspaceIndex> index = engine.currentIndex(workspace);
            if (index.isPresent()) {
                return index.get();
            }
            Thread.sleep(10);
        }
        throw new AssertionError("no current index within 5 s");
    }

    private void assertSameAnswers(WorkspaceIndex caughtUp, WorkspaceIndex full, int round) {
        var catalog = new PropertyStore(TestDatabase.dsl()).catalog(world.workspaceId());
        for (String json : DEFINITIONS) {
            JsonNode tree = readTree(json);
            Definition definition = CheckedDefinition.check(tree, catalog).preview().definition();
            List<io.segments.engine.Member> expected = members(full, definition);
            assertThat(members(caughtUp, definition)).as("round %d: %s", round, json).isEqualTo(expected);
            assertThat(world.engine().count(world.workspaceId(), definition, AS_OF)).isEqualTo(expected.size());
        }
    }

    private static JsonNode readTree(String json) {
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().readTree(json);
        } catch (java.io.IOException malformed) {
            throw new IllegalArgumentException(malformed);
        }
    }

    private static List<io.segments.engine.Member> members(WorkspaceIndex index, Definition definition) {
        List<io.segments.engine.Member> members = new ArrayList<>();
        new IndexSegmentEngine(workspace -> index).forEachMember(1, definition, AS_OF, members::add);
        return members;
    }

    /** One random write of a kind a catch-up handles. */
    private void write() {
        int kind = contacts < 3 ? 0 : random.nextInt(8);
        switch (kind) {
            case 0 -> {
                ObjectNode traits = JSON.objectNode().put("country", random.nextBoolean() ? "DE" : "fr");
                if (random.nextBoolean()) {
                    traits.put("score", random.nextInt(100));
                }
                world.apply(op("contact").put("email", email(contacts++))
                        .put("createdAt", AS_OF.minusSeconds(86_400L * random.nextInt(120)).toString()).set("traits", traits));
            }
            case 1 -> world.apply(op("contact").put("email", email(random.nextInt(contacts)))
                    .set("traits", JSON.objectNode().put("score", random.nextInt(100)).put("country", random.nextBoolean() ? "de" : "AT")));
            case 2, 3 -> {
                ObjectNode page = op("page").put("messageId", "m" + messages++)
                        .put("url", random.nextInt(5) == 0 ? "https://shop.test/fresh/" + messages : URLS.get(random.nextInt(URLS.size())))
                        .put("timestamp", AS_OF.minusSeconds(random.nextInt(90 * 86_400)).toString());
                if (random.nextBoolean()) {
                    page.put("email", email(random.nextInt(contacts)));
                } else {
                    page.put("anonymousId", "visitor-" + random.nextInt(10));
                }
                world.apply(page);
            }
            case 4 -> world.apply(op("form").put("messageId", "m" + messages++).put("email", email(random.nextInt(contacts)))
                    .put("form", random.nextInt(4) == 0 ? "brand-new-form" : "demo-request")
                    .put("timestamp", AS_OF.minusSeconds(random.nextInt(90 * 86_400)).toString()));
            case 5 -> world.apply(op("identify").put("anonymousId", "visitor-" + random.nextInt(10)).put("email", email(random.nextInt(contacts))));
            case 6 -> world.apply(op("consent").put("email", email(random.nextInt(contacts)))
                    .put("channel", random.nextInt(3) == 0 ? "WhatsApp" : "email").put("status", random.nextBoolean() ? "granted" : "denied")
                    .put("timestamp", AS_OF.minusSeconds(86_400L * random.nextInt(60)).toString()));
            default -> {
                if (companies == 0 || random.nextBoolean()) {
                    world.apply(op("company").put("domain", "company" + companies++ + ".test")
                            .put("createdAt", AS_OF.minusSeconds(86_400L * random.nextInt(300)).toString())
                            .set("traits", JSON.objectNode().put("industry", random.nextBoolean() ? "Software" : "Retail")));
                }
                world.apply(op("link").put("email", email(random.nextInt(contacts))).put("domain", "company" + random.nextInt(companies) + ".test"));
            }
        }
    }

    private static String email(int index) {
        return "person" + index + "@example.test";
    }

    private static ObjectNode op(String name) {
        return JSON.objectNode().put("op", name);
    }
}
