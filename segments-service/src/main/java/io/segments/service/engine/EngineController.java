package io.segments.service.engine;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.segments.engine.SegmentEngine;
import io.segments.postgres.index.IndexedSegmentEngine;
import io.segments.postgres.store.WorkspaceStore;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/engine}: which engine answers, and for the indexed one, whether the workspace's
 * index is current (every committed change is in it, after a catch-up if one was needed), being
 * rebuilt, how large it is, how long its last full build took and how many catch-ups followed. For operators; behind the admin token like every other /api call.
 */
@RestController
public class EngineController {
    private final SegmentEngine engine;

    public EngineController(SegmentEngine engine) {
        this.engine = engine;
    }

    @GetMapping("/api/engine")
    ObjectNode engine() {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        long workspace = WorkspaceStore.DEFAULT_WORKSPACE;
        if (!(engine instanceof IndexedSegmentEngine indexed)) {
            return body.put("engine", "postgres");
        }
        body.put("engine", "index");
        boolean current = indexed.currentIndex(workspace).isPresent();
        ObjectNode index = body.putObject("index");
        index.put("current", current);
        indexed.status(workspace).ifPresentOrElse(status -> {
            index.put("building", status.building());
            index.put("contacts", status.contacts());
            index.put("companies", status.companies());
            index.put("events", status.events());
            index.put("builtAt", status.builtAt() == null ? null : status.builtAt().toString());
            index.put("buildMillis", status.buildTime() == null ? null : status.buildTime().toMillis());
            index.put("catchUps", status.catchUps());
            index.put("lastFailure", status.lastFailure());
        }, () -> index.put("building", false));
        return body;
    }
}
