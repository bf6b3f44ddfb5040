package io.segments.service.contact;

import com.fasterxml.jackson.databind.JsonNode;
import io.segments.service.Api;
import io.segments.service.ServiceTest;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/** CSV import: header mapping, idempotence by email, every bad row with its line and reason, 50,000 rows in one request. */
class ContactImportTest extends ServiceTest {
    @Autowired
    private DSLContext dsl;

    private static final String BOUNDARY = "segments-test-boundary";

    @Test
    void goodRowsAreImportedAndEveryBadRowIsReportedWithItsLineAndReason() {
        assertThat(api.post("/api/properties", "{\"name\":\"im_score\",\"type\":\"number\"}").status()).isEqualTo(201);
        String csv = "\uFEFFEmail,First Name,last_name,Country,lifecycleStage,im_score,im_plan,createdAt\r\n"
                + "ann@im.test,Ann,Alder,DE,lead,10,pro,2022-01-01T00:00:00Z\r\n"          // line 2: good
                + "ben@im.test,Ben,,FR,Customer,,free,\r\n"                                  // line 3: good (enum case folded)
                + "not-an-email,Cid,,DE,lead,1,pro,\r\n"                                    // line 4: invalid email
                + ",Dan,,DE,lead,1,pro,\r\n"                                                // line 5: missing email
                + "eve@im.test,Eve,,DE,boss,ten,pro,\r\n"                                   // line 6: two bad values
                + "\"fay@im.test\",\"Fay, \"\"the\"\"\nsecond\",,NL,,3,basic,\r\n"          // lines 7-8: good, quoted cell over two lines
                + "ANN@im.test,Ann again,,,,,,\r\n"                                         // line 9: duplicate of line 2
                + "gus@im.test,Gus,,DE\r\n"                                                 // line 10: too few cells
                + "\r\n"                                                                    // line 11: blank, skipped
                + "hal@im.test,Hal,,AT,mql,7.5,pro,yesterday\r\n";                          // line 12: bad createdAt
        JsonNode answer = upload(csv);
        assertThat(answer.get("imported").asInt()).isEqualTo(3);
        assertThat(answer.get("created").asInt()).isEqualTo(3);
        assertThat(answer.get("updated").asInt()).isEqualTo(0);
        assertThat(answer.get("rejected").asInt()).isEqualTo(6);
        List<String> errors = new ArrayList<>();
        answer.get("errors").forEach(error -> errors.add(error.get("line").asInt() + " " + error.get("column").asText() + " "
                + error.get("code").asText() + ": " + error.get("message").asText()));
        assertThat(errors).containsExactly(
                "4 Email invalid_email: Line 4: \"not-an-email\" is not an email address.",
                "5 Email missing_email: Line 5 has no email.",
                "6 lifecycleStage invalid_value: Line 6, column lifecycleStage: \"boss\" is not one of the property's options (subscriber, lead, mql, sql, opportunity, customer, evangelist, other).",
                "6 im_score invalid_value: Line 6, column im_score: \"ten\" is not a JSON number.",
                "9 email duplicate_email: Line 9 has the same email as line 2.",
                "10 null wrong_cell_count: Line 10 has 4 cells; the header has 8.",
                "12 createdAt invalid_value: Line 12, column createdAt: \"yesterday\" is not an ISO-8601 timestamp with offset, such as 2024-05-31T08:00:00Z.");

        JsonNode ann = api.get("/api/contacts?email=ann@im.test").json();
        assertThat(ann.get("firstName").asText()).isEqualTo("Ann");
        assertThat(ann.get("lastName").asText()).isEqualTo("Alder");
        assertThat(ann.get("createdAt").asText()).isEqualTo("2022-01-01T00:00:00Z");
        assertThat(ann.get("properties").toString()).isEqualTo("{\"im_plan\":\"pro\",\"im_score\":10}");
        JsonNode fay = api.get("/api/contacts?email=fay@im.test").json();
        assertThat(fay.get("firstName").asText()).isEqualTo("Fay, \"the\"\nsecond");
        assertThat(api.get("/api/contacts?email=ben@im.test").json().get("lifecycleStage").asText()).isEqualTo("customer");

        assertThat(members("{'type':'attribute','field':'im_plan','operator':'equals','value':'PRO'}")).containsExactly("ann@im.test");
        assertThat(members("{'type':'attribute','field':'im_score','operator':'gte','value':3}")).containsExactly("ann@im.test", "fay@im.test");
        assertThat(members("{'type':'and','conditions':[{'type':'attribute','field':'email','operator':'endsWith','value':'@im.test'},"
                + "{'type':'attribute','field':'country','operator':'notEquals','value':'de'}]}")).containsExactly("ben@im.test", "fay@im.test");

        // Importing again changes nothing and creates nobody; an empty cell keeps the field; a new value updates it.
        JsonNode again = upload("email,country,im_plan\nann@im.test,,enterprise\nben@im.test,FR,free\n");
        assertThat(again.get("created").asInt()).isEqualTo(0);
        assertThat(again.get("updated").asInt()).isEqualTo(2);
        assertThat(again.get("errors").size()).isZero();
        assertThat(api.get("/api/contacts?email=ann@im.test").json().get("country").asText()).isEqualTo("DE");
        assertThat(members("{'type':'attribute','field':'im_plan','operator':'equals','value':'enterprise'}")).containsExactly("ann@im.test");
        assertThat(members("{'type':'attribute','field':'email','operator':'endsWith','value':'@im.test'}"))
                .containsExactly("ann@im.test", "ben@im.test", "fay@im.test");
    }

