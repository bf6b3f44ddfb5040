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
                        """);
                return 0;
            }
            default -> {
                System.err.println("Unknown command: " + command + " (try: segments help)");
                return 2;
            }
        }
    }
}
