package io.segments.service.segment;

import io.segments.service.Api;
import io.segments.service.ServiceTest;
import org.jooq.DSLContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A builder's newer preview cancels its older one on the server; so does an explicit cancel.
 * Cancellation matters for SQL statements that run for seconds, so this runs the SQL engine (the
 * in-memory index answers these previews in milliseconds, before anything could cancel them).
 */
@TestPropertySource(properties = "SEGMENTS_ENGINE=postgres")
class PreviewCancellationTest extends ServiceTest {
    @Autowired
    DSLContext dsl;

    private static boolean seeded;

    @BeforeEach
    void manyContacts() {
        if (!seeded) {
            dsl.execute("insert into contacts (workspace_id, email, email_key, city, folded, created_at) "
                    + "select 1, 'p' || n || '@example.test', 'p' || n || '@example.test', c, jsonb_build_object('city', lower(c)), '2024-01-01Z' "
                    + "from (select n, case when n % 4 = 0 then 'Heidelberg' else 'Köln' end as c from generate_series(1, 300000) n) people");
            seeded = true;
        }
    }

    /** 300 contains conditions over 300,000 contacts: many seconds of server time. */
    private static String slowPreview() {
        StringBuilder conditions = new StringBuilder();
        for (int index = 0; index < 300; index++) {
            conditions.append(index == 0 ? "" : ",").append("{\"type\":\"attribute\",\"field\":\"city\",\"operator\":\"contains\",\"value\":\"zz")
                    .append(index).append("\"}");
        }
        return "{\"definition\":{\"subject\":\"contacts\",\"where\":{\"type\":\"or\",\"conditions\":[" + conditions + "]}}}";
    }

    private CompletableFuture<Api.Response> previewAsync(String body, String builder) {
        return CompletableFuture.supplyAsync(() -> api.send(api.request("/api/segments/preview").header(LivePreviews.HEADER, builder)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body))));
    }

    @Test
    void aNewerPreviewFromTheSameBuilderCancelsTheOlderOne() throws Exception {
        long started = System.nanoTime();
        CompletableFuture<Api.Response> older = previewAsync(slowPreview(), "builder-1");
        Thread.sleep(700);
        Api.Response newer = previewAsync("{\"definition\":{\"subject\":\"contacts\",\"where\":{\"type\":\"attribute\",\"field\":\"city\","
                + "\"operator\":\"equals\",\"value\":\"HEIDELBERG\"}},\"limit\":0}", "builder-1").get();
        assertThat(newer.status()).isEqualTo(200);
        assertThat(newer.json().path("count").asLong()).isEqualTo(75_000);
        Api.Response superseded = older.get();
        assertThat(superseded.status()).isEqualTo(409);
        assertThat(superseded.json().path("code").asText()).isEqualTo("preview_superseded");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(8));
    }

    @Test
    void aBuilderCanCancelItsPreview() throws Exception {
        CompletableFuture<Api.Response> running = previewAsync(slowPreview(), "builder-2");
        Thread.sleep(700);
        assertThat(api.delete("/api/segments/preview/builder-2").status()).isEqualTo(204);
        Api.Response cancelled = running.get();
        assertThat(cancelled.status()).isEqualTo(409);
        assertThat(cancelled.json().path("code").asText()).isEqualTo("preview_superseded");
        // Other builders are untouched, and cancelling nothing is harmless.
        assertThat(api.delete("/api/segments/preview/nobody").status()).isEqualTo(204);
    }
}
