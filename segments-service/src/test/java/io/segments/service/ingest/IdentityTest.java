package io.segments.service.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import io.segments.service.Api;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static io.segments.service.ingest.Tracking.contacts;
import static org.assertj.core.api.Assertions.assertThat;

/** Identity: stitching anonymous history, re-identification, merges by alias, consent after a merge. */
class IdentityTest extends IngestionTest {
    private Tracking tracking;

    @BeforeEach
    void client() {
        tracking = new Tracking(api);
    }

    @Test
    void anonymousHistoryCountsForTheContactOnceIdentifiedAndForNobodyBefore() {
        tracking.send("/v1/page", "{'anonymousId':'st-v1','properties':{'url':'https://st.test/pricing'},'timestamp':'2024-01-01T00:00:00Z'}");
        tracking.send("/v1/page", "{'anonymousId':'st-v1','properties':{'url':'https://st.test/pricing'},'timestamp':'2024-01-02T00:00:00Z'}");
        tracking.send("/v1/page", "{'anonymousId':'st-never','properties':{'url':'https://st.test/pricing'}}");
        String twice = contacts("{'type':'pageView','urlContains':'st.test/pricing','atLeast':2}");
        String once = contacts("{'type':'pageView','urlContains':'st.test/pricing'}");
        assertThat(tracking.members(once)).isEmpty();

        tracking.send("/v1/identify", "{'userId':'st-kim','anonymousId':'st-v1','traits':{'email':'kim@st.test'}}");
        assertThat(tracking.members(twice)).containsExactly("kim@st.test");
        // Later events of the visitor count too, sent with or without the user id.
        tracking.send("/v1/page", "{'anonymousId':'st-v1','properties':{'url':'https://st.test/pricing/enterprise'}}");
        assertThat(tracking.members(contacts("{'type':'pageView','urlContains':'st.test/pricing','atLeast':3}"))).containsExactly("kim@st.test");
        assertThat(tracking.members(once)).containsExactly("kim@st.test");
    }

    /**
     * In one request, a contact known already and a new one both bring a property nobody declared,
     * with different types: the first message decides its type, though new contacts are written
     * before known ones are updated.
     */
    @Test
    void aNewPropertyTakesTheTypeOfItsFirstMessageWhenANewContactComesLater() {
        tracking.send("/v1/identify", "{'userId':'ft-ann','traits':{'email':'ann@ft.test'}}");
        tracking.send("/v1/batch", "{'batch':[{'type':'identify','messageId':'ft-1','userId':'ft-ann','traits':{'ft_tier':'gold'}},"
                + "{'type':'identify','messageId':'ft-2','userId':'ft-bo','traits':{'email':'bo@ft.test','ft_tier':3}}]}");

        JsonNode declared = api.get("/api/properties").json();
        List<String> tiers = new ArrayList<>();
        declared.forEach(property -> {
            if (property.get("name").asText().equals("ft_tier")) {
                tiers.add(property.get("type").asText());
            }
        });
        assertThat(tiers).containsExactly("text");
        assertThat(tracking.members(contacts("{'type':'attribute','field':'ft_tier','operator':'equals','value':'gold'}"))).containsExactly("ann@ft.test");
        assertThat(tracking.members(contacts("{'type':'attribute','field':'email','operator':'endsWith','value':'@ft.test'}")))
                .containsExactly("ann@ft.test", "bo@ft.test");
        assertThat(api.get("/api/ingestion/problems?messageId=ft-1").json().get("problems").size()).isZero();
        JsonNode problems = api.get("/api/ingestion/problems?messageId=ft-2").json().get("problems");
        assertThat(problems.size()).isEqualTo(1);
        assertThat(problems.get(0).get("pointer").asText()).isEqualTo("/traits/ft_tier");
        assertThat(problems.get(0).get("message").asText()).isEqualTo("\"ft_tier\" is a text property and takes a string; got 3.");
    }

    /** The management calls name the field they refuse: an enum option holding NUL answered 500, a consent's time named "asOf". */
    @Test
    void managementCallsNameWhatTheyRefuse() {
        tracking.send("/v1/identify", "{'userId':'mr-ivy','traits':{'email':'ivy@mr.test'}}");
        Api.Response option = api.post("/api/properties", "{\"name\":\"mr_tier\",\"type\":\"enum\",\"options\":[\"gold\",\"a\\u0000\"]}");
        assertThat(option.status()).as(option.body()).isEqualTo(400);
        assertThat(option.json().get("code").asText()).isEqualTo("invalid_character");
        assertThat(option.json().get("pointer").asText()).isEqualTo("/options/1");
        Api.Response consent = api.post("/api/consents", "{\"email\":\"ivy@mr.test\",\"channel\":\"email\",\"status\":\"granted\",\"timestamp\":\"0000-01-01T00:00:00Z\"}");
        assertThat(consent.status()).as(consent.body()).isEqualTo(400);
        assertThat(consent.json().get("pointer").asText()).isEqualTo("/timestamp");
        assertThat(consent.json().get("detail").asText()).isEqualTo("\"timestamp\" lies between the years 1 and 9999; got \"0000-01-01T00:00:00Z\".");
    }

