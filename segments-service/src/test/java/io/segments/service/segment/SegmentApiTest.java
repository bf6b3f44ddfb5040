package io.segments.service.segment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.segments.postgres.store.CompanyStore;
import io.segments.postgres.store.ContactStore;
import io.segments.postgres.store.EventStore;
import io.segments.postgres.store.FormStore;
import io.segments.service.Api;
import io.segments.service.ServiceTest;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The segment API over real HTTP and a real database. Data: ana (DE, acme), bo (de, acme), cy
 * (FR, no company), dee (no country, globex); ana viewed /pricing three times in the last days,
 * bo once; globex.test has no contacts viewing anything.
 */
class SegmentApiTest extends ServiceTest {
    private static final Instant NOW = Instant.parse("2026-06-15T12:00:00Z");
    private static final String AS_OF = "\"asOf\":\"2026-06-15T12:00:00Z\"";

    @Autowired
    DSLContext dsl;

    private static boolean seeded;
    private static final Map<String, Long> ids = new java.util.HashMap<>();

    @BeforeEach
    void seed() {
        if (seeded) {
            return;
        }
        dsl.transaction(configuration -> {
            DSLContext transaction = DSL.using(configuration);
            ContactStore contacts = new ContactStore(transaction);
            CompanyStore companies = new CompanyStore(transaction);
            long acme = companies.upsert(1, "acme.test", NOW.minusSeconds(86_400 * 100), Map.of("name", TextNode.valueOf("Acme"),
                    "industry", TextNode.valueOf("Software"))).id();
            long globex = companies.upsert(1, "globex.test", NOW.minusSeconds(86_400 * 100), Map.of("name", TextNode.valueOf("Globex"))).id();
            ids.put("acme", acme);
            ids.put("globex", globex);
            ids.put("ana", contact(contacts, "ana@example.test", "DE", "Ana", acme));
            ids.put("bo", contact(contacts, "bo@example.test", "de", "Bo", acme));
            ids.put("cy", contact(contacts, "cy@example.test", "FR", "Cy", null));
            ids.put("dee", contact(contacts, "dee@example.test", null, "Dee", globex));
            EventStore events = new EventStore(transaction);
            for (int day = 1; day <= 3; day++) {
                events.record(1, new EventStore.Event("ana-" + day, EventStore.Kind.PAGE_VIEW, null, ids.get("ana"),
                        "https://shop.test/pricing", null, null, null, NOW.minusSeconds(86_400L * day)));
            }
            events.record(1, new EventStore.Event("bo-1", EventStore.Kind.PAGE_VIEW, null, ids.get("bo"),
                    "https://shop.test/pricing", null, null, null, NOW.minusSeconds(86_400L)));
            new FormStore(transaction).ensure(1, "demo-request", "Demo request");
        });
        seeded = true;
    }

    private static long contact(ContactStore contacts, String email, String country, String firstName, Long company) {
        Map<String, JsonNode> traits = new java.util.LinkedHashMap<>();
        traits.put("country", country == null ? null : TextNode.valueOf(country));
        traits.put("firstName", TextNode.valueOf(firstName));
        traits.put("lastName", TextNode.valueOf("Test"));
        long id = contacts.upsert(1, new ContactStore.ContactChange(email, null, NOW.minusSeconds(86_400 * 50), traits)).id();
        if (company != null) {
            contacts.linkToCompany(id, company);
        }
        return id;
    }

    private static final String GERMANS = "{\"subject\":\"contacts\",\"where\":{\"type\":\"attribute\",\"field\":\"country\",\"operator\":\"equals\",\"value\":\"DE\"}}";

