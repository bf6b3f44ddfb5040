package io.segments.service.config;

import io.segments.engine.SegmentEngine;
import io.segments.postgres.index.DataChanges;
import io.segments.postgres.index.IndexedSegmentEngine;
import org.jooq.DSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Every ten minutes, forgets the logged changes (migration V5) that no index still needs, so the
 * change log stays small under continuous ingestion, whichever engine answers.
 */
@Component
class ChangeLogPruning implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ChangeLogPruning.class);

    private final ScheduledExecutorService schedule = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "segments-change-log-pruning");
        thread.setDaemon(true);
        return thread;
    });

    ChangeLogPruning(SegmentEngine engine, DSLContext dsl) {
        DataChanges changes = new DataChanges(dsl);
        schedule.scheduleWithFixedDelay(() -> {
            try {
                int forgotten = engine instanceof IndexedSegmentEngine indexed ? indexed.pruneChangeLog() : changes.prune(null);
                LOG.debug("Forgot {} logged changes", forgotten);
            } catch (RuntimeException failure) {
                LOG.warn("Pruning the change log failed; it will be tried again", failure);
            }
        }, 10, 10, TimeUnit.MINUTES);
    }

    @Override
    public void close() {
        schedule.shutdownNow();
    }
}
