package io.segments.postgres;

import io.segments.corpus.CorpusEngine;
import io.segments.corpus.SemanticCorpusContract;

/** The PostgreSQL engine against the shared semantic corpus. */
class PostgresSemanticCorpusTest extends SemanticCorpusContract {
    @Override
    protected CorpusEngine engine() {
        return PostgresCorpusWorld.ENGINE;
    }
}