    @Test
    void eventsOfAUserIdentifiedLaterCountOnceTheContactExists() {
        tracking.send("/v1/track", "{'userId':'ul-lee','event':'Form Submitted','properties':{'formId':'ul-form'}}");
        assertThat(tracking.members(contacts("{'type':'formSubmit','form':'ul-form'}"))).isEmpty();
        tracking.send("/v1/identify", "{'userId':'ul-lee','traits':{'email':'lee@ul.test'}}");
        assertThat(tracking.members(contacts("{'type':'formSubmit','form':'ul-form'}"))).containsExactly("lee@ul.test");
    }

    @Test
    void aVisitorIdentifiedAsSomeoneElseMovesWithAllItsEventsToTheLatest() {
        tracking.send("/v1/identify", "{'userId':'ri-max','anonymousId':'ri-shared','traits':{'email':'max@ri.test'}}");
        tracking.send("/v1/page", "{'anonymousId':'ri-shared','properties':{'url':'https://ri.test/docs'}}");
        tracking.send("/v1/page", "{'userId':'ri-max','properties':{'url':'https://ri.test/docs/own'}}");
        String docs = contacts("{'type':'pageView','urlContains':'ri.test/docs','atLeast':2}");
        assertThat(tracking.members(docs)).containsExactly("max@ri.test");

        tracking.send("/v1/identify", "{'userId':'ri-nia','anonymousId':'ri-shared','traits':{'email':'nia@ri.test'}}");
        assertThat(tracking.members(docs)).isEmpty();
        assertThat(tracking.members(contacts("{'type':'pageView','urlContains':'ri.test/docs/own'}"))).containsExactly("max@ri.test");
        assertThat(tracking.members(contacts("{'type':'and','conditions':[{'type':'pageView','urlContains':'ri.test/docs'},"
                + "{'type':'not','condition':{'type':'pageView','urlContains':'ri.test/docs/own'}}]}"))).containsExactly("nia@ri.test");
    }

    @Test
    void aliasMergesThePreviousContactAndLaterMessagesForTheMergedIdLandOnTheSurvivor() {
        tracking.send("/v1/identify", "{'userId':'al-old','anonymousId':'al-v-old','traits':{'email':'old@al.test','country':'PT'}}");
        tracking.send("/v1/identify", "{'userId':'al-new','traits':{'email':'new@al.test'}}");
        tracking.send("/v1/page", "{'userId':'al-old','properties':{'url':'https://al.test/pricing'}}");
        tracking.send("/v1/page", "{'userId':'al-new','properties':{'url':'https://al.test/pricing'}}");
        long oldId = contactId("old@al.test");
        long newId = contactId("new@al.test");
        Api.Response granted = api.post("/api/consents", "{\"email\":\"old@al.test\",\"channel\":\"email\",\"status\":\"granted\",\"timestamp\":\"2024-02-01T00:00:00Z\"}");
        assertThat(granted.status()).as(granted.body()).isEqualTo(201);
        String al = "{'type':'attribute','field':'email','operator':'endsWith','value':'@al.test'}";
        assertThat(tracking.members(contacts(al))).containsExactly("old@al.test", "new@al.test");

        tracking.send("/v1/alias", "{'previousId':'al-old','userId':'al-new'}");
        assertThat(tracking.members(contacts(al))).containsExactly("new@al.test");
        assertThat(tracking.members(contacts("{'type':'pageView','urlContains':'al.test/pricing','atLeast':2}"))).containsExactly("new@al.test");
        // Consent follows the merge.
        assertThat(tracking.members(contacts("{'type':'and','conditions':[" + al + ",{'type':'consent','channel':'email','status':'granted'}]}")))
                .containsExactly("new@al.test");
        // A late event under the merged user id, and one from the merged contact's visitor, land on the survivor.
        tracking.send("/v1/page", "{'userId':'al-old','properties':{'url':'https://al.test/pricing'}}");
        tracking.send("/v1/track", "{'anonymousId':'al-v-old','event':'Form Submitted','properties':{'formId':'al-form'}}");
        assertThat(tracking.members(contacts("{'type':'pageView','urlContains':'al.test/pricing','atLeast':3}"))).containsExactly("new@al.test");
        assertThat(tracking.members(contacts("{'type':'formSubmit','form':'al-form'}"))).containsExactly("new@al.test");
        // Consent recorded later under the merged contact's email lands on the survivor too.
        Api.Response denied = api.post("/api/consents", "{\"email\":\"old@al.test\",\"channel\":\"email\",\"status\":\"denied\",\"timestamp\":\"2024-03-01T00:00:00Z\"}");
        assertThat(denied.json().get("contactId").asLong()).isEqualTo(newId);
        assertThat(tracking.members(contacts("{'type':'and','conditions':[" + al + ",{'type':'consent','channel':'email','status':'denied'}]}")))
                .containsExactly("new@al.test");
        // An identify under the merged id updates the survivor and keeps its email.
        tracking.send("/v1/identify", "{'userId':'al-old','traits':{'email':'old@al.test','city':'Porto'}}");
        JsonNode survivor = api.get("/api/contacts/" + newId).json();
        assertThat(survivor.get("email").asText()).isEqualTo("new@al.test");
        assertThat(survivor.get("city").asText()).isEqualTo("Porto");
        assertThat(survivor.get("mergedContacts").toString()).isEqualTo("[" + oldId + "]");
        assertThat(survivor.get("visitors").toString()).isEqualTo("[\"al-v-old\"]");
        assertThat(survivor.get("consent").get("current").toString()).isEqualTo("{\"email\":\"denied\"}");
        assertThat(survivor.get("recentEvents").size()).isEqualTo(4);
        Api.Response merged = api.get("/api/contacts/" + oldId);
        assertThat(merged.status()).isEqualTo(404);
        assertThat(merged.json().get("code").asText()).isEqualTo("contact_merged");
    }

