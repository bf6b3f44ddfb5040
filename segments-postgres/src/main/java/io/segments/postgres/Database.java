package io.segments.postgres;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The PostgreSQL the service runs on: an external server named by a JDBC URL, or an embedded one
 * whose files persist in a data directory. Either way the schema is migrated before use.
 */
public final class Database implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Database.class);

    private final HikariDataSource dataSource;
    private final EmbeddedPostgres embedded;

    private Database(HikariDataSource dataSource, EmbeddedPostgres embedded) {
        this.dataSource = dataSource;
        this.embedded = embedded;
    }

    /** Connects to an external server; user and password may be in the URL or given here. */
    public static Database external(String jdbcUrl, String user, String password, int poolSize) {
        HikariConfig config = poolConfig(poolSize);
        config.setJdbcUrl(jdbcUrl);
        if (user != null) {
            config.setUsername(user);
        }
        if (password != null) {
            config.setPassword(password);
        }
        return migrated(new HikariDataSource(config), null);
    }

    /** Starts (or restarts, keeping its data) an embedded PostgreSQL in {@code dataDirectory}. */
    public static Database embedded(Path dataDirectory, int poolSize) {
        return embedded(dataDirectory, poolSize, false);
    }

    /** Starts an embedded PostgreSQL; {@code throwaway} wipes its files when it stops (tests). */
    public static Database embedded(Path dataDirectory, int poolSize, boolean throwaway) {
        try {
            Path postgresDirectory = dataDirectory.toAbsolutePath().resolve("postgres");
            Files.createDirectories(postgresDirectory);
            LOG.info("Starting embedded PostgreSQL in {}", postgresDirectory);
            EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                    .setDataDirectory(postgresDirectory)
                    .setCleanDataDirectory(throwaway)
                    .setPGStartupWait(Duration.ofSeconds(60))
                    .setServerConfig("max_connections", "100")
                    .setServerConfig("shared_buffers", sharedBuffersMegabytes() + "MB")
                    .setServerConfig("work_mem", "64MB")
                    .setServerConfig("fsync", "on")
                    .setServerConfig("synchronous_commit", "on")
                    // Tracking ingestion locks each identity its transaction names (a key per visitor, user,
                    // email); the lock table holds max_locks_per_transaction times max_connections locks,
                    // and a transaction naming more than a twelfth of that locks its whole workspace
                    // instead (Ingestor). 64 per connection made groups of a few hundred messages take
                    // the workspace lock and so wait for each other; 512 costs about 25 MB of shared memory.
                    .setServerConfig("max_locks_per_transaction", "512")
                    // Checkpoints further apart than PostgreSQL's defaults (1 GB of WAL, 5 minutes): the first
                    // change of each page after a checkpoint writes the whole page to the WAL, and ingestion
                    // touches index pages all over. Crash recovery replays at most this much.
                    .setServerConfig("max_wal_size", "4GB")
                    .setServerConfig("min_wal_size", "1GB")
                    .setServerConfig("checkpoint_timeout", "15min")
                    .start();
            HikariConfig config = poolConfig(poolSize);
            config.setJdbcUrl(postgres.getJdbcUrl("postgres", "postgres"));
            return migrated(new HikariDataSource(config), postgres);
        } catch (IOException failure) {
            throw new UncheckedIOException("cannot start embedded PostgreSQL in " + dataDirectory, failure);
        }
    }

    /**
     * A quarter of the machine's memory, at most 2 GB and at least 128 MB: the usual share for
     * PostgreSQL's own cache. With 512 MB, a few hundred thousand tracked events outgrew it, and
     * ingestion's backends wrote evicted pages themselves (a fifth more of its CPU per event).
     */
    static long sharedBuffersMegabytes() {
        long memory = java.lang.management.ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean system
                ? system.getTotalMemorySize() : 0;
        long quarter = memory / 4 / (1024 * 1024);
        return Math.max(128, Math.min(2048, quarter == 0 ? 512 : quarter));
    }

    private static HikariConfig poolConfig(int poolSize) {
        HikariConfig config = new HikariConfig();
        config.setMaximumPoolSize(poolSize);
        config.setPoolName("segments");
        return config;
    }

    private static Database migrated(HikariDataSource dataSource, EmbeddedPostgres embedded) {
        Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();
        return new Database(dataSource, embedded);
    }

    public DataSource dataSource() {
        return dataSource;
    }

    /** The JDBC URL of the server, for code that opens connections of its own (tests create databases with it). */
    public String jdbcUrl() {
        return dataSource.getJdbcUrl();
    }

    @Override
    public void close() {
        dataSource.close();
        if (embedded != null) {
            try {
                embedded.close();
            } catch (IOException failure) {
                LOG.warn("Embedded PostgreSQL did not stop cleanly", failure);
            }
        }
    }
}
