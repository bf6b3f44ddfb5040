package io.segments.service.auth;

import org.springframework.stereotype.Component;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;

/**
 * Browser sessions without server state: the cookie carries an HMAC of a fixed label keyed by the
 * admin token, so it is valid exactly while the admin token is unchanged and reveals nothing of it.
 */
@Component
public class Sessions {
    public static final String COOKIE = "segments_session";

    private final String expected;

    public Sessions(Credentials credentials) {
        this.expected = sign(credentials.adminToken());
    }

    public String newSessionValue() {
        return expected;
    }

    public boolean isValid(String value) {
        return value != null && MessageDigest.isEqual(value.getBytes(StandardCharsets.UTF_8), expected.getBytes(StandardCharsets.UTF_8));
    }

    private static String sign(String key) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal("segments-session-v1".getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException impossible) {
            throw new IllegalStateException(impossible);
        }
    }
}
