package io.segments.service.engine;

import com.fasterxml.jackson.databind.JsonNode;
import io.segments.service.Api;
import io.segments.service.ServiceTest;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The service answers from the in-memory index, and a tracked page view moves the very next count:
 * that preview first catches the index up on the contact the page view changed.
 */
class EngineStatusTest extends ServiceTest {
    private static final String PRICING = "{\"definition\":{\"subject\":\"contacts\",\"where\":{\"type\":\"pageView\","
            + "\"urlContains\":\"/pricing\"}},\"limit\":0}";

    @Test
    void aTrackedPageViewMovesTheNextCountAndTheIndexCatchesUp() throws InterruptedException {
        identify("ada", "ada@example.test");
        identify("bob", "bob@example.test");
        page("ada", "m-1");
        JsonNode status = awaitCurrentIndex();
        assertThat(status.path("engine").asText()).isEqualTo("index");
        assertThat(status.path("index").path("contacts").asLong()).isEqualTo(2);
        assertThat(status.path("index").path("events").asLong()).isEqualTo(1);
        assertThat(count()).isEqualTo(1);

        long catchUps = status.path("index").path("catchUps").asLong();
        page("bob", "m-2");
        assertThat(count()).as("the very next preview").isEqualTo(2);
        status = api.get("/api/engine").json();
        assertThat(status.path("index").path("current").asBoolean()).as(status.toString()).isTrue();
        assertThat(status.path("index").path("catchUps").asLong()).as("the preview caught the index up").isEqualTo(catchUps + 1);
        assertThat(status.path("index").path("events").asLong()).isEqualTo(2);
        assertThat(status.path("index").path("contacts").asLong()).isEqualTo(2);
    }

    @Test
    void theStatusNeedsTheAdminToken() {
        assertThat(new Api(api.base(), "wrong").get("/api/engine").status()).isEqualTo(401);
    }

    private long count() {
        Api.Response response = api.post("/api/segments/preview", PRICING);
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response.json().path("count").asLong();
    }

    private JsonNode awaitCurrentIndex() throws InterruptedException {
        for (int attempt = 0; attempt < 300; attempt++) {
            JsonNode status = api.get("/api/engine").json();
            if (status.path("index").path("current").asBoolean()) {
                return status;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the index did not become current within 15 s");
    }

    private void identify(String userId, String email) {
        assertThat(api.track("/v1/identify", "{\"userId\":\"" + userId + "\",\"traits\":{\"email\":\"" + email
                + "\",\"createdAt\":\"2025-01-01T00:00:00Z\"}}", WRITE_KEY).status()).isEqualTo(200);
    }

    private void page(String userId, String messageId) {
        assertThat(api.track("/v1/page", "{\"userId\":\"" + userId + "\",\"messageId\":\"" + messageId
                + "\",\"properties\":{\"url\":\"https://shop.test/pricing\"}}", WRITE_KEY).status()).isEqualTo(200);
    }
}
