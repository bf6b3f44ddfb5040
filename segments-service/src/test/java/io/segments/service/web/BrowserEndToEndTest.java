package io.segments.service.web;

import io.segments.service.ServiceTest;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The marketer UI end to end: the web module's Chromium suite ({@code web/e2e/ui.test.mjs},
 * playwright-core driving Debian's Chromium) against this real service and database. It seeds its
 * own contacts through the tracking API and must run every test: a skipped browser test fails here.
 */
class BrowserEndToEndTest extends ServiceTest {
    private static final Path CHROMIUM = Path.of(System.getenv().getOrDefault("CHROMIUM_PATH", "/usr/bin/chromium"));

    @Test
    void theUiSuitePassesInChromiumAgainstTheRealService() throws IOException, InterruptedException {
        assertThat(CHROMIUM).as("Chromium for the browser tests (apt-get install -y chromium)").isExecutable();
        Path web = Path.of(System.getProperty("user.dir")).resolveSibling("web").toAbsolutePath().normalize();
        assertThat(web.resolve("node_modules/playwright-core")).as("web/node_modules (the Maven build runs npm ci)").isDirectory();

        ProcessBuilder builder = new ProcessBuilder(List.of("node", "--test", "--test-reporter=tap", "e2e/ui.test.mjs"))
                .directory(web.toFile()).redirectErrorStream(true);
        builder.environment().put("SEGMENTS_E2E_URL", "http://127.0.0.1:" + port);
        builder.environment().put("SEGMENTS_ADMIN_TOKEN", ADMIN_TOKEN);
        builder.environment().put("SEGMENTS_WRITE_KEY", WRITE_KEY);
        builder.environment().put("CHROMIUM_PATH", CHROMIUM.toString());
        Path log = Files.createTempFile("segments-e2e", ".tap");
        builder.redirectOutput(log.toFile());
        Process process = builder.start();
        boolean finished = process.waitFor(10, TimeUnit.MINUTES);
        if (!finished) {
            process.destroyForcibly();
        }
        String output = Files.readString(log, StandardCharsets.UTF_8);
        System.out.println(output);
        assertThat(finished).as("the browser suite finished within 10 minutes").isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        assertThat(summary(output, "fail")).as(output).isZero();
        assertThat(summary(output, "skipped")).as("no browser test may be skipped\n" + output).isZero();
        assertThat(summary(output, "todo")).as(output).isZero();
        assertThat(summary(output, "pass")).as(output).isGreaterThanOrEqualTo(7);
    }

    private static int summary(String tap, String name) {
        Matcher matcher = Pattern.compile("^# " + name + " (\\d+)$", Pattern.MULTILINE).matcher(tap);
        assertThat(matcher.find()).as("TAP summary line \"# %s N\"", name).isTrue();
        return Integer.parseInt(matcher.group(1));
    }
}
