package io.segments.service.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import io.segments.service.Api;
import io.segments.service.ServiceTest;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Sends tracking calls and reads segment members, for the ingestion tests. */
final class Tracking {
    private final Api api;

    Tracking(Api api) {
        this.api = api;
    }

    /** Sends one call (JSON with single quotes for readability) and expects {"success":true}. */
    void send(String path, String singleQuotedJson) {
        Api.Response response = api.track(path, singleQuotedJson.replace('\'', '"'), ServiceTest.WRITE_KEY);
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("{\"success\":true}");
    }

    Api.Response raw(String path, String singleQuotedJson) {
        return api.track(path, singleQuotedJson.replace('\'', '"'), ServiceTest.WRITE_KEY);
    }

    /** The emails (contacts) or domains (companies) of a preview's members, in id order. */
    List<String> members(String singleQuotedDefinition) {
        Api.Response response = api.post("/api/segments/preview",
                "{\"definition\":" + singleQuotedDefinition.replace('\'', '"') + ",\"limit\":1000}");
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        JsonNode body = response.json();
        List<String> keys = new ArrayList<>();
        for (JsonNode member : body.get("members")) {
            keys.add(member.has("email") ? member.get("email").asText() : member.get("domain").asText());
        }
        assertThat(body.get("count").asLong()).isEqualTo(keys.size());
        return keys;
    }

    static String contacts(String where) {
        return "{'subject':'contacts','where':" + where + "}";
    }

    static String companies(String where) {
        return "{'subject':'companies','where':" + where + "}";
    }

    /** All contacts: a definition that is true for every contact of the universe. */
    static final String EVERY_CONTACT = contacts("{'type':'not','condition':{'type':'attribute','field':'email','operator':'equals','value':'\\u0000none'}}");
}
