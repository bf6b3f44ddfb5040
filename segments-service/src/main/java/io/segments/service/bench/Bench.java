package io.segments.service.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.segments.definition.Definition;
import io.segments.definition.validation.CheckedDefinition;
import io.segments.postgres.Database;
import io.segments.engine.SegmentEngine;
import io.segments.postgres.PostgresSegmentEngine;
import io.segments.postgres.index.DataChanges;
import io.segments.postgres.index.IndexedSegmentEngine;
import io.segments.postgres.index.WorkspaceIndexLoader;
import io.segments.postgres.load.CopyLoader;
import io.segments.postgres.load.Rows;
import io.segments.postgres.load.WorkspaceGenerator;
import io.segments.postgres.store.PropertyStore;
import io.segments.postgres.store.WorkspaceStore;
import io.segments.schema.FieldCatalog;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.conf.Settings;
import org.jooq.impl.DSL;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * {@code segments bench}: generates a deterministic workspace, loads it into the product (COPY),
 * into plain application tables in a separate PostgreSQL schema and into DuckDB, then runs the
 * standard mix on all three, warm, and compares the counts. Any disagreement fails the run.
 */
public final class Bench {
    /**
     * {@code engine} is the product's engine ({@code index}, the default, or {@code postgres});
     * {@code baselineRuns} the timed runs of DuckDB and plain PostgreSQL (default: {@code runs};
     * 0 skips both, measuring the product alone against its own SQL engine's counts).
     */
    public record Options(int contacts, long events, int runs, Path out, boolean printSql, String engine, int baselineRuns) {
        public Options(int contacts, long events, int runs, Path out) {
            this(contacts, events, runs, out, false, "index", runs);
        }
    }

    public record Timing(long count, double p50Ms, double p95Ms) {
    }

    /** {@code sqlEngineCount}: the product's SQL engine's count, checked once beside the index's. */
    public record Result(BenchQuery query, Timing product, long sqlEngineCount, Timing duckdb, Timing postgres) {
        /** Every engine measured returns the same count (DuckDB and plain PostgreSQL are null when skipped). */
        boolean agrees() {
            return (duckdb == null || product.count() == duckdb.count()) && (postgres == null || product.count() == postgres.count())
                    && product.count() == sqlEngineCount;
        }
    }

    /** Answers right after a write: the index catches up on the changed contacts first. */
    public record CatchUp(int rounds, int contactsPerRound, double p50Ms, double p95Ms) {
    }

    public record Report(int contacts, long events, double loadSeconds, String engine, double indexSeconds, List<Result> results,
                         CatchUp catchUp) {
        public boolean agrees() {
            return results.stream().allMatch(Result::agrees);
        }
    }

    private final PrintStream out;

    public Bench(PrintStream out) {
        this.out = out;
    }

