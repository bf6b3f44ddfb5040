package io.segments.postgres;

import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;

/**
 * The one PostgreSQL of a test JVM: the server named by {@code SEGMENTS_DATABASE_URL} when set,
 * else a throwaway embedded one. Tests isolate themselves by creating their own workspace.
 */
public final class TestDatabase {
    private static Database database;

    private TestDatabase() {
    }

    public static synchronized Database get() {
        if (database == null) {
            String url = System.getenv("SEGMENTS_DATABASE_URL");
            if (url != null && !url.isBlank()) {
                database = Database.external(url, System.getenv("SEGMENTS_DATABASE_USER"), System.getenv("SEGMENTS_DATABASE_PASSWORD"), 8);
            } else {
                try {
                    database = Database.embedded(Files.createTempDirectory("segments-test-db"), 8, true);
                } catch (IOException failure) {
                    throw new UncheckedIOException(failure);
                }
            }
            Database started = database;
            Runtime.getRuntime().addShutdownHook(new Thread(started::close));
        }
        return database;
    }

    /**
     * A new, empty, migrated database on the test server, for a test that needs a whole database
     * of its own (a service under test uses workspace 1 of its database).
     */
    public static synchronized String newDatabaseUrl() {
        String name = "segments_test_" + (++databases);
        dsl().execute("create database " + name);
        String url = get().jdbcUrl().replaceFirst("/[^/?]+(\\?|$)", "/" + name + "$1");
        try (Database migrated = Database.external(url, System.getenv("SEGMENTS_DATABASE_USER"), System.getenv("SEGMENTS_DATABASE_PASSWORD"), 2)) {
            return migrated.jdbcUrl();
        }
    }

    private static int databases;

    public static DSLContext dsl() {
        return DSL.using(get().dataSource(), SQLDialect.POSTGRES);
    }
}
