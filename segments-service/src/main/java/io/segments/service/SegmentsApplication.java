package io.segments.service;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The service and its command line: {@code serve [--port N] [--demo]} runs the service; other
 * commands (imports, benchmarks) are dispatched by {@link io.segments.service.Cli}.
 */
@SpringBootApplication
public class SegmentsApplication {
    public static void main(String[] args) {
        System.setProperty("org.jooq.no-logo", "true");
        System.setProperty("org.jooq.no-tips", "true");
        List<String> arguments = new ArrayList<>(Arrays.asList(args));
        String command = arguments.isEmpty() ? "serve" : arguments.remove(0);
        if (!"serve".equals(command)) {
            System.exit(Cli.run(command, arguments));
            return;
        }
        List<String> springArguments = new ArrayList<>();
        for (int index = 0; index < arguments.size(); index++) {
            String argument = arguments.get(index);
            switch (argument) {
                case "--port" -> springArguments.add("--server.port=" + requireValue(arguments, ++index, "--port"));
                case "--demo" -> springArguments.add("--segments.demo=true");
                default -> {
                    if (argument.startsWith("--port=")) {
                        springArguments.add("--server.port=" + argument.substring("--port=".length()));
                    } else if (argument.startsWith("--")) {
                        springArguments.add(argument);
                    } else {
                        System.err.println("Unknown argument: " + argument + "\nUsage: segments serve [--port 8080] [--demo]");
                        System.exit(2);
                    }
                }
            }
        }
        SpringApplication application = new SpringApplication(SegmentsApplication.class);
        application.run(springArguments.toArray(String[]::new));
    }

    private static String requireValue(List<String> arguments, int index, String flag) {
        if (index >= arguments.size()) {
            System.err.println(flag + " needs a value");
            System.exit(2);
        }
        return arguments.get(index);
    }
}
