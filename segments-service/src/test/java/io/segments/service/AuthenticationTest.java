package io.segments.service;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpRequest;

import static org.assertj.core.api.Assertions.assertThat;

class AuthenticationTest extends ServiceTest {
    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({
            "GET, /api/segments",
            "POST, /api/segments",
            "POST, /api/segments/preview",
            "GET, /api/segments/1",
            "PUT, /api/segments/1",
            "DELETE, /api/segments/1",
            "GET, /api/segments/1/members",
            "GET, /api/segments/1/members.csv",
            "GET, /api/schema/contacts",
            "DELETE, /api/contacts/1",
            "DELETE, /api/companies/1",
            "POST, /api/consents",
            "GET, /api/contacts",
            "GET, /api/contacts?email=a@b.test",
            "GET, /api/contacts/1",
            "GET, /api/companies/1",
            "POST, /api/contacts/import",
            "GET, /api/forms",
            "POST, /api/forms",
            "GET, /api/properties",
            "POST, /api/properties",
            "GET, /api/ingestion/problems"})
    void everyApiCallButHealthNeedsTheAdminToken(String method, String path) {
        for (String authorization : new String[]{null, "Bearer wrong-token", "Bearer " + ADMIN_TOKEN + "x", "Basic " + ADMIN_TOKEN}) {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(api.base() + path))
                    .method(method, HttpRequest.BodyPublishers.ofString("{}")).header("Content-Type", "application/json");
            if (authorization != null) {
                request.header("Authorization", authorization);
            }
            Api.Response response = api.send(request);
            assertThat(response.status()).as("%s %s with %s", method, path, authorization).isEqualTo(401);
            assertThat(response.contentType()).startsWith("application/problem+json");
            assertThat(response.json().path("code").asText()).isEqualTo("unauthorized");
        }
    }

    /** Other spellings of a protected path reach the same handler, so they need the token too. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "GET /%61pi/segments HTTP/1.1",
            "GET /api;x=1/segments HTTP/1.1",
            "GET /api/segments;jsessionid=1 HTTP/1.1",
            "GET //api//segments HTTP/1.1",
            "GET /api/./segments HTTP/1.1",
            "GET /marketing/../api/segments HTTP/1.1",
            "GET /api/health/../segments HTTP/1.1",
            "GET /v1/../api/segments HTTP/1.1",
            "GET /api/%73egments HTTP/1.1"})
    void noSpellingOfAProtectedPathSkipsTheToken(String requestLine) throws Exception {
        try (java.net.Socket socket = new java.net.Socket("localhost", port)) {
            socket.getOutputStream().write((requestLine + "\r\nHost: localhost\r\nConnection: close\r\n\r\n")
                    .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            String response = new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            String status = response.substring(0, response.indexOf("\r\n"));
            assertThat(status).as(requestLine).isIn("HTTP/1.1 401 ", "HTTP/1.1 400 ", "HTTP/1.1 404 ");
            assertThat(response).as(requestLine).doesNotContain("\"lastCount\"").doesNotEndWith("[]");
        }
    }

    @Test
    void healthNeedsNoToken() {
        Api.Response response = api.send(HttpRequest.newBuilder(URI.create(api.base() + "/api/health")).GET());
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.json().toString()).isEqualTo("{\"status\":\"UP\"}");
    }

    @Test
    void loginSetsAnHttpOnlySessionCookieThatAuthenticates() {
        Api.Response wrong = api.send(HttpRequest.newBuilder(URI.create(api.base() + "/api/session"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"token\":\"nope\"}")));
        assertThat(wrong.status()).isEqualTo(401);
        assertThat(wrong.json().path("pointer").asText()).isEqualTo("/token");

        java.net.http.HttpClient client = java.net.http.HttpClient.newBuilder().cookieHandler(new java.net.CookieManager()).build();
        try {
            java.net.http.HttpResponse<String> login = client.send(HttpRequest.newBuilder(URI.create(api.base() + "/api/session"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"token\":\"" + ADMIN_TOKEN + "\"}")).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(login.statusCode()).isEqualTo(204);
            assertThat(login.headers().firstValue("Set-Cookie").orElseThrow()).contains("segments_session=").contains("HttpOnly").contains("SameSite=Strict");
            java.net.http.HttpResponse<String> list = client.send(HttpRequest.newBuilder(URI.create(api.base() + "/api/segments")).GET().build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(list.statusCode()).isEqualTo(200);
            assertThat(list.body()).isEqualTo("[]");

            // Logging out ends the session on the server: a copy of the cookie no longer works.
            String cookie = login.headers().firstValue("Set-Cookie").orElseThrow().split(";")[0];
            java.net.http.HttpResponse<String> logout = client.send(HttpRequest.newBuilder(URI.create(api.base() + "/api/session"))
                    .DELETE().build(), java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(logout.statusCode()).isEqualTo(204);
            Api.Response replayed = api.send(HttpRequest.newBuilder(URI.create(api.base() + "/api/segments")).header("Cookie", cookie).GET());
            assertThat(replayed.status()).isEqualTo(401);
            assertThat(api.send(HttpRequest.newBuilder(URI.create(api.base() + "/api/segments"))
                    .header("Cookie", "segments_session=" + "0".repeat(64)).GET()).status()).isEqualTo(401);
        } catch (java.io.IOException | InterruptedException failure) {
            throw new AssertionError(failure);
        }
    }
}
