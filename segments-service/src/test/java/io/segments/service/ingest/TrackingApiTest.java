package io.segments.service.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import io.segments.service.Api;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static io.segments.service.ingest.Tracking.contacts;
import static org.assertj.core.api.Assertions.assertThat;

/** The tracking API's contract: auth, validation naming the field, all-or-nothing batches, size limits, dedup. */
class TrackingApiTest extends IngestionTest {
    @org.springframework.beans.factory.annotation.Autowired
    private Ingestor ingestor;
    private Tracking tracking;

    @BeforeEach
    void client() {
        tracking = new Tracking(api);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"/v1/identify", "/v1/track", "/v1/page", "/v1/group", "/v1/alias", "/v1/batch"})
    void everyTrackingCallNeedsTheWriteKey(String path) {
        String body = "{\"userId\":\"x\",\"event\":\"E\",\"groupId\":\"g\",\"previousId\":\"p\",\"batch\":[]}";
        for (String authorization : new String[]{null, basic("wrong"), basic(WRITE_KEY + "x"), "Bearer " + WRITE_KEY, basic(ADMIN_TOKEN)}) {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(api.base() + path))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
            if (authorization != null) {
                request.header("Authorization", authorization);
            }
            Api.Response response = api.send(request);
            assertThat(response.status()).as("%s with %s", path, authorization).isEqualTo(401);
            assertThat(response.contentType()).startsWith("application/problem+json");
            assertThat(response.json().get("code").asText()).isEqualTo("unauthorized");
        }
    }

    @Test
    void theWriteKeyMayComeInTheBodyAndAPasswordIsIgnored() {
        Api.Response inBody = api.send(HttpRequest.newBuilder(URI.create(api.base() + "/v1/track")).header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString("{\"writeKey\":\"" + WRITE_KEY + "\",\"messageId\":\"wk-1\",\"userId\":\"wk\",\"event\":\"E\"}")));
        assertThat(inBody.status()).isEqualTo(200);
        assertThat(inBody.body()).isEqualTo("{\"success\":true}");
        Api.Response withPassword = api.send(HttpRequest.newBuilder(URI.create(api.base() + "/v1/track")).header("Content-Type", "application/json")
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString((WRITE_KEY + ":anything").getBytes(StandardCharsets.UTF_8)))
                .POST(HttpRequest.BodyPublishers.ofString("{\"userId\":\"wk\",\"event\":\"E\"}")));
        assertThat(withPassword.status()).isEqualTo(200);
        // The write key is never kept in the log.
        tracking.send("/v1/track", "{'messageId':'wk-2','userId':'wk','event':'Form Submitted','properties':{}}");
        JsonNode problem = api.get("/api/ingestion/problems?messageId=wk-2").json().get("problems").get(0);
        assertThat(problem.get("pointer").asText()).isEqualTo("/properties/formId");
        assertThat(problem.get("payload").has("writeKey")).isFalse();
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', value = {
            "/v1/track    | {'event':'E'}                                            | /userId            | missing_identity",
            "/v1/track    | {'userId':'u'}                                           | /event             | missing_event",
            "/v1/track    | {'userId':'u','event':'E','timestamp':'yesterday'}       | /timestamp         | invalid_timestamp",
            "/v1/track    | {'userId':'u','event':'E','timestamp':'2024-01-01'}      | /timestamp         | invalid_timestamp",
            "/v1/page     | {'userId':'u','sentAt':5}                                | /sentAt            | invalid_timestamp",
            "/v1/page     | {'userId':'u','originalTimestamp':'x'}                   | /originalTimestamp | invalid_timestamp",
            "/v1/page     | {'userId':'u','properties':[1]}                          | /properties        | wrong_json_type",
            "/v1/identify | {'userId':{'id':1}}                                      | /userId            | wrong_json_type",
            "/v1/identify | {'userId':'u','traits':'x'}                              | /traits            | wrong_json_type",
            "/v1/identify | {'userId':'u','context':{'traits':5}}                    | /context/traits    | wrong_json_type",
            "/v1/group    | {'userId':'u'}                                           | /groupId           | missing_group_id",
            "/v1/alias    | {'userId':'u'}                                           | /previousId        | missing_previous_id",
            "/v1/alias    | {'previousId':'p','anonymousId':'a'}                     | /userId            | missing_user_id",
            "/v1/batch    | {'batch':[{'type':'hover','userId':'u'}]}                | /batch/0/type      | unknown_type",
            "/v1/batch    | {'batch':[{'userId':'u'}]}                               | /batch/0/type      | missing_type",
            "/v1/batch    | {'batch':{}}                                             | /batch             | wrong_json_type",
            "/v1/batch    | {}                                                       | /batch             | missing_batch",
            "/v1/batch    | {'batch':[],'sentAt':'now'}                              | /sentAt            | invalid_timestamp",
            "/v1/batch    | {'batch':[7]}                                            | /batch/0           | wrong_json_type",
            "/v1/track    | [1]                                                      | ''                 | wrong_json_type",
            "/v1/track    | {'userId':'u',                                           | ''                 | malformed_json",
            "/v1/batch    | [1,                                                      | ''                 | malformed_json",
            "/v1/batch    | {'batch':[{'type':'page','userId':'u'},]}                | ''                 | malformed_json",
            "/v1/batch    | {'batch':[]} {'batch':[]}                                | ''                 | malformed_json"})
    void eachBadRequestNamesTheField(String path, String body, String pointer, String code) {
        Api.Response response = tracking.raw(path, body);
        assertThat(response.status()).as(response.body()).isEqualTo(400);
        assertThat(response.contentType()).startsWith("application/problem+json");
        JsonNode problem = response.json();
        assertThat(problem.get("code").asText()).isEqualTo(code);
        assertThat(problem.get("pointer").asText()).isEqualTo(pointer);
        assertThat(problem.get("errors").get(0).get("pointer").asText()).isEqualTo(pointer);
    }

    @Test
    void aBatchWithInvalidMessagesIsRejectedWholeWithEveryBadMessageNamed() {
        String batch = "{'batch':["
                + "{'type':'identify','userId':'ba-ute','traits':{'email':'ute@ba.test'}},"
                + "{'type':'page','userId':'ba-ute','properties':{'url':'https://ba.test/a'}},"
                + "{'type':'track','userId':'ba-ute'},"
                + "{'type':'page','userId':'ba-ute','timestamp':'2024-13-01T00:00:00Z'},"
                + "{'type':'page','properties':{'url':'https://ba.test/b'}}]}";
        Api.Response response = tracking.raw("/v1/batch", batch);
        assertThat(response.status()).isEqualTo(400);
        JsonNode errors = response.json().get("errors");
        assertThat(response.json().get("code").asText()).isEqualTo("invalid_messages");
        assertThat(errors.size()).isEqualTo(3);
        assertThat(errors.get(0).get("pointer").asText()).isEqualTo("/batch/2/event");
        assertThat(errors.get(0).get("code").asText()).isEqualTo("missing_event");
        assertThat(errors.get(1).get("pointer").asText()).isEqualTo("/batch/3/timestamp");
        assertThat(errors.get(1).get("code").asText()).isEqualTo("invalid_timestamp");
        assertThat(errors.get(2).get("pointer").asText()).isEqualTo("/batch/4/userId");
        assertThat(errors.get(2).get("code").asText()).isEqualTo("missing_identity");
        // Nothing was written: not the valid identify, not the valid page.
        assertThat(api.get("/api/contacts?email=ute@ba.test").status()).isEqualTo(404);

        tracking.send("/v1/batch", batch.replace("{'type':'track','userId':'ba-ute'},", "")
                .replace("2024-13-01T00:00:00Z", "2024-12-01T00:00:00Z").replace("{'type':'page','properties'", "{'type':'page','anonymousId':'ba-v','properties'"));
        assertThat(tracking.members(contacts("{'type':'pageView','urlContains':'ba.test/'}"))).containsExactly("ute@ba.test");
    }

    @Test
    void sizeLimitsAre32KbPerMessageAnd500KbPerBatch() {
        String big = "x".repeat(33 * 1024);
        Api.Response single = tracking.raw("/v1/track", "{'userId':'sz','event':'E','properties':{'blob':'" + big + "'}}");
        assertThat(single.status()).isEqualTo(413);
        assertThat(single.json().get("code").asText()).isEqualTo("payload_too_large");

        Api.Response inBatch = tracking.raw("/v1/batch", "{'batch':[{'type':'track','userId':'sz','event':'ok'},"
                + "{'type':'track','userId':'sz','event':'E','properties':{'blob':'" + big + "'}}]}");
        assertThat(inBatch.status()).isEqualTo(400);
        assertThat(inBatch.json().get("errors").get(0).get("pointer").asText()).isEqualTo("/batch/1");
        assertThat(inBatch.json().get("errors").get(0).get("code").asText()).isEqualTo("message_too_large");

        StringBuilder huge = new StringBuilder("{'batch':[");
        String medium = "y".repeat(20 * 1024);
        for (int index = 0; index < 26; index++) {
            huge.append(index == 0 ? "" : ",").append("{'type':'track','userId':'sz','event':'E','properties':{'blob':'").append(medium).append("'}}");
        }
        Api.Response tooBig = tracking.raw("/v1/batch", huge.append("]}").toString());
        assertThat(tooBig.status()).isEqualTo(413);
        assertThat(tooBig.contentType()).startsWith("application/problem+json");
        // Just under the limit is fine.
        StringBuilder fits = new StringBuilder("{'batch':[");
        for (int index = 0; index < 24; index++) {
            fits.append(index == 0 ? "" : ",").append("{'type':'track','userId':'sz','event':'E','properties':{'blob':'").append(medium).append("'}}");
        }
        tracking.send("/v1/batch", fits.append("]}").toString());
    }

    @Test
    void theSameMessageSentFromManyThreadsAtOnceIsStoredOnceAndEveryRequestSucceeds() throws Exception {
        tracking.send("/v1/identify", "{'userId':'dd-vic','traits':{'email':'vic@dd.test'}}");
        int threads = 8;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            for (int round = 0; round < 5; round++) {
                CountDownLatch start = new CountDownLatch(1);
                List<Future<Api.Response>> answers = new ArrayList<>();
                String message = ("{'messageId':'dd-" + round + "','userId':'dd-vic','properties':{'url':'https://dd.test/pricing'}}").replace('\'', '"');
                for (int thread = 0; thread < threads; thread++) {
                    answers.add(pool.submit(() -> {
                        start.await();
                        return api.track("/v1/page", message, WRITE_KEY);
                    }));
                }
                start.countDown();
                for (Future<Api.Response> answer : answers) {
                    assertThat(answer.get().status()).as(answer.get().body()).isEqualTo(200);
                }
            }
        } finally {
            pool.shutdown();
        }
        assertThat(tracking.members(contacts("{'type':'pageView','urlContains':'dd.test/pricing','atLeast':5}"))).containsExactly("vic@dd.test");
        assertThat(tracking.members(contacts("{'type':'pageView','urlContains':'dd.test/pricing','atLeast':6}"))).isEmpty();
        // A retried batch, with or without message ids, is stored once too.
        String batch = "{'batch':[{'type':'page','userId':'dd-vic','timestamp':'2024-05-01T00:00:00Z','properties':{'url':'https://dd.test/retry'}},"
                + "{'type':'page','messageId':'dd-r2','userId':'dd-vic','properties':{'url':'https://dd.test/retry'}}],'sentAt':'2024-05-01T00:00:01Z'}";
        tracking.send("/v1/batch", batch);
        tracking.send("/v1/batch", batch.replace("00:00:01Z", "00:00:09Z"));
        assertThat(tracking.members(contacts("{'type':'pageView','urlContains':'dd.test/retry','atLeast':2}"))).containsExactly("vic@dd.test");
        assertThat(tracking.members(contacts("{'type':'pageView','urlContains':'dd.test/retry','atLeast':3}"))).isEmpty();
    }

    /**
     * The log is written with a plain insert, undone when it meets a message id seen before and
     * then written with on conflict; for a few seconds after, with on conflict straight away. Both
     * ways store each message once and the rest of the batch.
     */
    @Test
    void aMessageSeenBeforeIsStoredOnceWhicheverWayTheLogIsWritten() {
        tracking.send("/v1/identify", "{'userId':'dw-ida','traits':{'email':'ida@dw.test'}}");
        ingestor.forgetDuplicates(java.util.concurrent.TimeUnit.MINUTES.toNanos(10)); // a slow machine still sends the next batch in time
        long undone = ingestor.plainLogInsertsUndone();
        tracking.send("/v1/page", "{'messageId':'dw-1','userId':'dw-ida','properties':{'url':'https://dw.test/a'}}");
        assertThat(ingestor.plainLogInsertsUndone()).isEqualTo(undone);

        tracking.send("/v1/batch", "{'batch':[{'type':'page','messageId':'dw-1','userId':'dw-ida','properties':{'url':'https://dw.test/a'}},"
                + "{'type':'page','messageId':'dw-2','userId':'dw-ida','properties':{'url':'https://dw.test/b'}}]}");
        assertThat(ingestor.plainLogInsertsUndone()).isEqualTo(undone + 1);
        tracking.send("/v1/batch", "{'batch':[{'type':'page','messageId':'dw-2','userId':'dw-ida','properties':{'url':'https://dw.test/b'}},"
                + "{'type':'page','messageId':'dw-3','userId':'dw-ida','properties':{'url':'https://dw.test/c'}}]}");
        assertThat(ingestor.plainLogInsertsUndone()).as("on conflict straight away").isEqualTo(undone + 1);

        for (String page : new String[]{"dw.test/a", "dw.test/b", "dw.test/c"}) {
            assertThat(tracking.members(contacts("{'type':'pageView','urlContains':'" + page + "'}"))).as(page).containsExactly("ida@dw.test");
            assertThat(tracking.members(contacts("{'type':'pageView','urlContains':'" + page + "','atLeast':2}"))).as(page).isEmpty();
        }
        assertThat(dsl.fetchValue("select count(*) from ingest_log where message_id in ('dw-1', 'dw-2', 'dw-3')")).isEqualTo(3L);
        assertThat(dsl.fetchValue("select count(*) from events where message_id in ('dw-1', 'dw-2', 'dw-3')")).isEqualTo(3L);
        ingestor.forgetDuplicates(Ingestor.DUPLICATE_WAVE_NANOS);
    }

    /** The log keeps a message as it was sent, unless reading it added to it (the batch's context, the path's type) or removed its write key. */
    @Test
    void theLogKeepsEachMessageAsSentUnlessReadingItChangedIt() {
        String asSent = "{ \"type\" : \"track\",\"messageId\":\"rw-1\", \"userId\":\"rw-u\",\n  \"event\":\"Caf\\u00e9 Visited\", \"properties\":{\"n\":1.50} }";
        String batch = "{\"batch\": [ " + asSent + " ,{\"type\":\"track\",\"messageId\":\"rw-2\",\"userId\":\"rw-u\",\"event\":\"E\",\"writeKey\":\"" + WRITE_KEY + "\"}]}";
        assertThat(api.track("/v1/batch", batch, WRITE_KEY).status()).isEqualTo(200);
        assertThat(payload("rw-1")).isEqualTo(asSent);
        assertThat(payload("rw-2")).isEqualTo("{\"type\":\"track\",\"messageId\":\"rw-2\",\"userId\":\"rw-u\",\"event\":\"E\"}");

        tracking.send("/v1/batch", "{'batch':[{'type':'track','messageId':'rw-3','userId':'rw-u','event':'E'}],'context':{'ip':'10.0.0.1'}}");
        assertThat(payload("rw-3")).isEqualTo("{\"type\":\"track\",\"messageId\":\"rw-3\",\"userId\":\"rw-u\",\"event\":\"E\",\"context\":{\"ip\":\"10.0.0.1\"}}");
        tracking.send("/v1/track", "{'messageId':'rw-4','userId':'rw-u','event':'E'}");
        assertThat(payload("rw-4")).isEqualTo("{\"messageId\":\"rw-4\",\"userId\":\"rw-u\",\"event\":\"E\",\"type\":\"track\"}");
        // Read back as JSON, the kept text is the message's value.
        assertThat(dsl.fetchValue("select payload::json ->> 'event' from ingest_log where message_id = 'rw-1'")).isEqualTo("Caf\u00e9 Visited");
    }

    /**
     * The 32 KB limit is on a message's compact form, as before the log kept the text received: a
     * message sent pretty-printed or with escaped letters is no larger for it.
     */
    @Test
    void theSizeLimitIsOnTheCompactFormHoweverTheMessageWasSpacedOrEscaped() {
        String spaced = "{\"type\":\"track\",\"messageId\":\"cf-1\",\"userId\":\"cf\",\"event\":\"E\"," + " ".repeat(40_000) + "\"properties\":{}}";
        assertThat(api.track("/v1/batch", "{\"batch\":[" + spaced + "]}", WRITE_KEY).status()).isEqualTo(200);
        assertThat(payload("cf-1")).isEqualTo(spaced);
        String escaped = "{\"type\":\"track\",\"messageId\":\"cf-2\",\"userId\":\"cf\",\"event\":\"E\",\"properties\":{\"t\":\""
                + "\\u00e9".repeat(6_000) + "\"}}";
        assertThat(api.track("/v1/batch", "{\"batch\":[" + escaped + "]}", WRITE_KEY).status()).isEqualTo(200);
        String tooLarge = "{\"type\":\"track\",\"messageId\":\"cf-3\",\"userId\":\"cf\",\"event\":\"E\",\"properties\":{\"t\":\""
                + "\\u00e9".repeat(17_000) + "\"}}"; // 34,000 bytes compact
        Api.Response refused = api.track("/v1/batch", "{\"batch\":[" + tooLarge + "]}", WRITE_KEY);
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.json().get("code").asText()).isEqualTo("message_too_large");
        assertThat(refused.json().get("pointer").asText()).isEqualTo("/batch/0");
    }

    /** A body in UTF-16 (which JSON readers accept) is read and kept as serialized; an escaped lone surrogate is kept so that the log still reads as json. */
    @Test
    void bodiesInUtf16AndEscapedSurrogatesAreKeptReadable() {
        String message = "{\"type\":\"track\",\"messageId\":\"u16-1\",\"userId\":\"u16\",\"event\":\"E\"}";
        for (java.nio.charset.Charset charset : new java.nio.charset.Charset[]{StandardCharsets.UTF_16BE, StandardCharsets.UTF_16LE}) {
            Api.Response answer = api.send(HttpRequest.newBuilder(URI.create(api.base() + "/v1/batch")).header("Content-Type", "application/json")
                    .header("Authorization", "Basic " + Base64.getEncoder().encodeToString((WRITE_KEY + ":").getBytes(StandardCharsets.UTF_8)))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(("{\"batch\":[" + message + "]}").getBytes(charset))));
            assertThat(answer.status()).as(charset + ": " + answer.body()).isEqualTo(200);
        }
        assertThat(payload("u16-1")).isEqualTo(message);
        assertThat(dsl.fetchValue("select count(*) from events where message_id = 'u16-1'")).isEqualTo(1L);

        tracking.send("/v1/batch", "{'batch':[{'type':'track','messageId':'u16-2','userId':'u16','event':'a\\ud800b'},"
                + "{'type':'track','messageId':'u16-3','userId':'u16','event':'\\ud83d\\ude00'}]}");
        assertThat(dsl.fetchValue("select count(*) from ingest_log where message_id in ('u16-2', 'u16-3') and payload::json ->> 'userId' = 'u16'")).isEqualTo(2L);
        assertThat(dsl.fetchValue("select payload::json ->> 'event' from ingest_log where message_id = 'u16-3'")).isEqualTo("\uD83D\uDE00");
    }

    /** PostgreSQL stores the NUL character in neither text nor jsonb: a message carrying one is refused with each place named (it answered 500). */
    @Test
    void aNulCharacterIsRefusedWithEachPlaceNamed() {
        Api.Response refused = tracking.raw("/v1/batch", "{'batch':[{'type':'track','messageId':'nul-1','userId':'nul-u','event':'E','properties':{'note':'a\\u0000b','ok':'\\\\u0000'}},"
                + "{'type':'identify','messageId':'nul-2','userId':'nul-u','traits':{'email':'nul@nul.test','tags':['x','y\\u0000'],'a/b\\u0000':1}}]}");
        assertThat(refused.status()).as(refused.body()).isEqualTo(400);
        assertThat(refused.json().get("code").asText()).isEqualTo("invalid_messages");
        List<String> pointers = new ArrayList<>();
        refused.json().get("errors").forEach(error -> pointers.add(error.get("pointer").asText() + " " + error.get("code").asText()));
        assertThat(pointers).containsExactly("/batch/0/properties/note invalid_character", "/batch/1/traits/tags/1 invalid_character",
                "/batch/1/traits/a~1b\u0000 invalid_character");
        assertThat(dsl.fetchValue("select count(*) from ingest_log where message_id in ('nul-1', 'nul-2')")).isEqualTo(0L);
        // An escaped backslash followed by "u0000" is no NUL character.
        tracking.send("/v1/track", "{'messageId':'nul-3','userId':'nul-u','event':'E','properties':{'ok':'\\\\u0000'}}");
        assertThat(dsl.fetchValue("select properties ->> 'ok' from events where message_id = 'nul-3'")).isEqualTo("\\u0000");
    }

    /** Times and numbers PostgreSQL cannot store are refused, naming the field (they answered 500). */
    @Test
    void timesOutsideTheYearsOneTo9999AndNumbersBeyondNumericAreRefused() {
        for (String[] refused : new String[][]{
                {"/v1/track", "{'userId':'od','event':'E','timestamp':'0000-01-01T00:00:00Z'}", "/timestamp", "invalid_timestamp"},
                {"/v1/track", "{'userId':'od','event':'E','originalTimestamp':'-0001-01-01T00:00:00Z'}", "/originalTimestamp", "invalid_timestamp"},
                {"/v1/track", "{'userId':'od','event':'E','timestamp':'+12345-01-01T00:00:00Z'}", "/timestamp", "invalid_timestamp"},
                {"/v1/track", "{'userId':'od','event':'E','timestamp':'0001-01-01T00:00:00Z','sentAt':'9999-01-01T00:00:00Z'}", "/sentAt", "invalid_timestamp"},
                {"/v1/track", "{'userId':'od','event':'E','properties':{'n':1e200000}}", "/properties/n", "invalid_number"},
                {"/v1/track", "{'userId':'od','event':'E','properties':{'list':[1, 1e-200000]}}", "/properties/list/1", "invalid_number"},
                {"/v1/identify", "{'userId':'od2','traits':{'email':'od2@od.test','od_n':1e200000}}", "/traits/od_n", "invalid_number"},
                {"/v1/track", "{'userId':'od','event':'E','properties':{'f':0." + "1".repeat(16_384) + "}}", "", "malformed_json"}, // Jackson's limit
                {"/v1/batch", "{'batch':[{'type':'track','userId':'od','event':'E','timestamp':'0001-01-01T00:00:00Z'}],'sentAt':'9999-01-01T00:00:00Z'}",
                        "/sentAt", "invalid_timestamp"}}) {
            Api.Response answer = tracking.raw(refused[0], refused[1]);
            assertThat(answer.status()).as(refused[1] + " -> " + answer.body()).isEqualTo(400);
            assertThat(answer.json().get("pointer").asText()).as(refused[1]).isEqualTo(refused[2]);
            assertThat(answer.json().get("code").asText()).as(refused[1]).isEqualTo(refused[3]);
        }
        // The edges are kept.
        tracking.send("/v1/track", "{'messageId':'od-1','userId':'od','event':'E','timestamp':'0001-01-01T00:00:00Z','properties':{'n':1e100,'m':2.5e-3}}");
        tracking.send("/v1/track", "{'messageId':'od-2','userId':'od','event':'E','timestamp':'9999-12-31T23:59:59.999Z'}");
        assertThat(dsl.fetchValue("select count(*) from events where message_id in ('od-1', 'od-2')")).isEqualTo(2L);
        assertThat(dsl.fetchValue("select (properties ->> 'm') from events where message_id = 'od-1'")).isEqualTo("0.0025");
    }

    private Object payload(String messageId) {
        return dsl.fetchValue("select payload from ingest_log where message_id = ?", messageId);
    }

    @Test
    void clockSkewIsCorrectedWhenTheClientSaysWhenItSent() {
        tracking.send("/v1/identify", "{'userId':'cs-wes','traits':{'email':'wes@cs.test'}}");
        // The client's clock is ten years behind: the event happened an hour before it was sent.
        tracking.send("/v1/track", "{'userId':'cs-wes','event':'Form Submitted','properties':{'formId':'cs-form'},"
                + "'timestamp':'2016-01-01T10:00:00Z','sentAt':'2016-01-01T11:00:00Z'}");
        String definition = "{'type':'formSubmit','form':'cs-form','withinDays':1}";
        assertThat(tracking.members(contacts(definition))).containsExactly("wes@cs.test");
        JsonNode events = api.get("/api/contacts?email=wes@cs.test").json().get("recentEvents");
        java.time.Instant at = java.time.Instant.parse(events.get(0).get("timestamp").asText());
        assertThat(at).isBetween(java.time.Instant.now().minusSeconds(3660), java.time.Instant.now().minusSeconds(3540));
    }

    private static String basic(String user) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":").getBytes(StandardCharsets.UTF_8));
    }
}
