package io.segments.service;

import java.util.List;

/** Commands other than {@code serve}. */
final class Cli {
    private Cli() {
    }

    static int run(String command, List<String> arguments) {
        try {
            return dispatch(command, arguments);
        } catch (Exception failure) {
            failure.printStackTrace();
            return 1;
        }
    }

    private static int dispatch(String command, List<String> arguments) throws Exception {
        switch (command) {
            case "help", "--help", "-h" -> {
                System.out.println("""
                        Usage: segments <command>
                          serve [--port 8080] [--demo]   run the service (embedded PostgreSQL unless SEGMENTS_DATABASE_URL is set)
                          test                           run every test (the launcher runs mvn verify)
                          bench-ingest [--events 200000] [--threads 4] [--batch 100] [--identify-percent 5] [--warmup N] [--url U --write-key K]
                                                         tracking throughput through /v1/batch (starts its own service unless --url)
                          import access-log FILE [--identify-fraction F] [--site URL]
                                                         import real traffic (combined log format) as page views
                          bench [--contacts N] [--events M] [--runs R] [--baseline-runs R] [--engine index|postgres] [--out FILE]
                                                         benchmark the engine side by side with DuckDB and plain PostgreSQL
                        """);
                return 0;
            }
            case "bench-ingest" -> {
                return io.segments.service.ingest.IngestBenchmark.run(arguments);
            }
            case "import" -> {
                quietLogging();
                return io.segments.service.imports.ImportCommand.main(arguments);
            }
            case "bench" -> {
                quietLogging();
                return io.segments.service.bench.Bench.main(arguments);
            }
            default -> {
                System.err.println("Unknown command: " + command + " (try: segments help)");
                return 2;
            }
        }
    }

    /** Commands print their own progress; library logging only when something is wrong. */
    private static void quietLogging() {
        org.slf4j.Logger root = org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        if (root instanceof ch.qos.logback.classic.Logger logback) {
            logback.setLevel(ch.qos.logback.classic.Level.WARN);
        }
    }
}