    @Test
    void aliasOfAnAnonymousIdLinksThatVisitor() {
        tracking.send("/v1/identify", "{'userId':'aa-ola','traits':{'email':'ola@aa.test'}}");
        tracking.send("/v1/page", "{'anonymousId':'aa-v','properties':{'url':'https://aa.test/x'}}");
        tracking.send("/v1/alias", "{'previousId':'aa-v','userId':'aa-ola'}");
        assertThat(tracking.members(contacts("{'type':'pageView','urlContains':'aa.test/x'}"))).containsExactly("ola@aa.test");
    }

    @Test
    void aValueThatDoesNotFitTheDeclaredTypeIsAProblemNeverCoerced() {
        Api.Response declared = api.post("/api/properties", "{\"name\":\"pr_score\",\"type\":\"number\"}");
        assertThat(declared.status()).as(declared.body()).isEqualTo(201);
        assertThat(declared.body()).isEqualTo("{\"subject\":\"contacts\",\"name\":\"pr_score\",\"type\":\"number\",\"options\":[]}");
        tracking.send("/v1/identify", "{'messageId':'pr-1','userId':'pr-pat','traits':{'email':'pat@pr.test','pr_score':'12','lifecycleStage':'boss','firstName':'Pat'}}");
        tracking.send("/v1/identify", "{'messageId':'pr-2','userId':'pr-quin','traits':{'email':'quin@pr.test','pr_score':7}}");

        assertThat(tracking.members(contacts("{'type':'attribute','field':'pr_score','operator':'isSet'}"))).containsExactly("quin@pr.test");
        assertThat(tracking.members(contacts("{'type':'attribute','field':'firstName','operator':'equals','value':'pat'}"))).containsExactly("pat@pr.test");
        JsonNode problems = api.get("/api/ingestion/problems?messageId=pr-1").json().get("problems");
        assertThat(problems.size()).isEqualTo(2);
        assertThat(problems.get(0).get("pointer").asText()).isEqualTo("/traits/lifecycleStage");
        assertThat(problems.get(0).get("code").asText()).isEqualTo("wrong_type");
        assertThat(problems.get(1).get("pointer").asText()).isEqualTo("/traits/pr_score");
        assertThat(problems.get(1).get("code").asText()).isEqualTo("wrong_type");
        assertThat(problems.get(1).get("message").asText()).isEqualTo("\"pr_score\" is a number property and takes a JSON number; got \"12\".");
        assertThat(problems.get(1).get("payload").get("traits").get("pr_score").asText()).isEqualTo("12");
        assertThat(api.get("/api/ingestion/problems?messageId=pr-2").json().get("problems").size()).isZero();
        // Declaring again with another type is refused.
        Api.Response conflict = api.post("/api/properties", "{\"name\":\"pr_score\",\"type\":\"text\"}");
        assertThat(conflict.status()).isEqualTo(409);
        assertThat(conflict.json().get("pointer").asText()).isEqualTo("/type");
    }

