package io.segments.service.imports;

import io.segments.postgres.Database;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.conf.Settings;
import org.jooq.impl.DSL;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** {@code segments import access-log FILE [--identify-fraction F] [--site URL]} */
public final class ImportCommand {
    public static final long WORKSPACE = 1;
    static final String USAGE = "Usage: segments import access-log FILE [--identify-fraction 0.3] [--site http://semicomplete.com]";

    private ImportCommand() {
    }

    public static int main(List<String> arguments) throws Exception {
        if (arguments.size() < 2 || !arguments.get(0).equals("access-log")) {
            System.err.println(USAGE);
            return 2;
        }
        Path file = Path.of(arguments.get(1));
        double fraction = 0;
        String site = "http://semicomplete.com";
        for (int index = 2; index < arguments.size(); index += 2) {
            String flag = arguments.get(index);
            if (index + 1 >= arguments.size()) {
                System.err.println(flag + " needs a value\n" + USAGE);
                return 2;
            }
            switch (flag) {
                case "--identify-fraction" -> fraction = Double.parseDouble(arguments.get(index + 1));
                case "--site" -> site = arguments.get(index + 1);
                default -> {
                    System.err.println("Unknown argument: " + flag + "\n" + USAGE);
                    return 2;
                }
            }
        }
        if (!Files.isReadable(file)) {
            System.err.println("Cannot read " + file);
            return 2;
        }
        try (Database database = open()) {
            DSLContext dsl = DSL.using(database.dataSource(), SQLDialect.POSTGRES, new Settings().withExecuteLogging(false));
            long started = System.nanoTime();
            AccessLogImporter.Summary summary = new AccessLogImporter(ingestion(dsl), WORKSPACE, site, fraction).importFile(file);
            analyze(dsl);
            print(summary, (System.nanoTime() - started) / 1e9);
        }
        return 0;
    }

    /**
     * A bulk import changes the tables' statistics at once; refresh them now rather than when
     * autovacuum gets to it, so the first evaluations are planned on the imported data.
     */
    static void analyze(DSLContext dsl) {
        for (String table : List.of("contacts", "visitors", "urls", "events")) {
            dsl.execute("analyze " + table);
        }
    }

    /** The ingestion path the import goes through: the tracking API's. */
    static TrackingIngestion ingestion(DSLContext dsl) {
        return new io.segments.service.ingest.IngestorTrackingIngestion(dsl, new com.fasterxml.jackson.databind.ObjectMapper());
    }

    static void print(AccessLogImporter.Summary summary, double seconds) {
        System.out.printf("Imported %,d page views of %,d visitors (%,d identified as contacts) from %,d lines in %.1f s.%n",
                summary.pageViews(), summary.visitors(), summary.identified(), summary.lines(), seconds);
        long skipped = summary.skipped().values().stream().mapToLong(Long::longValue).sum();
        System.out.printf("Skipped %,d lines:%n", skipped);
        Map<AccessLog.Kind, String> labels = Map.of(AccessLog.Kind.BOT, "bots, crawlers and feed readers (by user agent)",
                AccessLog.Kind.ASSET, "images, CSS, JavaScript and fonts", AccessLog.Kind.FEED, "feeds (RSS, Atom, XML)",
                AccessLog.Kind.FAILED, "not successful (redirects, 4xx, 5xx)", AccessLog.Kind.OTHER_METHOD, "not GET (HEAD, POST, ...)",
                AccessLog.Kind.UNREADABLE, "not in combined log format");
        for (AccessLog.Kind kind : List.of(AccessLog.Kind.BOT, AccessLog.Kind.ASSET, AccessLog.Kind.FEED, AccessLog.Kind.FAILED,
                AccessLog.Kind.OTHER_METHOD, AccessLog.Kind.UNREADABLE)) {
            System.out.printf("  %,8d  %s%n", summary.skipped().getOrDefault(kind, 0L), labels.get(kind));
        }
    }

    /** The service's database: SEGMENTS_DATABASE_URL, else the embedded one in SEGMENTS_DATA_DIR (default ./data). */
    static Database open() {
        String url = System.getenv("SEGMENTS_DATABASE_URL");
        if (url != null && !url.isBlank()) {
            return Database.external(url, System.getenv("SEGMENTS_DATABASE_USER"), System.getenv("SEGMENTS_DATABASE_PASSWORD"), 2);
        }
        String directory = System.getenv("SEGMENTS_DATA_DIR");
        return Database.embedded(Path.of(directory == null || directory.isBlank() ? "./data" : directory), 2);
    }
}
