package io.segments.service.auth;

import org.jooq.DSLContext;
import org.springframework.stereotype.Component;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;

/**
 * Browser sessions of the UI: a random token in an HTTP-only cookie, of which the database keeps
 * only a hash bound to the current admin token. Logging out deletes the session, so a copied
 * cookie stops working; changing the admin token ends every session.
 */
@Component
public class Sessions {
    public static final String COOKIE = "segments_session";
    public static final Duration LIFETIME = Duration.ofDays(30);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final DSLContext dsl;
    private final Credentials credentials;

    public Sessions(DSLContext dsl, Credentials credentials) {
        this.dsl = dsl;
        this.credentials = credentials;
    }

    /** Opens a session and returns the cookie value. */
    public String open() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        String token = HexFormat.of().formatHex(bytes);
        dsl.execute("delete from ui_sessions where expires_at < now()");
        dsl.execute("insert into ui_sessions (token_hash, workspace_id, expires_at) values (?, 1, now() + ?::interval)",
                hash(token), LIFETIME.toSeconds() + " seconds");
        return token;
    }

    public boolean isValid(String value) {
        if (value == null || value.isEmpty() || value.length() > 128) {
            return false;
        }
        return dsl.fetchExists(dsl.selectOne().from("ui_sessions").where("token_hash = ? and expires_at > now()", hash(value)));
    }

    public void close(String value) {
        if (value != null && value.length() <= 128) {
            dsl.execute("delete from ui_sessions where token_hash = ?", hash(value));
        }
    }

    private String hash(String token) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(credentials.adminToken().getBytes(StandardCharsets.UTF_8));
            digest.update((byte) 0);
            return HexFormat.of().formatHex(digest.digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException impossible) {
            throw new IllegalStateException(impossible);
        }
    }
}
