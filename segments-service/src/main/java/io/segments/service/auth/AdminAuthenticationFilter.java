package io.segments.service.auth;

import io.segments.service.problem.ProblemWriter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;

/**
 * Every call but health, login, the UI's pages and the tracking API needs the admin token, as a
 * bearer token or as the session cookie the login sets.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
public class AdminAuthenticationFilter extends OncePerRequestFilter {
    private final Credentials credentials;
    private final Sessions sessions;
    private final ProblemWriter problems;

    public AdminAuthenticationFilter(Credentials credentials, Sessions sessions, ProblemWriter problems) {
        this.credentials = credentials;
        this.sessions = sessions;
        this.problems = problems;
    }

    /**
     * Everything needs the admin token except an explicit list of public paths. The path is the
     * container's decoded and normalized one (no {@code %61pi}, {@code ;params}, {@code ..}), the
     * same that request mapping sees, so no spelling of a protected path slips through.
     */
    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = request.getServletPath() + (request.getPathInfo() == null ? "" : request.getPathInfo());
        return isPublic(path);
    }

    static boolean isPublic(String path) {
        return path.equals("/api/health")
                || path.equals("/api/session")
                || path.equals("/") || path.equals("/favicon.ico")
                || path.equals("/marketing") || path.startsWith("/marketing/")
                // The tracking API authenticates with the write key instead.
                || path.startsWith("/v1/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (isAuthenticated(request)) {
            chain.doFilter(request, response);
            return;
        }
        response.setHeader("WWW-Authenticate", "Bearer realm=\"segments\"");
        problems.write(response, 401, "unauthorized", "Unauthorized",
                "Send the admin token as \"Authorization: Bearer <token>\", or log in.", "/headers/authorization");
    }

    boolean isAuthenticated(HttpServletRequest request) {
        String header = request.getHeader("Authorization");
        if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return credentials.isAdminToken(header.substring(7).strip());
        }
        if (request.getCookies() != null) {
            for (Cookie cookie : request.getCookies()) {
                if (Sessions.COOKIE.equals(cookie.getName()) && sessions.isValid(cookie.getValue())) {
                    return true;
                }
            }
        }
        return false;
    }
}
