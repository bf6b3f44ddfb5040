package io.segments.service.imports;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * Imports real traffic from a combined-format access log (see {@link AccessLog} for what counts as
 * a page view) as tracking calls through the tracking API's ingestion path: each client becomes
 * an anonymous visitor ({@code anonymousId} = a hash of address and user agent), each page view a
 * {@code page} call with the full URL ({@code site} + path and query). A deterministic share of
 * visitors ({@code identifyFraction}, decided by a hash of the visitor) is identified, at its first
 * page view, as a generated contact, so that segments over the real traffic have members.
 * Message ids derive from the line, so importing the same file again stores nothing twice.
 */
public final class AccessLogImporter {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final int BATCH = 500;
    private static final String[] FIRST = {"Ada", "Linus", "Grace", "Ken", "Barbara", "Dennis", "Margaret", "Guido", "Frances",
            "Edsger", "Radia", "Bjarne", "Hedy", "Niklaus", "Sophie", "Tim", "Anita", "Donald", "Shafi", "Leslie"};
    private static final String[] LAST = {"Lovelace", "Torvalds", "Hopper", "Thompson", "Liskov", "Ritchie", "Hamilton", "van Rossum",
            "Allen", "Dijkstra", "Perlman", "Stroustrup", "Lamarr", "Wirth", "Wilson", "Berners-Lee", "Borg", "Knuth", "Goldwasser", "Lamport"};

    public record Summary(long lines, long pageViews, long visitors, long identified, Map<AccessLog.Kind, Long> skipped) {
    }

    private final TrackingIngestion ingestion;
    private final long workspaceId;
    private final String site;
    private final double identifyFraction;

    public AccessLogImporter(TrackingIngestion ingestion, long workspaceId, String site, double identifyFraction) {
        if (identifyFraction < 0 || identifyFraction > 1) {
            throw new IllegalArgumentException("--identify-fraction is between 0 and 1");
        }
        this.ingestion = ingestion;
        this.workspaceId = workspaceId;
        this.site = site.endsWith("/") ? site.substring(0, site.length() - 1) : site;
        this.identifyFraction = identifyFraction;
    }

    public Summary importFile(Path file) throws IOException {
        Map<AccessLog.Kind, Long> skipped = new EnumMap<>(AccessLog.Kind.class);
        Set<String> visitors = new HashSet<>();
        Set<String> identified = new HashSet<>();
        List<ObjectNode> batch = new ArrayList<>(BATCH + 1);
        long lines = 0;
        long views = 0;
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                lines++;
                if (line.isBlank()) {
                    continue;
                }
                var parsed = AccessLog.parse(line);
                AccessLog.Kind kind = parsed.map(AccessLog.Request::kind).orElse(AccessLog.Kind.UNREADABLE);
                if (kind != AccessLog.Kind.PAGE_VIEW) {
                    skipped.merge(kind, 1L, Long::sum);
                    continue;
                }
                AccessLog.Request request = parsed.get();
                String visitor = request.visitorKey();
                String anonymousId = "log-" + visitor;
                visitors.add(visitor);
                if (AccessLog.identified(visitor, identifyFraction) && identified.add(visitor)) {
                    batch.add(identify(request, visitor, anonymousId));
                }
                batch.add(page(request, anonymousId, lines, line));
                views++;
                if (batch.size() >= BATCH) {
                    ingestion.ingest(workspaceId, batch);
                    batch.clear();
                }
            }
        }
        if (!batch.isEmpty()) {
            ingestion.ingest(workspaceId, batch);
        }
        return new Summary(lines, views, visitors.size(), identified.size(), skipped);
    }

    private ObjectNode page(AccessLog.Request request, String anonymousId, long lineNumber, String line) {
        ObjectNode page = JSON.objectNode();
        page.put("type", "page");
        page.put("messageId", "log-" + AccessLog.sha256Hex(lineNumber + "\n" + line).substring(0, 32));
        page.put("anonymousId", anonymousId);
        page.put("timestamp", request.time().toString());
        ObjectNode properties = page.putObject("properties");
        properties.put("url", site + request.target());
        properties.put("path", request.path());
        if (request.referrer() != null) {
            properties.put("referrer", request.referrer());
        }
        ObjectNode context = page.putObject("context");
        context.put("ip", request.address());
        context.put("userAgent", request.userAgent());
        return page;
    }

    /** The visitor becomes a generated contact (name and e-mail derived from its hash). */
    private static ObjectNode identify(AccessLog.Request request, String visitor, String anonymousId) {
        Random random = new Random(Long.parseUnsignedLong(visitor.substring(0, 15), 16));
        String first = FIRST[random.nextInt(FIRST.length)];
        String last = LAST[random.nextInt(LAST.length)];
        ObjectNode identify = JSON.objectNode();
        identify.put("type", "identify");
        identify.put("messageId", "log-identify-" + visitor);
        identify.put("anonymousId", anonymousId);
        identify.put("userId", "log-visitor-" + visitor);
        identify.put("timestamp", request.time().toString());
        ObjectNode traits = identify.putObject("traits");
        traits.put("email", first.toLowerCase(java.util.Locale.ROOT) + "." + visitor.substring(0, 8) + "@visitors.example");
        traits.put("firstName", first);
        traits.put("lastName", last);
        traits.put("createdAt", request.time().toString());
        traits.put("lifecycleStage", "lead");
        return identify;
    }
}
