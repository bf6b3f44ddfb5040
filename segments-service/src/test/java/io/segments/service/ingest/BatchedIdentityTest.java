package io.segments.service.ingest;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.segments.postgres.store.WorkspaceStore;
import org.jooq.Record;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The identify calls of one transaction are written a batch at a time ({@link IdentifyBatch}); the
 * outcome must be exactly that of sending every message on its own. Random sequences (fixed seeds)
 * over a few user ids, emails in two spellings, visitors and companies make the calls collide
 * often: the same user again, a visitor re-identified as someone else, an email already taken,
 * a merge in between, a trait of the wrong type. Each sequence goes to two new workspaces, whole
 * in one call and one message per call, and everything ingestion writes is compared.
 */
class BatchedIdentityTest extends IngestionTest {
    private static final String[] USERS = {"u1", "u2", "u3", "u4", "u5"};
    private static final String[] EMAILS = {"ann@eq.test", "ANN@eq.test", "bo@eq.test", "cy@eq.test", "di@eq.test", "Di@EQ.test"};
    private static final String[] VISITORS = {"v1", "v2", "v3", "v4", "v5", "v6"};
    private static final String[] DOMAINS = {"one.eq.test", "two.eq.test", "three.eq.test"};

    @Autowired
    private ObjectMapper json;

    @Test
    void aSequenceWrittenInOneTransactionEndsExactlyAsOneMessagePerTransaction() {
        IngestorTrackingIngestion ingestion = new IngestorTrackingIngestion(dsl, json);
        WorkspaceStore workspaces = new WorkspaceStore(dsl);
        for (long seed = 1; seed <= 12; seed++) {
            List<ObjectNode> calls = sequence(new Random(seed), 160);
            long together = workspaces.create("together " + seed, ZoneOffset.UTC);
            long apart = workspaces.create("apart " + seed, ZoneOffset.UTC);
            ingestion.ingest(together, calls);
            calls.forEach(call -> ingestion.ingest(apart, List.of(call)));
            State batched = State.of(this, together);
            State single = State.of(this, apart);
            if (!batched.equals(single)) {
                // The shortest prefix that ends differently is what a reader needs to see.
                int shortest = shortestDifferingPrefix(ingestion, workspaces, calls);
                String prefix = "seed " + seed + "; the first " + shortest + " messages already differ:\n"
                        + String.join("\n", calls.subList(0, shortest).stream().map(Object::toString).toList()) + "\n";
                List<ObjectNode> first = calls.subList(0, shortest);
                long firstTogether = workspaces.create("together " + seed + " prefix", ZoneOffset.UTC);
                long firstApart = workspaces.create("apart " + seed + " prefix", ZoneOffset.UTC);
                ingestion.ingest(firstTogether, first);
                first.forEach(call -> ingestion.ingest(firstApart, List.of(call)));
                assertSame(State.of(this, firstTogether), State.of(this, firstApart), prefix);
            }
            // The sequences do exercise what they are meant to.
            assertThat(single.contacts).as("seed " + seed).hasSizeGreaterThan(3);
            assertThat(single.problems).as("seed " + seed).isNotEmpty();
        }
    }

    private static void assertSame(State actual, State expected, String description) {
        assertThat(actual.contacts).as(description + "contacts").containsExactlyElementsOf(expected.contacts);
        assertThat(actual.companies).as(description + "companies").containsExactlyElementsOf(expected.companies);
        assertThat(actual.visitors).as(description + "visitors").containsExactlyElementsOf(expected.visitors);
        assertThat(actual.events).as(description + "events").containsExactlyElementsOf(expected.events);
        assertThat(actual.pendingLinks).as(description + "pending company links").containsExactlyElementsOf(expected.pendingLinks);
        assertThat(actual.problems).as(description + "problems").containsExactlyElementsOf(expected.problems);
        assertThat(actual.properties).as(description + "property definitions").containsExactlyElementsOf(expected.properties);
    }

    /** Bisects for the shortest prefix of the sequence whose two outcomes differ (the whole one does). */
    private int shortestDifferingPrefix(IngestorTrackingIngestion ingestion, WorkspaceStore workspaces, List<ObjectNode> calls) {
        int low = 1;
        int high = calls.size();
        while (low < high) {
            int middle = (low + high) / 2;
            long together = workspaces.create("bisect together", ZoneOffset.UTC);
            long apart = workspaces.create("bisect apart", ZoneOffset.UTC);
            ingestion.ingest(together, calls.subList(0, middle));
            calls.subList(0, middle).forEach(call -> ingestion.ingest(apart, List.of(call)));
            if (State.of(this, together).equals(State.of(this, apart))) {
                low = middle + 1;
            } else {
                high = middle;
            }
        }
        return low;
    }

