package io.segments.postgres;

import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The embedded server runs with the settings ingestion was measured with (docs/benchmarks.md):
 * a lock table large enough for groups of thousands of messages to lock identity by identity,
 * checkpoints far apart, a cache of a quarter of the machine's memory (at most 2 GB), and every
 * commit durable. An embedded server of its own, whatever server the other tests use.
 */
class EmbeddedServerSettingsTest {
    @Test
    void theEmbeddedServerRunsWithIngestionsSettings() throws Exception {
        try (Database database = Database.embedded(Files.createTempDirectory("segments-settings-test"), 2, true)) {
            check(DSL.using(database.dataSource(), SQLDialect.POSTGRES));
        }
    }

    private static void check(DSLContext dsl) {
        assertThat(setting(dsl, "max_locks_per_transaction")).isEqualTo("512");
        assertThat(setting(dsl, "max_connections")).isEqualTo("100");
        assertThat(setting(dsl, "max_wal_size")).isEqualTo("4GB");
        assertThat(setting(dsl, "min_wal_size")).isEqualTo("1GB");
        assertThat(setting(dsl, "checkpoint_timeout")).isEqualTo("15min");
        assertThat(setting(dsl, "fsync")).isEqualTo("on");
        assertThat(setting(dsl, "synchronous_commit")).isEqualTo("on");
        long megabytes = Database.sharedBuffersMegabytes();
        assertThat(megabytes).isBetween(128L, 2048L);
        assertThat(((Number) dsl.fetchValue("select setting::bigint * 8 / 1024 from pg_settings where name = 'shared_buffers'")).longValue())
                .isEqualTo(megabytes);
    }

    private static String setting(DSLContext dsl, String name) {
        return (String) dsl.fetchValue("select current_setting(?)", name);
    }
}