    /** Runs the benchmark on {@code database} (a fresh workspace in it) and returns the report. */
    public Report run(Database database, Options options) throws Exception {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        DSLContext dsl = DSL.using(database.dataSource(), SQLDialect.POSTGRES, new Settings().withExecuteLogging(false));
        long workspace = freshWorkspace(dsl);
        WorkspaceGenerator.Spec spec = WorkspaceGenerator.Spec.bench(options.contacts(), options.events(), now);
        Path scratch = Files.createTempDirectory("segments-bench");
        try {
            // 1. The product: generate and COPY in one stream.
            long started = System.nanoTime();
            progress("Generating and loading %,d contacts and %,d events into the product (COPY)...", spec.contacts(), spec.events());
            Rows.IdBases bases;
            try (Connection connection = database.dataSource().getConnection()) {
                bases = CopyLoader.bases(connection);
                CopyLoader loader = new CopyLoader(connection, workspace, true)
                        .onEvents(done -> progress("  product: %,d of %,d events", done, spec.events()));
                new WorkspaceGenerator(spec, bases).generate(loader);
                progress("  product: rows written, rebuilding indexes and analyzing...");
                progress("  product: loaded %s", loader.finish());
            }
            double loadSeconds = (System.nanoTime() - started) / 1e9;
            progress("Product load: %.1f s", loadSeconds);
            SegmentEngine engine;
            double indexSeconds = 0;
            if (options.engine().equals("index")) {
                // The service's engine: answers from the in-memory index while it is current.
                IndexedSegmentEngine indexed = new IndexedSegmentEngine(new PostgresSegmentEngine(dsl, Duration.ofMinutes(10)),
                        new WorkspaceIndexLoader(dsl), new DataChanges(dsl));
                started = System.nanoTime();
                progress("Building the product's in-memory index from PostgreSQL...");
                indexed.awaitCurrent(workspace);
                indexSeconds = (System.nanoTime() - started) / 1e9;
                progress("Index build: %.1f s", indexSeconds);
                engine = indexed;
            } else {
                engine = new PostgresSegmentEngine(dsl, Duration.ofMinutes(10));
            }

            if (options.baselineRuns() == 0) {
                progress("No DuckDB or plain PostgreSQL (--baseline-runs 0): the product alone, checked against its SQL engine");
                return measure(dsl, engine, workspace, now, null, null, options, spec, loadSeconds, indexSeconds);
            }

            // 2. Plain PostgreSQL: the same rows as a typical application's tables.
            String plain = "plain_w" + workspace;
            started = System.nanoTime();
            progress("Building plain PostgreSQL tables in schema %s...", plain);
            buildPlainSchema(database, workspace, plain);
            progress("Plain PostgreSQL load: %.1f s", (System.nanoTime() - started) / 1e9);

            // 3. DuckDB: the same generated rows, as flat files loaded with read_csv.
            started = System.nanoTime();
            progress("Generating the same rows for DuckDB...");
            DuckDbFiles files = new DuckDbFiles(scratch);
            try (files) {
                new WorkspaceGenerator(spec, bases).generate(files);
            }
            Class.forName("org.duckdb.DuckDBDriver");
            try (Connection duck = DriverManager.getConnection("jdbc:duckdb:" + scratch.resolve("bench.duckdb"));
                 Connection postgres = database.dataSource().getConnection()) {
                try (Statement statement = duck.createStatement()) {
                    for (String load : files.loadStatements()) {
                        statement.execute(load);
                    }
                }
                for (String table : List.of("contacts", "companies", "consents", "events")) {
                    Files.deleteIfExists(files.file(table));
                }
                progress("DuckDB load: %.1f s", (System.nanoTime() - started) / 1e9);
                try (Statement statement = postgres.createStatement()) {
                    statement.execute("set search_path = " + plain);
                }
                return measure(dsl, engine, workspace, now, duck, postgres, options, spec, loadSeconds, indexSeconds);
            }
        } finally {
            deleteRecursively(scratch);
        }
    }

    private Report measure(DSLContext dsl, SegmentEngine engine, long workspace, Instant now, Connection duck, Connection postgres,
                           Options options, WorkspaceGenerator.Spec spec, double loadSeconds, double indexSeconds) throws Exception {
        List<Result> results = runQueries(dsl, engine, workspace, now, duck, postgres, options);
        CatchUp catchUp = null;
        if (engine instanceof IndexedSegmentEngine indexed) {
            if (indexed.catchUps(workspace) != 0 || indexed.currentIndex(workspace).isEmpty()) {
                throw new IllegalStateException("the data changed during the runs: the product was not measured alone");
            }
            catchUp = measureCatchUp(dsl, indexed, workspace, now);
        }
        return new Report(spec.contacts(), spec.events(), loadSeconds, options.engine(), indexSeconds, results, catchUp);
    }

    private long freshWorkspace(DSLContext dsl) {
        boolean empty = !dsl.fetchExists(DSL.selectOne().from("contacts").where("workspace_id = ?", WorkspaceStore.DEFAULT_WORKSPACE))
                && !dsl.fetchExists(DSL.selectOne().from("events").where("workspace_id = ?", WorkspaceStore.DEFAULT_WORKSPACE));
        return empty ? WorkspaceStore.DEFAULT_WORKSPACE : new WorkspaceStore(dsl).create("bench " + Instant.now(), ZoneId.of("UTC"));
    }

