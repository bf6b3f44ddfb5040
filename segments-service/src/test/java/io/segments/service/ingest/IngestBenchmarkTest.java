package io.segments.service.ingest;

import io.segments.service.ServiceTest;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code segments bench-ingest} against a running service (a small run: the figures themselves are
 * for docs/benchmarks.md, not for tests): every message it sends is stored once, and each identify
 * makes or updates the contact of its phase's user.
 */
class IngestBenchmarkTest extends IngestionTest {
    @Test
    void aSmallRunSendsEveryMessageOnceThroughTheTrackingApi() throws Exception {
        int exit = IngestBenchmark.run(List.of("--events", "1000", "--warmup", "200", "--threads", "2", "--batch", "50",
                "--url", "http://localhost:" + port, "--write-key", ServiceTest.WRITE_KEY));
        assertThat(exit).isZero();
        assertThat(count("select count(*) from ingest_log")).isEqualTo(1_200);
        assertThat(count("select count(*) from events")).isEqualTo(count("select count(*) from ingest_log where type <> 'identify'"));
        long identified = count("select count(distinct payload::json ->> 'userId') from ingest_log where type = 'identify'");
        assertThat(identified).isPositive();
        assertThat(count("select count(*) from contacts where external_id like 'bench-%'")).isEqualTo(identified);
    }

    private long count(String sql) {
        return ((Number) dsl.fetchValue(sql)).longValue();
    }
}
