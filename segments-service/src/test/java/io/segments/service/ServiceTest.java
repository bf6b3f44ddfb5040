package io.segments.service;

import io.segments.postgres.TestDatabase;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;

/**
 * A running service on a random port over a database of its own (one per test class), with known
 * credentials. Tests talk to it over real HTTP through {@link #api}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
public abstract class ServiceTest {
    public static final String ADMIN_TOKEN = "test-admin-token";
    public static final String WRITE_KEY = "test-write-key";

    @LocalServerPort
    protected int port;

    protected Api api;

    @DynamicPropertySource
    static void service(DynamicPropertyRegistry registry) {
        registry.add("SEGMENTS_DATABASE_URL", TestDatabase::newDatabaseUrl);
        registry.add("SEGMENTS_ADMIN_TOKEN", () -> ADMIN_TOKEN);
        registry.add("SEGMENTS_WRITE_KEY", () -> WRITE_KEY);
        registry.add("SEGMENTS_DATA_DIR", () -> {
            try {
                return Files.createTempDirectory("segments-service-test").toString();
            } catch (IOException failure) {
                throw new UncheckedIOException(failure);
            }
        });
    }

    @BeforeEach
    void connect() {
        api = new Api("http://localhost:" + port, ADMIN_TOKEN);
    }
}
