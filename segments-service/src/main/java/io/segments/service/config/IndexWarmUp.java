package io.segments.service.config;

import io.segments.engine.SegmentEngine;
import io.segments.postgres.index.IndexedSegmentEngine;
import io.segments.postgres.store.WorkspaceStore;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Starts building the default workspace's index once start-up work (such as the demo seeding)
 * is done, so the first preview need not wait for it. Until it is built, answers come from SQL.
 */
@Component
class IndexWarmUp {
    private final SegmentEngine engine;

    IndexWarmUp(SegmentEngine engine) {
        this.engine = engine;
    }

    @EventListener(ApplicationReadyEvent.class)
    void warmUp() {
        if (engine instanceof IndexedSegmentEngine indexed) {
            indexed.currentIndex(WorkspaceStore.DEFAULT_WORKSPACE);
        }
    }
}
