package io.segments.postgres.index;

import com.fasterxml.jackson.databind.JsonNode;
import io.segments.corpus.CorpusEngine;
import io.segments.corpus.CorpusWorld;
import io.segments.definition.Definition;
import io.segments.index.IndexSegmentEngine;
import io.segments.postgres.PostgresCorpusWorld;
import io.segments.postgres.PostgresSegmentEngine;
import io.segments.postgres.TestDatabase;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Writes corpus data through the PostgreSQL stores (the real write paths) and answers from the
 * in-memory index loaded from them, never from SQL: what is checked is the loader and the index
 * engine together.
 */
public final class IndexCorpusWorld implements CorpusWorld {
    public static final CorpusEngine ENGINE = IndexCorpusWorld::new;

    private final PostgresCorpusWorld store;
    private final IndexedSegmentEngine indexed;
    private final IndexSegmentEngine engine;

    private IndexCorpusWorld(String timeZone) {
        this.store = (PostgresCorpusWorld) PostgresCorpusWorld.ENGINE.newWorld(timeZone);
        this.indexed = new IndexedSegmentEngine(new PostgresSegmentEngine(TestDatabase.dsl(), Duration.ofSeconds(10)),
                new WorkspaceIndexLoader(TestDatabase.dsl()), new DataChanges(TestDatabase.dsl()));
        this.engine = new IndexSegmentEngine(indexed::awaitCurrent);
    }

    public long workspaceId() {
        return store.workspaceId();
    }

    public IndexSegmentEngine engine() {
        return engine;
    }

    public IndexedSegmentEngine indexed() {
        return indexed;
    }

    @Override
    public void apply(JsonNode operation) {
        store.apply(operation);
    }

    @Override
    public List<String> memberKeys(Definition definition, Instant asOf) {
        return CorpusWorld.keysByPages(engine, store.workspaceId(), definition, asOf);
    }

    @Override
    public long count(Definition definition, Instant asOf) {
        return engine.count(store.workspaceId(), definition, asOf);
    }

    @Override
    public void close() {
        indexed.close();
    }
}