    private static void buildPlainSchema(Database database, long workspace, String schema) throws SQLException {
        try (Connection connection = database.dataSource().getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("set maintenance_work_mem = '512MB'");
            statement.execute("drop schema if exists " + schema + " cascade");
            statement.execute("create schema " + schema);
            statement.execute("create table " + schema + ".companies as select id, domain, name, industry, employee_count, country, city, created_at "
                    + "from public.companies where workspace_id = " + workspace);
            statement.execute("create table " + schema + ".contacts as select id, email, first_name, last_name, title, phone, country, city, "
                    + "lifecycle_stage, company_id, properties, created_at from public.contacts where workspace_id = " + workspace);
            statement.execute("create table " + schema + ".consents as select id, contact_id, channel, status, occurred_at "
                    + "from public.consents where workspace_id = " + workspace);
            statement.execute("create table " + schema + ".events as select e.id, e.contact_id, e.anonymous_id, "
                    + "case e.kind when 1 then 'page' when 2 then 'form_submit' else 'track' end as type, u.url, e.form_id, e.occurred_at "
                    + "from public.events e left join public.urls u on u.id = e.url_id where e.workspace_id = " + workspace);
            // The indexes a typical application has: keys, foreign keys, and per-user event history.
            statement.execute("alter table " + schema + ".companies add primary key (id)");
            statement.execute("alter table " + schema + ".contacts add primary key (id)");
            statement.execute("create index on " + schema + ".contacts (company_id)");
            statement.execute("create index on " + schema + ".consents (contact_id, channel, occurred_at)");
            statement.execute("create index on " + schema + ".events (contact_id, occurred_at)");
            for (String table : List.of("companies", "contacts", "consents", "events")) {
                statement.execute("analyze " + schema + "." + table);
            }
        }
    }

    /**
     * Rounds of: one transaction writes a page view for each of 100 random contacts, then the next
     * count is timed (it includes the catch-up) and checked against the SQL engine's count.
     */
    private CatchUp measureCatchUp(DSLContext dsl, IndexedSegmentEngine engine, long workspace, Instant asOf) throws Exception {
        int rounds = 10;
        int perRound = 100;
        Definition definition = CheckedDefinition.check(new ObjectMapper().readTree(BenchQuery.STANDARD.get(5).definition()),
                new PropertyStore(dsl).catalog(workspace)).preview().definition();
        PostgresSegmentEngine sql = new PostgresSegmentEngine(dsl, Duration.ofMinutes(10));
        Long urlId = dsl.fetchOne("select min(id) from urls where workspace_id = ?", workspace).get(0, Long.class);
        java.util.Random random = new java.util.Random(42);
        double[] millis = new double[rounds];
        progress("Measuring catch-up: %d rounds of %d changed contacts each...", rounds, perRound);
        for (int round = 0; round < rounds; round++) {
            io.segments.index.SubjectTable contacts = engine.currentIndex(workspace).orElseThrow().contacts();
            Long[] ids = new Long[perRound];
            for (int i = 0; i < perRound; i++) {
                ids[i] = contacts.id(random.nextInt(contacts.rows()));
            }
            int currentRound = round;
            dsl.connection(connection -> {
                try (var insert = connection.prepareStatement("""
                        insert into events (workspace_id, message_id, kind, contact_id, url_id, occurred_at)
                        select ?, 'catch-up-' || ? || '-' || n, 1, c, ?, ? from unnest(?) with ordinality as picked (c, n)""")) {
                    insert.setLong(1, workspace);
                    insert.setInt(2, currentRound);
                    insert.setObject(3, urlId);
                    insert.setObject(4, asOf.minusSeconds(86_400).atOffset(java.time.ZoneOffset.UTC));
                    insert.setArray(5, connection.createArrayOf("bigint", ids));
                    insert.executeUpdate();
                }
            });
            long started = System.nanoTime();
            long count = engine.count(workspace, definition, asOf);
            millis[round] = (System.nanoTime() - started) / 1e6;
            long expected = sql.count(workspace, definition, asOf);
            if (count != expected) {
                throw new IllegalStateException("after catching up the index counted " + count + ", the SQL engine " + expected);
            }
        }
        if (engine.catchUps(workspace) != rounds) {
            throw new IllegalStateException("expected " + rounds + " catch-ups, saw " + engine.catchUps(workspace));
        }
        Arrays.sort(millis);
        CatchUp catchUp = new CatchUp(rounds, perRound, percentile(millis, 0.50), percentile(millis, 0.95));
        progress("  catch-up + count: p50 %.1f ms, p95 %.1f ms", catchUp.p50Ms(), catchUp.p95Ms());
        return catchUp;
    }

