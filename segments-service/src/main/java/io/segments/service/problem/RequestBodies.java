package io.segments.service.problem;

import com.fasterxml.jackson.databind.JsonNode;
import io.segments.definition.validation.Problem;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/** Reading request bodies field by field, answering a problem that names the field. */
public final class RequestBodies {
    private RequestBodies() {
    }

    public static void requireObject(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw ApiProblem.badRequest("wrong_json_type", "The body is a JSON object.", "");
        }
    }

    public static void rejectUnknown(JsonNode body, Set<String> allowed) {
        Iterator<String> names = body.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (!allowed.contains(name)) {
                throw ApiProblem.badRequest("unknown_property",
                        "Unknown property \"" + name + "\"; allowed: " + String.join(", ", allowed.stream().sorted().toList()) + ".", "/" + name);
            }
        }
    }

    public static String optionalText(JsonNode body, String name, int maxLength) {
        JsonNode value = body.get(name);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw ApiProblem.badRequest("wrong_json_type", "\"" + name + "\" is a string.", "/" + name);
        }
        if (value.textValue().indexOf('\u0000') >= 0) {
            throw ApiProblem.badRequest("invalid_character", "\"" + name + "\" cannot contain the NUL character (U+0000).", "/" + name);
        }
        if (value.textValue().length() > maxLength) {
            throw ApiProblem.badRequest("too_long", "\"" + name + "\" has at most " + maxLength + " characters.", "/" + name);
        }
        return value.textValue();
    }

    public static String requiredText(JsonNode body, String name, int maxLength) {
        String value = optionalText(body, name, maxLength);
        if (value == null || value.isBlank()) {
            throw ApiProblem.badRequest("missing_" + name, "\"" + name + "\" is required.", "/" + name);
        }
        return value.strip();
    }

    /** An optional instant; the default is now, truncated to milliseconds so it round-trips. */
    public static Instant asOf(String text, String pointer) {
        if (text == null || text.isBlank()) {
            return Instant.now().truncatedTo(ChronoUnit.MILLIS);
        }
        String field = pointer.substring(pointer.lastIndexOf('/') + 1); // named in the message as in the pointer
        try {
            OffsetDateTime asOf = OffsetDateTime.parse(text.strip());
            if (asOf.getYear() < 1 || asOf.getYear() > 9999) {
                throw ApiProblem.badRequest("out_of_range", "\"" + field + "\" lies between the years 1 and 9999; got \"" + text + "\".", pointer);
            }
            return asOf.toInstant();
        } catch (DateTimeParseException invalid) {
            throw ApiProblem.badRequest("invalid_timestamp",
                    "\"" + field + "\" is an ISO-8601 timestamp with an offset, such as 2024-05-31T08:00:00Z; got \"" + text + "\".", pointer);
        }
    }

    public static int boundedInt(JsonNode value, String pointer, int defaultValue, int min, int max) {
        if (value == null || value.isNull()) {
            return defaultValue;
        }
        if (!value.isIntegralNumber() || !value.canConvertToInt() || value.intValue() < min || value.intValue() > max) {
            throw ApiProblem.badRequest("out_of_range", "\"" + pointer.substring(1) + "\" is a whole number from " + min + " to " + max + ".", pointer);
        }
        return value.intValue();
    }

    /** A problem listing every definition error, each pointer placed under {@code /definition}. */
    public static ApiProblem definitionInvalid(List<Problem> problems) {
        List<ApiProblem.FieldError> errors = problems.stream()
                .map(problem -> new ApiProblem.FieldError("/definition" + problem.pointer(), problem.code().code(), problem.message()))
                .toList();
        String detail = errors.size() == 1 ? errors.get(0).message() : "The definition has " + errors.size() + " problems.";
        return new ApiProblem(400, "definition_invalid", "Invalid segment definition", detail, errors.get(0).pointer(), errors);
    }

}
