package io.segments.definition.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.Comparator;

/** JSON helpers for tests: exact decimals, and tree equality that compares numbers by value and scale. */
public final class JsonTrees {
    public static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    /** Numbers are equal when their decimal values are equal including scale (10.50 is not 10.5); other nodes by equals. */
    private static final Comparator<JsonNode> EXACT = (left, right) -> {
        if (left.isNumber() && right.isNumber()) {
            return left.decimalValue().equals(right.decimalValue()) ? 0 : 1;
        }
        return left.equals(right) ? 0 : 1;
    };

    private JsonTrees() {
    }

    public static JsonNode json(String text) {
        try {
            return MAPPER.readTree(text.replace('\'', '"'));
        } catch (JsonProcessingException invalid) {
            throw new IllegalArgumentException(text, invalid);
        }
    }

    /** Reads JSON as written, without turning single quotes into double quotes. */
    public static JsonNode rawJson(String text) {
        try {
            return MAPPER.readTree(text);
        } catch (JsonProcessingException invalid) {
            throw new IllegalArgumentException(text, invalid);
        }
    }

    public static boolean sameTree(JsonNode left, JsonNode right) {
        return left.equals(EXACT, right);
    }
}