    @Test
    void concurrentIdentifiesOfTheSameNewEmailMakeOneContact() throws Exception {
        int threads = 8;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Integer>> answers = new ArrayList<>();
        for (int thread = 0; thread < threads; thread++) {
            int n = thread;
            answers.add(pool.submit(() -> {
                start.await();
                return api.track("/v1/identify", ("{'anonymousId':'ci-v" + n + "','traits':{'email':'Race@CI.test','seat':" + n + "}}").replace('\'', '"'), WRITE_KEY).status();
            }));
        }
        start.countDown();
        for (Future<Integer> answer : answers) {
            assertThat(answer.get()).isEqualTo(200);
        }
        pool.shutdown();
        assertThat(tracking.members(contacts("{'type':'attribute','field':'email','operator':'endsWith','value':'@ci.test'}"))).containsExactly("Race@CI.test");
        assertThat(api.get("/api/contacts/" + contactId("race@ci.test")).json().get("visitors").size()).isEqualTo(threads);
    }

    /**
     * An event of a visitor or a user sent while another request identifies them: whichever commits
     * first, the event ends up counting for the contact (an event must never be left with the
     * contact its request saw before the identify committed). Rounds of three requests at once.
     */
    @Test
    void eventsSentWhileTheirSenderIsIdentifiedCountForTheContact() throws Exception {
        int rounds = 40;
        ExecutorService pool = Executors.newFixedThreadPool(3);
        List<String> emails = new ArrayList<>();
        for (int round = 0; round < rounds; round++) {
            String n = String.format("%02d", round);
            emails.add("p" + n + "@ir.test");
            List<String> calls = List.of(
                    "/v1/identify|{'userId':'ir-u" + n + "','anonymousId':'ir-v" + n + "','traits':{'email':'p" + n + "@ir.test'}}",
                    "/v1/page|{'anonymousId':'ir-v" + n + "','properties':{'url':'https://ir.test/anonymous'}}",
                    "/v1/track|{'userId':'ir-u" + n + "','event':'Form Submitted','properties':{'formId':'ir-form'}}");
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Integer>> answers = new ArrayList<>();
            for (String call : calls) {
                String[] parts = call.split("\\|", 2);
                answers.add(pool.submit(() -> {
                    start.await();
                    return api.track(parts[0], parts[1].replace('\'', '"'), WRITE_KEY).status();
                }));
            }
            start.countDown();
            for (Future<Integer> answer : answers) {
                assertThat(answer.get()).isEqualTo(200);
            }
        }
        pool.shutdown();
        assertThat(tracking.members(contacts("{'type':'pageView','urlContains':'ir.test/anonymous'}"))).containsExactlyElementsOf(emails);
        assertThat(tracking.members(contacts("{'type':'formSubmit','form':'ir-form'}"))).containsExactlyElementsOf(emails);
    }

    /** A repeated identify writes nothing new (no row version, no change logged); any differing trait still applies. */
    @Test
    void repeatedIdentifiesChangeNothingUntilATraitDiffers() {
        String identify = "{'userId':'rp-ann','anonymousId':'rp-v','traits':{'email':'ann@rp.test','country':'%s','rp_seats':%s}}";
        tracking.send("/v1/identify", String.format(identify, "DE", "12"));
        tracking.send("/v1/page", "{'anonymousId':'rp-v','properties':{'url':'https://rp.test/a'}}");
        long changes = changesLogged();
        String visitorVersion = text("select xmin || '/' || xmax from visitors where anonymous_id = 'rp-v'");
        String contactVersion = text("select xmin || '/' || xmax from contacts where email = 'ann@rp.test'");

        tracking.send("/v1/identify", String.format(identify, "DE", "12"));
        // Neither written nor locked (a row lock would set xmax).
        assertThat(text("select xmin || '/' || xmax from visitors where anonymous_id = 'rp-v'")).isEqualTo(visitorVersion);
        assertThat(text("select xmin || '/' || xmax from contacts where email = 'ann@rp.test'")).isEqualTo(contactVersion);
        assertThat(changesLogged()).as("transactions logged as changing contacts").isEqualTo(changes);

        tracking.send("/v1/identify", String.format(identify, "FR", "12"));
        tracking.send("/v1/identify", String.format(identify, "FR", "13"));
        String fr = contacts("{'type':'and','conditions':[{'type':'attribute','field':'country','operator':'equals','value':'FR'},"
                + "{'type':'attribute','field':'rp_seats','operator':'equals','value':13},{'type':'pageView','urlContains':'rp.test/a'}]}");
        assertThat(tracking.members(fr)).containsExactly("ann@rp.test");
    }

    private long changesLogged() {
        return number("select count(*) from data_change_contacts");
    }

    private String text(String sql) {
        return String.valueOf(dsl.fetchValue(sql));
    }

    private long number(String sql) {
        return ((Number) dsl.fetchValue(sql)).longValue();
    }

    private long contactId(String email) {
        Api.Response response = api.get("/api/contacts?email=" + email);
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response.json().get("id").asLong();
    }
}
