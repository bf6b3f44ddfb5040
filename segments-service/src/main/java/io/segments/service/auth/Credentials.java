package io.segments.service.auth;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Properties;

/**
 * The admin token ({@code /api} bearer token and UI login) and the tracking write key. When the
 * environment does not set them they are generated once, kept in the data directory so restarts
 * keep working sessions and tracking clients, and printed at every start.
 */
@Component
public class Credentials {
    private static final Logger LOG = LoggerFactory.getLogger(Credentials.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final String adminToken;
    private final String writeKey;

    public Credentials(@Value("${SEGMENTS_ADMIN_TOKEN:}") String adminToken,
                       @Value("${SEGMENTS_WRITE_KEY:}") String writeKey,
                       @Value("${SEGMENTS_DATA_DIR:./data}") String dataDirectory) {
        Path file = Path.of(dataDirectory).resolve("credentials.properties");
        Properties generated = load(file);
        boolean changed = false;
        if (adminToken.isBlank()) {
            adminToken = generated.getProperty("adminToken");
            if (adminToken == null) {
                adminToken = "adm_" + random();
                generated.setProperty("adminToken", adminToken);
                changed = true;
            }
        }
        if (writeKey.isBlank()) {
            writeKey = generated.getProperty("writeKey");
            if (writeKey == null) {
                writeKey = "wk_" + random();
                generated.setProperty("writeKey", writeKey);
                changed = true;
            }
        }
        if (changed) {
            store(file, generated);
        }
        this.adminToken = adminToken;
        this.writeKey = writeKey;
    }

    public String adminToken() {
        return adminToken;
    }

    public String writeKey() {
        return writeKey;
    }

    /** Constant-time comparison, so response timing reveals nothing about the token. */
    public boolean isAdminToken(String candidate) {
        return candidate != null && MessageDigest.isEqual(bytes(candidate), bytes(adminToken));
    }

    public boolean isWriteKey(String candidate) {
        return candidate != null && MessageDigest.isEqual(bytes(candidate), bytes(writeKey));
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String random() {
        byte[] bytes = new byte[24];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    private static Properties load(Path file) {
        Properties properties = new Properties();
        if (Files.exists(file)) {
            try (InputStream input = Files.newInputStream(file)) {
                properties.load(input);
            } catch (IOException failure) {
                throw new UncheckedIOException("cannot read " + file, failure);
            }
        }
        return properties;
    }

    private static void store(Path file, Properties properties) {
        try {
            Files.createDirectories(file.getParent());
            try (OutputStream output = Files.newOutputStream(file)) {
                properties.store(output, "Generated Segments credentials; set SEGMENTS_ADMIN_TOKEN / SEGMENTS_WRITE_KEY to override");
            }
        } catch (IOException failure) {
            LOG.warn("Could not keep generated credentials in {}: {}", file, failure.getMessage());
        }
    }
}
