package io.segments.service.auth;

import com.fasterxml.jackson.databind.JsonNode;
import io.segments.service.problem.ApiProblem;
import io.segments.service.problem.RequestBodies;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseCookie;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.CookieValue;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import java.util.Map;
import java.util.Set;

/** UI login: exchanges the admin token for an HTTP-only session cookie. */
@RestController
public class SessionController {
    private final Credentials credentials;
    private final Sessions sessions;
    private final AdminAuthenticationFilter authentication;

    public SessionController(Credentials credentials, Sessions sessions, AdminAuthenticationFilter authentication) {
        this.credentials = credentials;
        this.sessions = sessions;
        this.authentication = authentication;
    }

    @PostMapping("/api/session")
    ResponseEntity<Void> login(@RequestBody JsonNode body, HttpServletRequest request) {
        RequestBodies.requireObject(body);
        RequestBodies.rejectUnknown(body, Set.of("token"));
        JsonNode token = body.get("token");
        if (token == null || !token.isTextual() || token.textValue().isBlank()) {
            throw ApiProblem.badRequest("missing_token", "Type the admin token.", "/token");
        }
        if (!credentials.isAdminToken(token.textValue().strip())) {
            throw new ApiProblem(401, "unauthorized", "Unauthorized", "That is not the admin token.", "/token");
        }
        ResponseCookie cookie = ResponseCookie.from(Sessions.COOKIE, sessions.open())
                .httpOnly(true).sameSite("Strict").path("/").secure(request.isSecure()).maxAge(Sessions.LIFETIME).build();
        return ResponseEntity.noContent().header(HttpHeaders.SET_COOKIE, cookie.toString()).build();
    }

    @GetMapping("/api/session")
    ResponseEntity<Map<String, Object>> status(HttpServletRequest request) {
        return ResponseEntity.ok(Map.of("authenticated", authentication.isAuthenticated(request)));
    }

    @DeleteMapping("/api/session")
    ResponseEntity<Void> logout(@CookieValue(name = Sessions.COOKIE, required = false) String session) {
        sessions.close(session);
        ResponseCookie cookie = ResponseCookie.from(Sessions.COOKIE, "").httpOnly(true).sameSite("Strict").path("/").maxAge(0).build();
        return ResponseEntity.noContent().header(HttpHeaders.SET_COOKIE, cookie.toString()).build();
    }
}
