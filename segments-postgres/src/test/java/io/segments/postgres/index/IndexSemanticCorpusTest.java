package io.segments.postgres.index;

import io.segments.corpus.CorpusEngine;
import io.segments.corpus.SemanticCorpusContract;

/** The in-memory index engine, loaded from PostgreSQL, against the shared semantic corpus. */
class IndexSemanticCorpusTest extends SemanticCorpusContract {
    @Override
    protected CorpusEngine engine() {
        return IndexCorpusWorld.ENGINE;
    }
}
