package io.segments.service.imports;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.segments.postgres.store.ContactStore;
import io.segments.postgres.store.EventStore;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A stand-in for the tracking API's ingestion service until it lands in main: applies the
 * {@code page} and {@code identify} calls importers send, through the same stores, one
 * transaction per batch. To be replaced by an adapter over the ingestion service.
 */
public final class StoreTrackingIngestion implements TrackingIngestion {
    private final DSLContext dsl;

    public StoreTrackingIngestion(DSLContext dsl) {
        this.dsl = dsl;
    }

    @Override
    public void ingest(long workspaceId, List<ObjectNode> calls) {
        dsl.transaction(configuration -> {
            DSLContext tx = DSL.using(configuration);
            ContactStore contacts = new ContactStore(tx);
            EventStore events = new EventStore(tx);
            for (ObjectNode call : calls) {
                String type = call.path("type").asText();
                Instant timestamp = Instant.parse(call.path("timestamp").asText());
                String anonymousId = call.path("anonymousId").asText(null);
                switch (type) {
                    case "identify" -> {
                        Map<String, JsonNode> traits = new LinkedHashMap<>();
                        call.path("traits").fields().forEachRemaining(entry -> traits.put(entry.getKey(), entry.getValue()));
                        JsonNode createdAt = traits.get("createdAt");
                        long contact = contacts.upsert(workspaceId, new ContactStore.ContactChange(traits.get("email").asText(),
                                call.path("userId").asText(), createdAt == null ? timestamp : Instant.parse(createdAt.asText()), traits)).id();
                        if (anonymousId != null) {
                            contacts.identify(workspaceId, anonymousId, contact);
                        }
                    }
                    case "page" -> events.record(workspaceId, new EventStore.Event(call.path("messageId").asText(), EventStore.Kind.PAGE_VIEW,
                            anonymousId, null, call.path("properties").path("url").asText(), null, null,
                            call.path("properties").toString(), timestamp));
                    default -> throw new IllegalArgumentException("unsupported call type " + type);
                }
            }
        });
    }
}
