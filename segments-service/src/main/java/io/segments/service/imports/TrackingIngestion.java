package io.segments.service.imports;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;

/**
 * Where importers hand their data: tracking calls exactly as a tracking client sends them to
 * {@code /v1/batch} ({@code {"type":"page", "anonymousId", "messageId", "timestamp",
 * "properties":{"url"}}}, {@code identify} with {@code userId} and {@code traits}), validated and
 * applied by the same ingestion path as the tracking API. A batch is all or nothing.
 */
public interface TrackingIngestion {
    void ingest(long workspaceId, List<ObjectNode> calls);
}
