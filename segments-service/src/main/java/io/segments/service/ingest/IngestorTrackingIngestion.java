package io.segments.service.ingest;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.segments.service.imports.TrackingIngestion;
import io.segments.service.problem.ApiProblem.FieldError;
import org.jooq.DSLContext;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * Importers' tracking calls through the tracking API's own path: each call is read and validated
 * by {@link TrackingMessages} exactly as a {@code /v1/batch} item, and the batch is applied by the
 * {@link Ingestor} (ingestion log, identity locks, bulk event writes), all or nothing.
 */
public final class IngestorTrackingIngestion implements TrackingIngestion {
    private final Ingestor ingestor;
    private final TrackingMessages messages;

    public IngestorTrackingIngestion(DSLContext dsl, ObjectMapper json) {
        this.ingestor = new Ingestor(dsl);
        this.messages = new TrackingMessages(json);
    }

    @Override
    public void ingest(long workspaceId, List<ObjectNode> calls) {
        Instant receivedAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
        List<FieldError> errors = new ArrayList<>();
        List<TrackingMessage> parsed = new ArrayList<>(calls.size());
        for (int index = 0; index < calls.size(); index++) {
            TrackingMessage message = messages.read(calls.get(index), null, "/batch/" + index, null, TrackingMessages.Envelope.NONE, receivedAt, errors);
            if (message != null) {
                parsed.add(message);
            }
        }
        if (!errors.isEmpty()) {
            throw new IllegalArgumentException("invalid tracking call at " + errors.get(0).pointer() + ": " + errors.get(0).message());
        }
        ingestor.ingest(workspaceId, parsed);
    }
}