    private List<Result> runQueries(DSLContext dsl, SegmentEngine engine, long workspace, Instant asOf, Connection duck,
                                    Connection postgres, Options options) throws Exception {
        int runs = options.runs();
        PostgresSegmentEngine sql = new PostgresSegmentEngine(dsl, Duration.ofMinutes(10));
        FieldCatalog catalog = new PropertyStore(dsl).catalog(workspace);
        ObjectMapper json = new ObjectMapper();
        List<Result> results = new ArrayList<>();
        for (BenchQuery query : BenchQuery.STANDARD) {
            // The preview path: check the definition against the catalog, skip nothing, count.
            CheckedDefinition checked = CheckedDefinition.check(json.readTree(query.definition()), catalog);
            if (!checked.previewErrors().isEmpty() || !checked.preview().ignored().isEmpty()) {
                throw new IllegalStateException(query.name() + ": definition is not complete and valid: " + checked.problems());
            }
            Definition definition = checked.preview().definition();
            if (options.printSql()) {
                out.println("-- " + query.name() + " (segments)\n" + sql.countQuery(workspace, definition, asOf)
                        .getSQL(org.jooq.conf.ParamType.INLINED) + ";\n-- " + query.name() + " (plain PostgreSQL)\n"
                        + query.sql(BenchQuery.Dialect.POSTGRES, asOf) + ";\n-- " + query.name() + " (DuckDB)\n"
                        + query.sql(BenchQuery.Dialect.DUCKDB, asOf) + ";");
            }
            progress("Running \"%s\" %d times on Segments, %d on DuckDB and plain PostgreSQL...", query.name(), runs,
                    options.baselineRuns());
            Timing product = time(runs, () -> engine.count(workspace, definition, asOf));
            Timing duckdb = duck == null ? null : time(options.baselineRuns(), () -> count(duck, query.sql(BenchQuery.Dialect.DUCKDB, asOf)));
            Timing plain = postgres == null ? null
                    : time(options.baselineRuns(), () -> count(postgres, query.sql(BenchQuery.Dialect.POSTGRES, asOf)));
            long sqlEngineCount = engine instanceof PostgresSegmentEngine ? product.count() : sql.count(workspace, definition, asOf);
            Result result = new Result(query, product, sqlEngineCount, duckdb, plain);
            progress("  segments %,d in %.1f ms (p50) | duckdb %s | postgres %s%s", product.count(), product.p50Ms(), brief(duckdb),
                    brief(plain), result.agrees() ? "" : "   <-- COUNTS DIFFER");
            results.add(result);
        }
        return results;
    }

    private static String brief(Timing timing) {
        return timing == null ? "skipped" : String.format("%,d in %.1f ms", timing.count(), timing.p50Ms());
    }

    private interface Counter {
        long count() throws Exception;
    }

    /** One warm-up run, then {@code runs} timed runs; all must return the same count. */
    private static Timing time(int runs, Counter counter) throws Exception {
        long count = counter.count();
        double[] millis = new double[runs];
        for (int run = 0; run < runs; run++) {
            long started = System.nanoTime();
            long again = counter.count();
            millis[run] = (System.nanoTime() - started) / 1e6;
            if (again != count) {
                throw new IllegalStateException("the same query returned " + count + " and then " + again);
            }
        }
        Arrays.sort(millis);
        return new Timing(count, percentile(millis, 0.50), percentile(millis, 0.95));
    }

