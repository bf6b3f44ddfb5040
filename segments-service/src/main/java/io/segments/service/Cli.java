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
                          bench-ingest [--events 200000] [--threads 4] [--batch 100] [--url U --write-key K]
                                                         tracking throughput through /v1/batch (starts its own service unless --url)
                        """);
                return 0;
            }
            case "bench-ingest" -> {
                return io.segments.service.ingest.IngestBenchmark.run(arguments);
            }
            default -> {
                System.err.println("Unknown command: " + command + " (try: segments help)");
                return 2;
            }
        }
    }
}