    /** A random tracking sequence: mostly identify calls, with pages, tracks, groups and aliases between. */
    private List<ObjectNode> sequence(Random random, int size) {
        List<ObjectNode> calls = new ArrayList<>();
        Instant time = Instant.parse("2024-03-01T00:00:00Z");
        for (int index = 0; index < size; index++) {
            time = time.plusSeconds(1 + random.nextInt(600));
            ObjectNode call = json.createObjectNode();
            call.put("messageId", "eq-" + index);
            call.put("timestamp", time.toString());
            int kind = random.nextInt(100);
            boolean named = random.nextInt(3) > 0;
            if (named || kind >= 95) {
                call.put("userId", pick(random, USERS));
            }
            if (!call.has("userId") || random.nextBoolean()) {
                call.put("anonymousId", pick(random, VISITORS));
            }
            if (kind < 55) {
                call.put("type", "identify");
                ObjectNode traits = call.putObject("traits");
                if (random.nextInt(3) > 0) {
                    traits.put("email", pick(random, EMAILS));
                }
                switch (random.nextInt(5)) {
                    case 0 -> traits.put("plan", pick(random, new String[]{"free", "pro", "team"}));
                    case 1 -> traits.put("score", random.nextInt(100));
                    case 2 -> traits.put("score", "high"); // wrong type once score is a number
                    case 3 -> traits.put("firstName", pick(random, new String[]{"Ann", "Bo", "Cy"}));
                    default -> traits.put("createdAt", time.minusSeconds(86_400L * random.nextInt(30)).toString());
                }
                if (random.nextInt(10) == 0) {
                    traits.put("email", 42); // not a string: a problem, the rest applies
                }
            } else if (kind < 75) {
                call.put("type", "page");
                call.putObject("properties").put("url", "https://eq.test/" + pick(random, new String[]{"pricing", "docs", "blog"}));
            } else if (kind < 85) {
                call.put("type", "track");
                call.put("event", "Form Submitted");
                call.putObject("properties").put("formId", "demo");
            } else if (kind < 95) {
                call.put("type", "group");
                String domain = pick(random, DOMAINS);
                call.put("groupId", domain);
                call.putObject("traits").put("domain", domain);
            } else {
                call.put("type", "alias");
                call.remove("anonymousId");
                call.put("previousId", pick(random, USERS));
            }
            calls.add(call);
        }
        return calls;
    }

    private static String pick(Random random, String[] values) {
        return values[random.nextInt(values.length)];
    }

    /** What ingestion wrote to a workspace, with row ids replaced by their rank in creation order. */
    private record State(List<String> contacts, List<String> companies, List<String> visitors, List<String> events,
                         List<String> pendingLinks, List<String> problems, List<String> properties) {
        static State of(BatchedIdentityTest test, long workspace) {
            var dsl = test.dsl;
            Map<Long, Integer> contactRank = ranks(dsl.fetch("select id from contacts where workspace_id = ? order by id", workspace));
            Map<Long, Integer> companyRank = ranks(dsl.fetch("select id from companies where workspace_id = ? order by id", workspace));
            List<String> contacts = new ArrayList<>();
            for (Record row : dsl.fetch("select id, email, email_key, external_id, first_name, company_id, properties::text, created_at, "
                    + "merged_into, deleted_at is not null from contacts where workspace_id = ? order by id", workspace)) {
                contacts.add(String.join(" | ", "#" + contactRank.get(row.get(0, Long.class)), row.get(1, String.class), row.get(2, String.class),
                        row.get(3, String.class), row.get(4, String.class), "company " + companyRank.get(row.get(5, Long.class)),
                        row.get(6, String.class), String.valueOf(row.get(7)), "merged into " + contactRank.get(row.get(8, Long.class)),
                        "deleted " + row.get(9)));
            }
            List<String> companies = new ArrayList<>();
            for (Record row : dsl.fetch("select id, domain, properties::text, created_at from companies where workspace_id = ? order by id", workspace)) {
                companies.add("#" + companyRank.get(row.get(0, Long.class)) + " | " + row.get(1) + " | " + row.get(2) + " | " + row.get(3));
            }
            List<String> visitors = new ArrayList<>();
            for (Record row : dsl.fetch("select anonymous_id, contact_id from visitors where workspace_id = ? order by anonymous_id", workspace)) {
                visitors.add(row.get(0) + " -> " + contactRank.get(row.get(1, Long.class)));
            }
            List<String> events = new ArrayList<>();
            for (Record row : dsl.fetch("select message_id, kind, anonymous_id, user_id, contact_id, occurred_at from events "
                    + "where workspace_id = ? order by message_id", workspace)) {
                events.add(row.get(0) + " | " + row.get(1) + " | " + row.get(2) + " | " + row.get(3) + " -> " + contactRank.get(row.get(4, Long.class))
                        + " | " + row.get(5));
            }
            List<String> pendingLinks = new ArrayList<>();
            for (Record row : dsl.fetch("select sender, company_id, occurred_at from pending_company_links where workspace_id = ? order by sender", workspace)) {
                pendingLinks.add(row.get(0) + " -> " + companyRank.get(row.get(1, Long.class)) + " | " + row.get(2));
            }
            List<String> problems = new ArrayList<>();
            for (Record row : dsl.fetch("select message_id, pointer, code, message from ingest_problems where workspace_id = ? order by id", workspace)) {
                // Problem texts name contacts by id "(123)", which differ between workspaces.
                java.util.regex.Matcher id = java.util.regex.Pattern.compile("\\((\\d+)\\)").matcher(row.get(3, String.class));
                String text = id.replaceAll(found -> "(#" + contactRank.get(Long.parseLong(found.group(1))) + ")");
                problems.add(row.get(0) + " | " + row.get(1) + " | " + row.get(2) + " | " + text);
            }
            List<String> properties = new ArrayList<>();
            for (Record row : dsl.fetch("select subject, name, type from property_definitions where workspace_id = ? order by subject, name", workspace)) {
                properties.add(row.get(0) + "." + row.get(1) + ": " + row.get(2));
            }
            return new State(contacts, companies, visitors, events, pendingLinks, problems, properties);
        }

        private static Map<Long, Integer> ranks(List<? extends Record> rows) {
            Map<Long, Integer> ranks = new HashMap<>();
            for (Record row : rows) {
                ranks.put(row.get(0, Long.class), ranks.size() + 1);
            }
            return ranks;
        }
    }
}
