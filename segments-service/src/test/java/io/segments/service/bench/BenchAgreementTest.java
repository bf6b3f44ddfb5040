package io.segments.service.bench;

import io.segments.postgres.Database;
import io.segments.postgres.TestDatabase;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** The benchmark's agreement check at a small scale: the product, DuckDB and plain PostgreSQL count alike. */
class BenchAgreementTest {
    @Test
    void allThreeEnginesReturnTheSameCountForEveryQuery() throws Exception {
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        Bench bench = new Bench(new PrintStream(output, true, StandardCharsets.UTF_8));
        Bench.Report report;
        try (Database database = Database.external(TestDatabase.newDatabaseUrl(), System.getenv("SEGMENTS_DATABASE_USER"),
                System.getenv("SEGMENTS_DATABASE_PASSWORD"), 4)) {
            report = bench.run(database, new Bench.Options(2_000, 20_000, 2, null));
        }
        bench.print(report);
        String printed = output.toString(StandardCharsets.UTF_8);
        assertThat(report.results()).as(printed).hasSizeGreaterThanOrEqualTo(10);
        for (Bench.Result result : report.results()) {
            assertThat(result.duckdb().count()).as(result.query().name() + "\n" + printed).isEqualTo(result.product().count());
            assertThat(result.postgres().count()).as(result.query().name() + "\n" + printed).isEqualTo(result.product().count());
            assertThat(result.sqlEngineCount()).as(result.query().name() + "\n" + printed).isEqualTo(result.product().count());
        }
        // The mix is only a check if its queries select something, and not everything.
        long nonTrivial = report.results().stream().filter(result -> result.product().count() > 0).count();
        assertThat(nonTrivial).as(printed).isGreaterThanOrEqualTo(report.results().size() - 1);
        assertThat(Bench.json(report)).contains("\"duckdbP95Ms\"", "\"postgresCount\"", "\"loadSeconds\"", "\"engine\" : \"index\"");
        assertThat(report.engine()).isEqualTo("index");
        assertThat(report.indexSeconds()).isPositive();
        assertThat(report.catchUp().rounds()).isEqualTo(10);
        assertThat(Bench.json(report)).contains("\"catchUp\"");
        System.out.println(printed);
    }
}