    /** Nearest-rank percentile of sorted samples. */
    static double percentile(double[] sorted, double p) {
        int rank = (int) Math.ceil(p * sorted.length);
        return Math.round(sorted[Math.max(0, rank - 1)] * 10) / 10.0;
    }

    private static long count(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet result = statement.executeQuery(sql)) {
            result.next();
            return result.getLong(1);
        }
    }

    /** The table printed at the end. */
    public void print(Report report) {
        out.printf("%nSegments benchmark: %,d contacts, %,d events, product load %.1f s, engine %s (index build %.1f s)%n",
                report.contacts(), report.events(), report.loadSeconds(), report.engine(), report.indexSeconds());
        String format = "%-38s %10s %9s %9s %9s %9s %10s %10s  %s%n";
        out.printf(format, "query", "count", "p50 ms", "p95 ms", "duck p50", "duck p95", "plain p50", "plain p95", "agree");
        for (Result result : report.results()) {
            Timing duck = result.duckdb();
            Timing plain = result.postgres();
            out.printf(format, result.query().name(), String.format("%,d", result.product().count()), ms(result.product().p50Ms()),
                    ms(result.product().p95Ms()), duck == null ? "-" : ms(duck.p50Ms()), duck == null ? "-" : ms(duck.p95Ms()),
                    plain == null ? "-" : ms(plain.p50Ms()), plain == null ? "-" : ms(plain.p95Ms()),
                    result.agrees() ? "yes" : "NO (duckdb " + (duck == null ? "-" : duck.count()) + ", postgres "
                            + (plain == null ? "-" : plain.count()) + ", SQL engine " + result.sqlEngineCount() + ")");
        }
        double[] product = report.results().stream().mapToDouble(result -> result.product().p50Ms()).sorted().toArray();
        double[] speedups = report.results().stream().filter(result -> result.postgres() != null)
                .mapToDouble(result -> result.postgres().p50Ms() / Math.max(0.05, result.product().p50Ms())).sorted().toArray();
        out.printf("Median query p50: %.1f ms; max p95: %.1f ms; median speed-up over plain PostgreSQL: %s%n",
                median(product), report.results().stream().mapToDouble(result -> result.product().p95Ms()).max().orElse(0),
                speedups.length == 0 ? "not measured" : String.format("%.1fx", median(speedups)));
        if (report.catchUp() != null) {
            out.printf("Count right after a write of %d contacts (index catch-up included): p50 %.1f ms, p95 %.1f ms over %d rounds%n",
                    report.catchUp().contactsPerRound(), report.catchUp().p50Ms(), report.catchUp().p95Ms(), report.catchUp().rounds());
        }
    }

    private static double median(double[] sorted) {
        return sorted.length == 0 ? 0 : sorted.length % 2 == 1 ? sorted[sorted.length / 2]
                : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
    }

    private static String ms(double value) {
        return String.format("%.1f", value);
    }

    /** The JSON report: {contacts, events, loadSeconds, queries: [...]}. */
    public static String json(Report report) {
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = mapper.createObjectNode();
        root.put("contacts", report.contacts());
        root.put("events", report.events());
        root.put("loadSeconds", Math.round(report.loadSeconds() * 10) / 10.0);
        root.put("engine", report.engine());
        root.put("indexSeconds", Math.round(report.indexSeconds() * 10) / 10.0);
        if (report.catchUp() != null) {
            ObjectNode catchUp = root.putObject("catchUp");
            catchUp.put("rounds", report.catchUp().rounds());
            catchUp.put("contactsPerRound", report.catchUp().contactsPerRound());
            catchUp.put("p50Ms", report.catchUp().p50Ms());
            catchUp.put("p95Ms", report.catchUp().p95Ms());
        }
        ArrayNode queries = root.putArray("queries");
        for (Result result : report.results()) {
            ObjectNode query = queries.addObject();
            query.put("name", result.query().name());
            query.put("count", result.product().count());
            query.put("p50Ms", result.product().p50Ms());
            query.put("p95Ms", result.product().p95Ms());
            query.put("sqlEngineCount", result.sqlEngineCount());
            if (result.duckdb() != null) {
                query.put("duckdbCount", result.duckdb().count());
                query.put("duckdbP50Ms", result.duckdb().p50Ms());
                query.put("duckdbP95Ms", result.duckdb().p95Ms());
            }
            if (result.postgres() != null) {
                query.put("postgresCount", result.postgres().count());
                query.put("postgresP50Ms", result.postgres().p50Ms());
                query.put("postgresP95Ms", result.postgres().p95Ms());
            }
        }
        try {
            return mapper.writeValueAsString(root);
        } catch (IOException impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    private void progress(String format, Object... arguments) {
        out.printf("[%tT] " + format + "%n", Stream.concat(Stream.of(new java.util.Date()), Arrays.stream(arguments)).toArray());
        out.flush();
    }

    private static void deleteRecursively(Path directory) throws IOException {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }

    /**
     * The command line: {@code bench [--contacts N] [--events M] [--runs R] [--baseline-runs R]
     * [--engine index|postgres] [--out FILE] [--print-sql]}.
     */
    public static int main(List<String> arguments) throws Exception {
        int contacts = 100_000;
        Long events = null;
        int runs = 20;
        Integer baselineRuns = null;
        String engine = "index";
        Path out = null;
        boolean printSql = false;
        for (int index = 0; index < arguments.size(); index++) {
            String argument = arguments.get(index);
            if (argument.equals("--print-sql")) {
                printSql = true;
                continue;
            }
            String value = index + 1 < arguments.size() ? arguments.get(index + 1) : null;
            switch (argument) {
                case "--contacts" -> contacts = Integer.parseInt(require(value, argument).replace("_", ""));
                case "--events" -> events = Long.parseLong(require(value, argument).replace("_", ""));
                case "--runs" -> runs = Integer.parseInt(require(value, argument));
                case "--baseline-runs" -> baselineRuns = Integer.parseInt(require(value, argument));
                case "--engine" -> {
                    engine = require(value, argument);
                    if (!engine.equals("index") && !engine.equals("postgres")) {
                        System.err.println("--engine must be index or postgres");
                        return 2;
                    }
                }
                case "--out" -> out = Path.of(require(value, argument));
                default -> {
                    System.err.println("Unknown argument: " + argument + "\nUsage: segments bench [--contacts N] [--events M] [--runs R] [--baseline-runs R] [--engine index|postgres] [--out FILE] [--print-sql]");
                    return 2;
                }
            }
            index++;
        }
        Options options = new Options(contacts, events != null ? events : contacts * 20L, runs, out, printSql, engine,
                baselineRuns != null ? baselineRuns : runs);
        String url = System.getenv("SEGMENTS_DATABASE_URL");
        Path dataDirectory = null;
        Database database;
        if (url != null && !url.isBlank()) {
            database = Database.external(url, System.getenv("SEGMENTS_DATABASE_USER"), System.getenv("SEGMENTS_DATABASE_PASSWORD"), 4);
        } else {
            dataDirectory = Files.createTempDirectory("segments-bench-db");
            database = Database.embedded(dataDirectory, 4, true);
        }
        Bench bench = new Bench(System.out);
        Report report;
        try (database) {
            report = bench.run(database, options);
        } finally {
            if (dataDirectory != null) {
                deleteRecursively(dataDirectory);
            }
        }
        bench.print(report);
        if (options.out() != null) {
            Files.writeString(options.out(), json(report) + "\n");
            System.out.println("Wrote " + options.out());
        }
        if (!report.agrees()) {
            System.err.println("FAILED: the engines disagree on at least one count (see the table above).");
            return 1;
        }
        return 0;
    }

    private static String require(String value, String flag) {
        if (value == null) {
            throw new IllegalArgumentException(flag + " needs a value");
        }
        return value;
    }
}
