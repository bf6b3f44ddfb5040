package io.segments.service.ingest;

import io.segments.postgres.Database;
import io.segments.postgres.TestDatabase;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A 2xx answer means committed: the service runs as a separate process and is killed with SIGKILL
 * while a client sends batches; after a restart every acknowledged batch is there exactly once,
 * and every other batch is there whole or not at all. Re-sending the unacknowledged batches (as a
 * tracking library retries) then leaves every batch stored exactly once.
 */
class DurabilityTest {
    private static final String WRITE_KEY = "durability-write-key";
    private static final int BATCH = 20;

    @Test
    void everyAcknowledgedBatchSurvivesAKillAndNoneIsStoredTwice() throws Exception {
        String url = TestDatabase.newDatabaseUrl();
        Path dataDirectory = Files.createTempDirectory("segments-durability");
        int port = freePort();
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

        Process service = start(url, dataDirectory, port, "first");
        Map<Integer, Boolean> acknowledged = new ConcurrentHashMap<>();
        AtomicBoolean stop = new AtomicBoolean();
        List<Integer> sent = java.util.Collections.synchronizedList(new ArrayList<>());
        Thread client = new Thread(() -> {
            for (int batch = 0; !stop.get() && batch < 100_000; batch++) {
                sent.add(batch);
                try {
                    HttpResponse<String> response = http.send(batchRequest(port, batch), HttpResponse.BodyHandlers.ofString());
                    acknowledged.put(batch, response.statusCode() / 100 == 2);
                } catch (IOException failure) {
                    acknowledged.put(batch, false);
                    return; // the service is gone
                } catch (InterruptedException interrupted) {
                    return;
                }
            }
        });
        client.start();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (acknowledged.values().stream().filter(ok -> ok).count() < 40 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        service.destroyForcibly(); // SIGKILL, mid-stream
        service.waitFor();
        client.join(30_000);
        stop.set(true);
        long acked = acknowledged.values().stream().filter(ok -> ok).count();
        assertThat(acked).as("batches acknowledged before the kill").isGreaterThanOrEqualTo(40);

        service = start(url, dataDirectory, port, "second");
        try (Database database = Database.external(url, System.getenv("SEGMENTS_DATABASE_USER"), System.getenv("SEGMENTS_DATABASE_PASSWORD"), 2)) {
            DSLContext dsl = DSL.using(database.dataSource(), SQLDialect.POSTGRES);
            Map<Integer, Integer> stored = storedPerBatch(dsl);
            for (int batch : new ArrayList<>(sent)) {
                int count = stored.getOrDefault(batch, 0);
                if (Boolean.TRUE.equals(acknowledged.get(batch))) {
                    assertThat(count).as("acknowledged batch %d", batch).isEqualTo(BATCH);
                } else {
                    assertThat(count).as("unacknowledged batch %d: whole or nothing", batch).isIn(0, BATCH);
                }
            }
            assertThat(count(dsl, "select count(*) - count(distinct message_id) from events")).isZero();
            assertThat(count(dsl, "select count(*) from ingest_log"))
                    .isEqualTo(count(dsl, "select count(*) from events"));

            // The client retries what was not acknowledged: everything is then stored exactly once.
            for (int batch : new ArrayList<>(sent)) {
                if (!Boolean.TRUE.equals(acknowledged.get(batch))) {
                    assertThat(http.send(batchRequest(port, batch), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
                }
            }
            stored = storedPerBatch(dsl);
            for (int batch : new ArrayList<>(sent)) {
                assertThat(stored.get(batch)).as("batch %d after retries", batch).isEqualTo(BATCH);
            }
            assertThat(count(dsl, "select count(*) from events")).isEqualTo((long) sent.size() * BATCH);
            assertThat(ReferentialIntegrity.violations(dsl)).isEmpty();
        } finally {
            service.destroy();
            service.waitFor();
        }
    }

    private static long count(DSLContext dsl, String sql) {
        return ((Number) dsl.fetchValue(sql)).longValue();
    }

    private static Map<Integer, Integer> storedPerBatch(DSLContext dsl) {
        Map<Integer, Integer> stored = new java.util.HashMap<>();
        dsl.fetch("select split_part(message_id, '-', 2)::int, count(*) from events where message_id like 'dur-%' group by 1")
                .forEach(row -> stored.put(row.get(0, Integer.class), row.get(1, Integer.class)));
        return stored;
    }

    private static HttpRequest batchRequest(int port, int batch) {
        StringBuilder body = new StringBuilder("{\"batch\":[");
        for (int index = 0; index < BATCH; index++) {
            body.append(index == 0 ? "" : ",").append("{\"type\":\"page\",\"messageId\":\"dur-").append(batch).append('-').append(index)
                    .append("\",\"anonymousId\":\"dur-visitor-").append(index).append("\",\"properties\":{\"url\":\"https://dur.test/p/")
                    .append(batch % 7).append("\"}}");
        }
        body.append("]}");
        return HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/v1/batch")).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString((WRITE_KEY + ":").getBytes(StandardCharsets.UTF_8)))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body.toString())).build();
    }

    private static Process start(String databaseUrl, Path dataDirectory, int port, String name) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(java, "-Xmx512m", "-cp", System.getProperty("java.class.path"),
                "io.segments.service.SegmentsApplication", "serve", "--port", Integer.toString(port))
                .redirectErrorStream(true).redirectOutput(dataDirectory.resolve(name + ".log").toFile());
        builder.environment().put("SEGMENTS_DATABASE_URL", databaseUrl);
        builder.environment().put("SEGMENTS_WRITE_KEY", WRITE_KEY);
        builder.environment().put("SEGMENTS_ADMIN_TOKEN", "durability-admin-token");
        builder.environment().put("SEGMENTS_DATA_DIR", dataDirectory.toString());
        Process process = builder.start();
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionError("the service exited with " + process.exitValue() + ":\n" + Files.readString(dataDirectory.resolve(name + ".log")));
            }
            try {
                HttpResponse<String> health = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/health")).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (health.statusCode() == 200) {
                    return process;
                }
            } catch (IOException notYet) {
                // still starting
            }
            Thread.sleep(200);
        }
        process.destroyForcibly();
        throw new AssertionError("the service did not become healthy:\n" + Files.readString(dataDirectory.resolve(name + ".log")));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
