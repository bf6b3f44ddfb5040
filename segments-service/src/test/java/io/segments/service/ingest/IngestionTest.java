package io.segments.service.ingest;

import io.segments.service.ServiceTest;
import org.jooq.DSLContext;
import org.junit.jupiter.api.AfterEach;
import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/** A service test of ingestion: after each test, every stored event and log entry references rows that exist. */
abstract class IngestionTest extends ServiceTest {
    @Autowired
    protected DSLContext dsl;

    @AfterEach
    void referencesHold() {
        assertThat(ReferentialIntegrity.violations(dsl)).isEmpty();
    }
}
