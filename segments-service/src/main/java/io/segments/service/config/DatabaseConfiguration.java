package io.segments.service.config;

import io.segments.postgres.Database;
import io.segments.postgres.PostgresSegmentEngine;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.conf.Settings;
import org.jooq.impl.DSL;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.nio.file.Path;
import java.time.Duration;

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

    /** Evaluations that run past {@code SEGMENTS_QUERY_TIMEOUT} (ISO-8601 or seconds; default 10 s) are cancelled. */
    @Bean
    PostgresSegmentEngine segmentEngine(DSLContext dsl, @Value("${SEGMENTS_QUERY_TIMEOUT:10s}") Duration timeout) {
        return new PostgresSegmentEngine(dsl, timeout);
    }
}