    @Test
    void aBadHeaderRejectsTheFileNamingTheColumn() {
        Api.Response noEmail = send("firstName,country\nAnn,DE\n");
        assertThat(noEmail.status()).isEqualTo(400);
        assertThat(noEmail.json().get("code").asText()).isEqualTo("missing_email_column");
        Api.Response badName = send("email,favourite colour\na@hd.test,red\n");
        assertThat(badName.status()).isEqualTo(400);
        assertThat(badName.json().get("detail").asText()).isEqualTo(
                "Line 1: Column 2 (\"favourite colour\") is neither a built-in field nor a valid property name (a letter, then letters, digits, '_' or '-').");
        Api.Response unclosed = send("email,city\n\"a@hd.test,Rome\n");
        assertThat(unclosed.status()).isEqualTo(400);
        assertThat(unclosed.json().get("code").asText()).isEqualTo("malformed_csv");
        Api.Response missingFile = api.send(api.request("/api/contacts/import").header("Content-Type", "multipart/form-data; boundary=" + BOUNDARY)
                .POST(HttpRequest.BodyPublishers.ofString("--" + BOUNDARY + "--\r\n")));
        assertThat(missingFile.status()).isEqualTo(400);
        assertThat(missingFile.json().get("pointer").asText()).isEqualTo("/file");
    }

    @Test
    void fiftyThousandRowsImportInOneRequest() {
        StringBuilder csv = new StringBuilder("email,firstName,country,bulk_n\n");
        for (int n = 1; n <= 50_000; n++) {
            csv.append("p").append(n).append("@bulk.test,P").append(n).append(',').append(n % 2 == 0 ? "DE" : "FR").append(',').append(n).append('\n');
        }
        long started = System.nanoTime();
        JsonNode answer = upload(csv.toString());
        long millis = (System.nanoTime() - started) / 1_000_000;
        assertThat(answer.get("imported").asInt()).isEqualTo(50_000);
        assertThat(answer.get("created").asInt()).isEqualTo(50_000);
        assertThat(millis).as("50,000 rows took %d ms", millis).isLessThan(60_000);
        Api.Response count = api.post("/api/segments/preview", "{\"definition\":{\"subject\":\"contacts\",\"where\":{\"type\":\"and\",\"conditions\":["
                + "{\"type\":\"attribute\",\"field\":\"country\",\"operator\":\"equals\",\"value\":\"de\"},"
                + "{\"type\":\"attribute\",\"field\":\"bulk_n\",\"operator\":\"gt\",\"value\":49990}]}},\"limit\":10}");
        assertThat(count.json().get("count").asInt()).isEqualTo(5);
        assertThat(count.json().get("members").get(0).get("email").asText()).isEqualTo("p49992@bulk.test");
    }

