package io.segments.service.config;

import io.segments.postgres.Database;
import io.segments.engine.SegmentEngine;
import io.segments.postgres.PostgresSegmentEngine;
import io.segments.postgres.index.DataChanges;
import io.segments.postgres.index.IndexedSegmentEngine;
import io.segments.postgres.index.WorkspaceIndexLoader;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.conf.Settings;
import org.jooq.impl.DSL;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;

/**
 * PostgreSQL: {@code SEGMENTS_DATABASE_URL} (a JDBC URL; user and password in the URL or in
 * {@code SEGMENTS_DATABASE_USER}/{@code SEGMENTS_DATABASE_PASSWORD}) or else an embedded server
 * whose files live in {@code SEGMENTS_DATA_DIR} (default {@code ./data}).
 */
@Configuration(proxyBeanMethods = false)
public class DatabaseConfiguration {
    @Bean(destroyMethod = "close")
    Database database(@Value("${SEGMENTS_DATABASE_URL:}") String url,
                      @Value("${SEGMENTS_DATABASE_USER:}") String user,
                      @Value("${SEGMENTS_DATABASE_PASSWORD:}") String password,
                      @Value("${SEGMENTS_DATA_DIR:./data}") String dataDirectory,
                      @Value("${SEGMENTS_DATABASE_POOL_SIZE:16}") int poolSize) {
        if (!url.isBlank()) {
            return Database.external(url, user.isBlank() ? null : user, password.isBlank() ? null : password, poolSize);
        }
        return Database.embedded(Path.of(dataDirectory), poolSize);
    }

    @Bean
    DSLContext dsl(Database database) {
        return DSL.using(database.dataSource(), SQLDialect.POSTGRES, new Settings().withExecuteLogging(false));
    }

    /**
     * {@code SEGMENTS_ENGINE}: {@code index} (default) answers from an in-memory index of each
     * workspace while it is current and from SQL otherwise; {@code postgres} always from SQL. SQL
     * evaluations that run past {@code SEGMENTS_QUERY_TIMEOUT} (ISO-8601 or seconds; default
     * 10 s) are cancelled.
     */
    @Bean
    SegmentEngine segmentEngine(DSLContext dsl, @Value("${SEGMENTS_QUERY_TIMEOUT:10s}") Duration timeout,
                                @Value("${SEGMENTS_ENGINE:index}") String engine) {
        PostgresSegmentEngine sql = new PostgresSegmentEngine(dsl, timeout);
        return switch (engine.strip().toLowerCase(Locale.ROOT)) {
            case "index" -> new IndexedSegmentEngine(sql, new WorkspaceIndexLoader(dsl), new DataChanges(dsl));
            case "postgres" -> sql;
            default -> throw new IllegalArgumentException("SEGMENTS_ENGINE must be index or postgres, not " + engine);
        };
    }
}
