package io.segments.service;

import java.util.List;

/** Commands other than {@code serve}. */
final class Cli {
    private Cli() {
    }

    static int run(String command, List<String> arguments) {
        switch (command) {
            case "help", "--help", "-h" -> {
                System.out.println("""
                        Usage: segments <command>
                          serve [--port 8080] [--demo]   run the service (embedded PostgreSQL unless SEGMENTS_DATABASE_URL is set)
                          test                           run every test (the launcher runs mvn verify)
                          bench [--contacts N] [--events M] [--runs R] [--out FILE]
                                                         benchmark the engine side by side with DuckDB and plain PostgreSQL
                        """);
                return 0;
            }
            case "bench" -> {
                try {
                    return io.segments.service.bench.Bench.main(arguments);
                } catch (Exception failure) {
                    failure.printStackTrace();
                    return 1;
                }
            }
            default -> {
                System.err.println("Unknown command: " + command + " (try: segments help)");
                return 2;
            }
        }
    }
}