    private List<String> members(String where) {
        Api.Response response = api.post("/api/segments/preview", ("{'definition':{'subject':'contacts','where':" + where + "},'limit':100}").replace('\'', '"'));
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        List<String> emails = new ArrayList<>();
        response.json().get("members").forEach(member -> emails.add(member.get("email").asText()));
        return emails;
    }

    @Test
    void aColumnDeclaredMeanwhileWithAnotherTypeRejectsTheFileAndImportsNothing() throws Exception {
        AtomicReference<CompletableFuture<Api.Response>> sent = new AtomicReference<>();
        dsl.transaction(configuration -> {
            DSL.using(configuration).execute("insert into property_definitions (workspace_id, subject, name, type) values (1, 'contacts', 'im_seats', 'number')");
            sent.set(CompletableFuture.supplyAsync(() -> send("email,im_seats\nseats@im.test,many\n")));
            Thread.sleep(700);
            assertThat(sent.get()).as("the import waits for the other declaration").isNotDone();
        });
        Api.Response response = sent.get().get(30, TimeUnit.SECONDS);
        assertThat(response.status()).as(response.body()).isEqualTo(409);
        assertThat(response.json().get("code").asText()).isEqualTo("property_type_conflict");
        assertThat(response.json().get("detail").asText()).startsWith("The column \"im_seats\" was declared meanwhile by another writer");
        assertThat(api.get("/api/contacts?email=seats@im.test").status()).isEqualTo(404);
    }

    private JsonNode upload(String csv) {
        Api.Response response = send(csv);
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response.json();
    }

    /** PostgreSQL cannot store the NUL character: a cell holding one makes its row a bad row (it answered 500). */
    @Test
    void aNulCharacterMakesItsRowABadRow() {
        JsonNode answer = upload("email,city,nul_note\nnul-ok@ni.test,Rome,fine\nnul-bad@ni.test,Ro\u0000me,x\nnul-bad2@ni.test,Oslo,y\u0000\n");
        assertThat(answer.get("imported").asInt()).isEqualTo(1);
        assertThat(answer.get("rejected").asInt()).isEqualTo(2);
        List<String> errors = new ArrayList<>();
        answer.get("errors").forEach(error -> errors.add(error.get("line").asInt() + " " + error.get("column").asText() + " " + error.get("code").asText()));
        assertThat(errors).containsExactly("3 city invalid_character", "4 nul_note invalid_character");
        assertThat(answer.get("errors").get(0).get("message").asText())
                .isEqualTo("Line 3, column city cannot contain the NUL character (U+0000): PostgreSQL cannot store it.");
    }

    /** Values PostgreSQL cannot store are bad rows (a number beyond numeric answered 500). */
    @Test
    void timesBeyondTheYearsOneTo9999AndNumbersBeyondNumericAreBadRows() {
        Api.Response declared = api.post("/api/properties", "{\"name\":\"od_n\",\"type\":\"number\"}");
        assertThat(declared.status()).as(declared.body()).isEqualTo(201);
        JsonNode answer = upload("email,createdAt,od_n\nodd1@od.test,0000-01-01T00:00:00Z,1\nodd2@od.test,,1e200000\n"
                + "odd3@od.test,+12345-01-01T00:00:00Z,2\nodd4@od.test,0001-01-01T00:00:00Z,1e100\n");
        assertThat(answer.get("imported").asInt()).as(answer.toString()).isEqualTo(1);
        List<String> errors = new ArrayList<>();
        answer.get("errors").forEach(error -> errors.add(error.get("line").asInt() + " " + error.get("column").asText() + " " + error.get("code").asText()));
        assertThat(errors).containsExactly("2 createdAt invalid_value", "3 od_n invalid_value", "4 createdAt invalid_value");
    }

    private Api.Response send(String csv) {
        String body = "--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"contacts.csv\"\r\n"
                + "Content-Type: text/csv\r\n\r\n" + csv + "\r\n--" + BOUNDARY + "--\r\n";
        return api.send(api.request("/api/contacts/import").header("Content-Type", "multipart/form-data; boundary=" + BOUNDARY)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.getBytes(StandardCharsets.UTF_8))));
    }
}