    @Test
    void previewCountsListsAndEchoesAsOf() {
        Api.Response response = api.post("/api/segments/preview", "{\"definition\":" + GERMANS + "," + AS_OF + ",\"limit\":1}");
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.json().toString()).isEqualTo("{\"count\":2,\"asOf\":\"2026-06-15T12:00:00Z\",\"members\":[{\"id\":"
                + ids.get("ana") + ",\"email\":\"ana@example.test\",\"name\":\"Ana Test\"}],\"ignored\":[]}");
    }

    @Test
    void previewSkipsIncompleteConditionsAndSaysWhich() {
        Api.Response response = api.post("/api/segments/preview", "{\"definition\":{\"subject\":\"contacts\",\"where\":{\"type\":\"and\",\"conditions\":["
                + "{\"type\":\"attribute\",\"field\":\"country\",\"operator\":\"equals\",\"value\":\"de\"},"
                + "{\"type\":\"attribute\",\"field\":\"city\",\"operator\":\"equals\",\"value\":\"  \"},"
                + "{\"type\":\"or\",\"conditions\":[]}]}}," + AS_OF + "}");
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.json().path("count").asLong()).isEqualTo(2);
        assertThat(response.json().path("ignored").toString()).isEqualTo("[\"/where/conditions/1\",\"/where/conditions/2\"]");
    }

    @Test
    void previewWithoutACompleteConditionCountsTheUniverse() {
        Api.Response response = api.post("/api/segments/preview", "{\"definition\":{\"subject\":\"contacts\"}," + AS_OF + ",\"limit\":0}");
        assertThat(response.json().toString()).isEqualTo("{\"count\":4,\"asOf\":\"2026-06-15T12:00:00Z\",\"members\":[],\"ignored\":[]}");
        Api.Response companies = api.post("/api/segments/preview", "{\"definition\":{\"subject\":\"companies\"}," + AS_OF + "}");
        assertThat(companies.json().path("count").asLong()).isEqualTo(2);
        assertThat(companies.json().path("members").toString()).isEqualTo("[{\"id\":" + ids.get("acme")
                + ",\"domain\":\"acme.test\",\"name\":\"Acme\"},{\"id\":" + ids.get("globex") + ",\"domain\":\"globex.test\",\"name\":\"Globex\"}]");
    }

    @Test
    void behaviorRollsUpToCompanies() {
        Api.Response response = api.post("/api/segments/preview", "{\"definition\":{\"subject\":\"companies\",\"where\":{\"type\":\"people\",\"atLeast\":2,"
                + "\"where\":{\"type\":\"pageView\",\"urlContains\":\"PRICING\",\"withinDays\":7}}}," + AS_OF + "}");
        assertThat(response.json().path("count").asLong()).isEqualTo(1);
        assertThat(response.json().path("members").get(0).path("domain").asText()).isEqualTo("acme.test");
        Api.Response threeViews = api.post("/api/segments/preview", "{\"definition\":{\"subject\":\"contacts\",\"where\":{\"type\":\"pageView\","
                + "\"urlContains\":\"/pricing\",\"withinDays\":30,\"atLeast\":3}}," + AS_OF + "}");
        assertThat(emails(threeViews.json())).containsExactly("ana@example.test");
    }

    @Test
    void invalidDefinitionsNameEveryProblem() {
        Api.Response response = api.post("/api/segments/preview", "{\"definition\":{\"subject\":\"contacts\",\"where\":{\"type\":\"and\",\"conditions\":["
                + "{\"type\":\"attribute\",\"field\":\"countryy\",\"operator\":\"equals\",\"value\":\"DE\"},"
                + "{\"type\":\"pageView\",\"withinDays\":0},"
                + "{\"type\":\"attribute\",\"field\":\"createdAt\",\"operator\":\"contains\",\"value\":\"x\"}]}}}");
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.json().path("code").asText()).isEqualTo("definition_invalid");
        List<String> errors = new ArrayList<>();
        response.json().path("errors").forEach(error -> errors.add(error.path("pointer").asText() + " " + error.path("code").asText()));
        assertThat(errors).containsExactly(
                "/definition/where/conditions/1/withinDays not_positive",
                "/definition/where/conditions/0/field unknown_field",
                "/definition/where/conditions/2/operator operator_not_allowed");
    }

    @Test
    void badRequestsNameTheField() {
        assertProblem(api.post("/api/segments/preview", "{\"definition\":" + GERMANS + ",\"asOf\":\"yesterday\"}"), 400, "invalid_timestamp", "/asOf");
        assertProblem(api.post("/api/segments/preview", "{\"definition\":" + GERMANS + ",\"limit\":5000}"), 400, "out_of_range", "/limit");
        assertProblem(api.post("/api/segments/preview", "{\"definition\":" + GERMANS + ",\"filter\":1}"), 400, "unknown_property", "/filter");
        assertProblem(api.post("/api/segments/preview", "{}"), 400, "missing_definition", "/definition");
        assertProblem(api.post("/api/segments/preview", "{\"definition\":"), 400, "malformed_json", "");
        assertProblem(api.post("/api/segments/preview", "[]"), 400, "wrong_json_type", "");
        assertProblem(api.post("/api/segments/preview", "{\"definition\":{\"subject\":\"people\"}}"), 400, "definition_invalid", "/definition/subject");
        assertProblem(api.post("/api/segments", "{\"definition\":" + GERMANS + "}"), 400, "missing_name", "/name");
        assertProblem(api.post("/api/segments", "{\"name\":\"x\",\"definition\":{\"subject\":\"contacts\"}}"), 400, "definition_invalid", "/definition/where");
        assertProblem(api.post("/api/segments", "{\"name\":\"x\",\"definition\":{\"subject\":\"contacts\",\"where\":{\"type\":\"attribute\",\"field\":\"country\",\"operator\":\"equals\"}}}"),
                400, "definition_invalid", "/definition/where/value");
        assertProblem(api.get("/api/segments/999999"), 404, "segment_not_found", "/id");
        assertProblem(api.get("/api/segments/abc"), 400, "invalid_parameter", "/id");
        assertProblem(api.get("/api/schema/people"), 404, "unknown_subject", "/subject");
        assertProblem(api.delete("/api/contacts/999999"), 404, "contact_not_found", "/id");
        assertProblem(api.delete("/api/companies/999999"), 404, "company_not_found", "/id");
    }

    /** Extreme and hostile values are problems with pointers, never a 500. */
    @Test
    void hostileValuesAreProblemsNotFailures() {
        String pageView = "{\"definition\":{\"subject\":\"contacts\",\"where\":{\"type\":\"pageView\",\"withinDays\":2147483647}}}";
        assertDefinitionError(api.post("/api/segments/preview", pageView), "/definition/where/withinDays", "out_of_range");
        assertDefinitionError(api.post("/api/segments/preview", "{\"definition\":{\"subject\":\"contacts\",\"where\":{\"type\":\"attribute\","
                + "\"field\":\"createdAt\",\"operator\":\"before\",\"value\":\"+999999999-12-31\"}}}"), "/definition/where/value", "wrong_value_type");
        assertDefinitionError(api.post("/api/segments/preview", "{\"definition\":{\"subject\":\"contacts\",\"where\":{\"type\":\"attribute\","
                + "\"field\":\"country\",\"operator\":\"equals\",\"value\":\"a\\u0000b\"}}}"), "/definition/where/value", "invalid_character");
        assertDefinitionError(api.post("/api/segments/preview", "{\"definition\":{\"subject\":\"companies\",\"where\":{\"type\":\"attribute\","
                + "\"field\":\"employeeCount\",\"operator\":\"gt\",\"value\":1e-400}}}"), "/definition/where/value", "out_of_range");
        assertDefinitionError(api.post("/api/segments/preview", "{\"definition\":{\"subject\":\"companies\",\"where\":{\"type\":\"attribute\","
                + "\"field\":\"employeeCount\",\"operator\":\"gt\",\"value\":1e400}}}"), "/definition/where/value", "out_of_range");
        assertDefinitionError(api.post("/api/segments", "{\"name\":\"blank URL\",\"definition\":{\"subject\":\"contacts\",\"where\":"
                + "{\"type\":\"pageView\",\"urlContains\":\"%20\"}}}"), "/definition/where/urlContains", "missing_value");
        assertThat(api.post("/api/segments/preview", "{\"definition\":{\"subject\":\"contacts\",\"where\":{\"type\":\"pageView\",\"urlContains\":\"%20\"}}}")
                .json().path("ignored").toString()).isEqualTo("[\"/where\"]");
        assertProblem(api.post("/api/segments/preview", "{\"definition\":" + GERMANS + ",\"asOf\":\"+300000-01-01T00:00:00Z\"}"), 400, "out_of_range", "/asOf");
        assertProblem(api.post("/api/segments/preview", "{\"definition\":" + GERMANS + ",\"asOf\":\"-5000-01-01T00:00:00Z\"}"), 400, "out_of_range", "/asOf");
        assertProblem(api.post("/api/segments", "{\"name\":\"a\\u0000\",\"definition\":" + GERMANS + "}"), 400, "invalid_character", "/name");
        assertProblem(api.send(api.request("/api/segments/preview").header("Accept", "text/csv").header("Content-Type", "application/json")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"definition\":" + GERMANS + "}"))), 406, "not_acceptable", "/headers/accept");
        assertProblem(api.get("/api/segments/preview"), 405, "method_not_allowed", "");
    }

    private static void assertDefinitionError(Api.Response response, String pointer, String code) {
        assertProblem(response, 400, "definition_invalid", pointer);
        assertThat(response.json().path("errors").get(0).path("code").asText()).isEqualTo(code);
    }

    private static void assertProblem(Api.Response response, int status, String code, String pointer) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.json().path("code").asText()).as(response.body()).isEqualTo(code);
        assertThat(response.json().path("pointer").asText()).as(response.body()).isEqualTo(pointer);
        assertThat(response.body()).doesNotContain("Exception").doesNotContain("at io.");
    }

    @Test
    void segmentsAreCreatedReadReplacedAndDeleted() {
        Api.Response created = api.post("/api/segments", "{\"name\":\" Germans \",\"description\":\"DACH test\",\"definition\":" + GERMANS + "}");
        assertThat(created.status()).isEqualTo(201);
        JsonNode segment = created.json();
        long id = segment.path("id").asLong();
        assertThat(segment.path("name").asText()).isEqualTo("Germans");
        assertThat(segment.path("description").asText()).isEqualTo("DACH test");
        assertThat(segment.path("subject").asText()).isEqualTo("contacts");
        assertThat(segment.path("definition").toString()).isEqualTo(GERMANS);
        assertThat(segment.path("lastCount").asLong()).isEqualTo(2);
        assertThat(segment.path("lastCountAsOf").asText()).isNotEmpty();

        assertThat(api.get("/api/segments/" + id).json()).isEqualTo(segment);
        assertThat(api.get("/api/segments").json().toString()).contains("\"id\":" + id + ",\"name\":\"Germans\"");

        String french = "{\"subject\":\"contacts\",\"where\":{\"type\":\"not\",\"condition\":{\"type\":\"attribute\",\"field\":\"country\",\"operator\":\"in\",\"values\":[\"de\",\"FR\"]}}}";
        Api.Response replaced = api.put("/api/segments/" + id, "{\"name\":\"Neither DE nor FR\",\"definition\":" + french + "}");
        assertThat(replaced.status()).isEqualTo(200);
        assertThat(replaced.json().path("name").asText()).isEqualTo("Neither DE nor FR");
        assertThat(replaced.json().path("description").isNull()).isTrue();
        assertThat(replaced.json().path("definition").toString()).isEqualTo(french);
        assertThat(replaced.json().path("lastCount").asLong()).isEqualTo(1);
        assertThat(replaced.json().path("createdAt")).isEqualTo(segment.path("createdAt"));

        assertThat(api.delete("/api/segments/" + id).status()).isEqualTo(204);
        assertThat(api.get("/api/segments/" + id).status()).isEqualTo(404);
        assertThat(api.delete("/api/segments/" + id).status()).isEqualTo(404);
    }

    @Test
    void membersArePagedByIdAndExportedAsCsv() {
        long id = api.post("/api/segments", "{\"name\":\"Acme people or French\",\"definition\":{\"subject\":\"contacts\",\"where\":{\"type\":\"or\",\"conditions\":["
                + "{\"type\":\"attribute\",\"field\":\"company.name\",\"operator\":\"equals\",\"value\":\"ACME\"},"
                + "{\"type\":\"attribute\",\"field\":\"country\",\"operator\":\"equals\",\"value\":\"fr\"}]}}}").json().path("id").asLong();
        JsonNode first = api.get("/api/segments/" + id + "/members?limit=2&asOf=2026-06-15T12:00:00Z").json();
        assertThat(first.path("count").asLong()).isEqualTo(3);
        assertThat(first.path("asOf").asText()).isEqualTo("2026-06-15T12:00:00Z");
        assertThat(emails(first)).containsExactly("ana@example.test", "bo@example.test");
        assertThat(first.path("next").asLong()).isEqualTo(ids.get("bo"));
        JsonNode second = api.get("/api/segments/" + id + "/members?limit=2&asOf=2026-06-15T12:00:00Z&after=" + first.path("next").asLong()).json();
        assertThat(emails(second)).containsExactly("cy@example.test");
        assertThat(second.path("next").isNull()).isTrue();

        Api.Response csv = api.get("/api/segments/" + id + "/members.csv?asOf=2026-06-15T12:00:00Z");
        assertThat(csv.status()).isEqualTo(200);
        assertThat(csv.contentType()).startsWith("text/csv");
        assertThat(csv.body()).isEqualTo("id,email,name\r\n"
                + ids.get("ana") + ",ana@example.test,Ana Test\r\n"
                + ids.get("bo") + ",bo@example.test,Bo Test\r\n"
                + ids.get("cy") + ",cy@example.test,Cy Test\r\n");
        assertProblem(api.get("/api/segments/" + id + "/members?limit=0"), 400, "out_of_range", "/limit");
    }

    /** Preview, saved count, paged members and the CSV export agree for the same definition and asOf. */
    @Test
    void everySurfaceGivesTheSameAnswer() {
        List<String> definitions = List.of(GERMANS,
                "{\"subject\":\"contacts\",\"where\":{\"type\":\"not\",\"condition\":{\"type\":\"pageView\"}}}",
                "{\"subject\":\"contacts\",\"where\":{\"type\":\"attribute\",\"field\":\"company.industry\",\"operator\":\"notEquals\",\"value\":\"software\"}}",
                "{\"subject\":\"contacts\",\"where\":{\"type\":\"recency\",\"of\":\"activity\",\"operator\":\"never\"}}",
                "{\"subject\":\"companies\",\"where\":{\"type\":\"not\",\"condition\":{\"type\":\"people\",\"where\":{\"type\":\"pageView\"}}}}");
        List<Long> expected = List.of(2L, 2L, 2L, 2L, 1L);
        for (int index = 0; index < definitions.size(); index++) {
            String definition = definitions.get(index);
            long preview = api.post("/api/segments/preview", "{\"definition\":" + definition + "," + AS_OF + "}").json().path("count").asLong();
            long id = api.post("/api/segments", "{\"name\":\"same answer " + index + "\",\"definition\":" + definition + "}").json().path("id").asLong();
            JsonNode members = api.get("/api/segments/" + id + "/members?limit=1000&asOf=2026-06-15T12:00:00Z").json();
            String[] csvLines = api.get("/api/segments/" + id + "/members.csv?asOf=2026-06-15T12:00:00Z").body().split("\r\n");
            assertThat(preview).as(definition).isEqualTo(expected.get(index));
            assertThat(members.path("count").asLong()).isEqualTo(preview);
            assertThat(members.path("members").size()).isEqualTo(preview);
            assertThat(csvLines.length - 1).isEqualTo(preview);
        }
    }

    @Test
    void aDeletedContactLeavesEveryUniverse() {
        long id = dsl.transactionResult(configuration -> new ContactStore(DSL.using(configuration)).upsert(1,
                new ContactStore.ContactChange("gone@example.test", null, NOW.minusSeconds(86_400), Map.of("country", TextNode.valueOf("DE")))).id());
        assertThat(api.post("/api/segments/preview", "{\"definition\":" + GERMANS + "," + AS_OF + "}").json().path("count").asLong()).isEqualTo(3);
        assertThat(api.delete("/api/contacts/" + id).status()).isEqualTo(204);
        assertThat(api.post("/api/segments/preview", "{\"definition\":" + GERMANS + "," + AS_OF + "}").json().path("count").asLong()).isEqualTo(2);
        assertThat(api.delete("/api/contacts/" + id).status()).isEqualTo(404);
    }

    @Test
    void theSchemaListsFieldsOperatorsFormsAndChannels() {
        JsonNode schema = api.get("/api/schema/contacts").json();
        List<String> fields = new ArrayList<>();
        schema.path("fields").forEach(field -> fields.add(field.path("name").asText() + ":" + field.path("type").asText()));
        assertThat(fields).containsExactly("email:text", "firstName:text", "lastName:text", "title:text", "phone:text", "country:text",
                "city:text", "lifecycleStage:enum", "createdAt:timestamp", "company.domain:text", "company.name:text", "company.industry:text",
                "company.employeeCount:number", "company.annualRevenue:number", "company.country:text", "company.city:text", "company.createdAt:timestamp");
        assertThat(schema.path("fields").get(7).path("options").toString())
                .isEqualTo("[\"subscriber\",\"lead\",\"mql\",\"sql\",\"opportunity\",\"customer\",\"evangelist\",\"other\"]");
        assertThat(schema.path("fields").get(8).path("operators").toString()).isEqualTo(
                "[\"before\",\"after\",\"on\",\"between\",\"withinLastDays\",\"moreThanDaysAgo\",\"isSet\",\"isNotSet\"]");
        assertThat(schema.path("forms").toString()).isEqualTo("[{\"id\":\"demo-request\",\"name\":\"Demo request\"}]");
        assertThat(schema.path("consentChannels").toString()).isEqualTo("[\"email\",\"sms\"]");
        assertThat(api.get("/api/schema/companies").json().path("recency").path("of").toString()).isEqualTo("[\"created\"]");
    }

    private static List<String> emails(JsonNode answer) {
        List<String> emails = new ArrayList<>();
        answer.path("members").forEach(member -> emails.add(member.path("email").asText()));
        return emails;
    }
}
