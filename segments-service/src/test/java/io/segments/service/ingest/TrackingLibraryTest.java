package io.segments.service.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static io.segments.service.ingest.Tracking.companies;
import static io.segments.service.ingest.Tracking.contacts;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * A real tracking client: the published {@code @segment/analytics-node} library (src/test/node,
 * pinned by its package-lock.json) sends identify, page, track and group calls to this service;
 * the segments then count what PRODUCT.md says. In CI (CI=true) a missing Node.js fails the test.
 */
class TrackingLibraryTest extends IngestionTest {
    private static final Path PROJECT = Path.of("src/test/node").toAbsolutePath();

    @Test
    void analyticsNodeCallsChangeSegmentMembership() throws Exception {
        requireNode();
        if (!Files.isDirectory(PROJECT.resolve("node_modules/@segment/analytics-node"))) {
            run(List.of("npm", "ci", "--no-audit", "--no-fund"), 300);
        }
        String output = run(List.of("node", "send.mjs"), 120);
        assertThat(output).contains("all calls delivered");

        Tracking tracking = new Tracking(api);
        assertThat(tracking.members(contacts("{'type':'pageView','urlContains':'node.test/pricing','atLeast':3}"))).containsExactly("ada@node.test");
        assertThat(tracking.members(contacts("{'type':'pageView','urlContains':'node.test/'}"))).containsExactlyInAnyOrder("ada@node.test", "bob@node.test"); // the library may deliver its batches in any order
        assertThat(tracking.members(contacts("{'type':'formSubmit','form':'node-demo'}"))).containsExactly("ada@node.test");
        assertThat(tracking.members(contacts("{'type':'and','conditions':[{'type':'attribute','field':'country','operator':'equals','value':'DE'},"
                + "{'type':'attribute','field':'plan','operator':'equals','value':'team'},{'type':'attribute','field':'lifecycleStage','operator':'in','values':['lead']}]}")))
                .containsExactly("ada@node.test");
        assertThat(tracking.members(contacts("{'type':'recency','of':'activity','operator':'withinLastDays','days':1}")))
                .containsExactlyInAnyOrder("ada@node.test", "bob@node.test"); // the library may deliver its batches in any order
        assertThat(tracking.members(companies("{'type':'people','atLeast':1,'where':{'type':'formSubmit','form':'node-demo'}}")))
                .containsExactly("analytical-engines.test");
        JsonNode forms = api.get("/api/forms").json();
        assertThat(forms.toString()).isEqualTo("[{\"id\":\"node-demo\",\"name\":\"Node demo request\"}]");
    }

    private static void requireNode() {
        try {
            Process probe = new ProcessBuilder("node", "--version").redirectErrorStream(true).start();
            if (probe.waitFor(30, TimeUnit.SECONDS) && probe.exitValue() == 0) {
                return;
            }
        } catch (IOException | InterruptedException missing) {
            // reported below
        }
        String message = "Node.js (node and npm on the PATH) is needed to run the @segment/analytics-node client test; install Node 20+.";
        // Never skipped: the build needs Node for the web module anyway.
        fail(message);
    }

    private String run(List<String> command, int timeoutSeconds) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).directory(PROJECT.toFile()).redirectErrorStream(true);
        builder.environment().put("SEGMENTS_URL", "http://localhost:" + port);
        builder.environment().put("SEGMENTS_WRITE_KEY", WRITE_KEY);
        Process process = builder.start();
        byte[] output;
        try (var input = process.getInputStream()) {
            output = input.readAllBytes();
        }
        if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            fail(String.join(" ", command) + " did not finish in " + timeoutSeconds + " s");
        }
        String text = new String(output, StandardCharsets.UTF_8);
        if (process.exitValue() != 0) {
            fail(String.join(" ", command) + " exited with " + process.exitValue() + ":\n" + text);
        }
        return text;
    }
}
