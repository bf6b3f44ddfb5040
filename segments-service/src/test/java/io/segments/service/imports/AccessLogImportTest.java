package io.segments.service.imports;

import io.segments.service.ServiceTest;
import org.jooq.DSLContext;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Imports the real access log and checks segments over it against counts computed here from the
 * file with this test's own simple parsing (split on quotes), not the importer's.
 */
class AccessLogImportTest extends ServiceTest {
    private static final double FRACTION = 0.3;
    private static final List<String> BOTS = List.of("bot", "crawl", "spider", "slurp", "feed", "rss", "fetcher", "curl", "wget",
            "python", "java/", "perl", "ruby", "go-http", "libwww", "httpclient", "okhttp", "scrapy", "facebookexternalhit", "pingdom",
            "monitor", "archiver", "headless", "phantomjs", "nutch", "yahoo! ", "ia_archiver", "wordpress", "apache-http");
    private static final List<String> ASSETS = List.of(".png", ".jpg", ".jpeg", ".gif", ".ico", ".svg", ".webp", ".bmp", ".tif", ".tiff",
            ".css", ".js", ".mjs", ".map", ".woff", ".woff2", ".ttf", ".otf", ".eot");

    @Autowired
    DSLContext dsl;

    record View(String visitor, String target, Instant time) {
    }

    static Path log() {
        Path directory = Path.of("").toAbsolutePath();
        while (!Files.exists(directory.resolve("segments-core"))) {
            directory = directory.getParent();
        }
        return directory.resolve("../shared/data/access-2015-05.log").normalize();
    }

    @Test
    void importsPageViewsOfRealTrafficAndSegmentsCountThem() throws Exception {
        // The expectation, from the file.
        List<View> views = new java.util.ArrayList<>();
        Instant end = Instant.EPOCH;
        DateTimeFormatter time = DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ENGLISH);
        for (String line : Files.readAllLines(log(), StandardCharsets.UTF_8)) {
            String[] quoted = line.split("\"");
            String address = line.substring(0, line.indexOf(' '));
            Instant at = ZonedDateTime.parse(line.substring(line.indexOf('[') + 1, line.indexOf(']')), time).toInstant();
            end = at.isAfter(end) ? at : end;
            String[] request = quoted[1].split(" ");
            int status = Integer.parseInt(quoted[2].trim().split(" ")[0]);
            String agent = quoted.length > 5 ? quoted[5] : "-";
            String target = request.length > 1 ? request[1] : "";
            String path = target.contains("?") ? target.substring(0, target.indexOf('?')).toLowerCase(Locale.ROOT) : target.toLowerCase(Locale.ROOT);
            String query = target.contains("?") ? target.substring(target.indexOf('?') + 1).toLowerCase(Locale.ROOT) : "";
            boolean bot = agent.equals("-") || agent.isBlank() || BOTS.stream().anyMatch(agent.toLowerCase(Locale.ROOT)::contains);
            boolean ok = (status >= 200 && status < 300) || status == 304;
            boolean asset = ASSETS.stream().anyMatch(path::endsWith);
            boolean feed = path.endsWith(".rss") || path.endsWith(".atom") || path.endsWith(".xml") || path.endsWith(".rdf")
                    || path.matches(".*/(feed|rss|atom)/?") || query.matches("(.*&)?(flav|feed|format)=(rss\\d*|atom|feed)(&.*)?");
            if (bot || !request[0].equals("GET") || !ok || asset || feed) {
                continue;
            }
            String visitor = hex(address + "\u0000" + agent).substring(0, 24);
            views.add(new View(visitor, target, at));
        }
        Map<String, List<View>> identified = new HashMap<>();
        for (View view : views) {
            if (share(hex(view.visitor())) < FRACTION) {
                identified.computeIfAbsent(view.visitor(), key -> new java.util.ArrayList<>()).add(view);
            }
        }
        Instant asOf = end;
        long presentations3 = identified.values().stream()
                .filter(list -> list.stream().filter(view -> view.target().toLowerCase(Locale.ROOT).contains("/presentations/")).count() >= 3).count();
        long blogLastTwoDays = identified.values().stream().filter(list -> list.stream().anyMatch(view ->
                view.target().toLowerCase(Locale.ROOT).contains("/blog/") && !view.time().isBefore(asOf.minusSeconds(2 * 86_400)))).count();

        // The import.
        AccessLogImporter importer = new AccessLogImporter(ImportCommand.ingestion(dsl), 1, "http://semicomplete.com", FRACTION);
        AccessLogImporter.Summary summary = importer.importFile(log());
        ImportCommand.analyze(dsl); // as the command does after an import
        assertThat(summary.pageViews()).isEqualTo((long) views.size());
        assertThat(summary.identified()).isEqualTo(identified.size());
        assertThat(summary.skipped().get(AccessLog.Kind.BOT)).isPositive();
        assertThat(summary.skipped().get(AccessLog.Kind.ASSET)).isPositive();
        assertThat(summary.skipped().get(AccessLog.Kind.FEED)).isPositive();
        assertThat(presentations3).isPositive();
        assertThat(dsl.fetchValue("select count(*) from events where workspace_id = 1", Long.class)).isEqualTo((long) views.size());

        assertThat(count("{\"subject\":\"contacts\"}", asOf)).isEqualTo(identified.size());
        assertThat(count("""
                {"subject":"contacts","where":{"type":"pageView","urlContains":"/presentations/","atLeast":3}}""", asOf))
                .isEqualTo(presentations3);
        assertThat(count("""
                {"subject":"contacts","where":{"type":"recency","of":"formSubmit","operator":"never"}}""", asOf))
                .isEqualTo(identified.size());
        assertThat(count("""
                {"subject":"contacts","where":{"type":"pageView","urlContains":"/blog/","withinDays":2}}""", asOf))
                .isEqualTo(blogLastTwoDays);
        assertThat(count("""
                {"subject":"contacts","where":{"type":"pageView","urlContains":"http://semicomplete.com/"}}""", asOf))
                .isEqualTo(identified.size());

        // Importing the same file again stores nothing twice.
        importer.importFile(log());
        assertThat(dsl.fetchValue("select count(*) from events where workspace_id = 1", Long.class)).isEqualTo((long) views.size());
        assertThat(count("{\"subject\":\"contacts\"}", asOf)).isEqualTo(identified.size());
    }

    private long count(String definition, Instant asOf) {
        var response = api.post("/api/segments/preview", "{\"definition\":" + definition + ",\"asOf\":\"" + asOf + "\",\"limit\":0}");
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response.json().get("count").asLong();
    }

    private static String hex(String text) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    }

    /** The first 53 bits of a hex digest as a fraction of one. */
    private static double share(String hexDigest) {
        return (Long.parseUnsignedLong(hexDigest.substring(0, 16), 16) >>> 11) / (double) (1L << 53);
    }
}
