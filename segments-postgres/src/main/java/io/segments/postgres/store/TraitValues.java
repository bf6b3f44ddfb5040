package io.segments.postgres.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.segments.schema.FieldDefinition;
import io.segments.schema.FieldType;
import io.segments.text.TextFolding;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * Converts trait values to a field's type, strictly: a value that does not fit is reported, never
 * silently coerced (the string "12" is not a number). Also infers the type of a custom property
 * on first sight.
 */
public final class TraitValues {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private TraitValues() {
    }

    /** The canonical stored JSON of {@code value} for {@code field}, or empty when it does not fit. */
    public static Optional<JsonNode> convert(FieldDefinition field, JsonNode value) {
        return switch (field.type()) {
            case TEXT -> value.isTextual() ? Optional.of(value) : Optional.empty();
            case NUMBER -> value.isNumber() && fitsNumeric(value.decimalValue()) ? Optional.of(JSON.numberNode(value.decimalValue())) : Optional.empty();
            case BOOLEAN -> value.isBoolean() ? Optional.of(value) : Optional.empty();
            case DATE -> value.isTextual() ? date(value.textValue()).map(day -> JSON.textNode(day.toString())) : Optional.empty();
            case TIMESTAMP -> value.isTextual() ? instant(value.textValue()).map(instant -> JSON.textNode(instant.toString())) : Optional.empty();
            case ENUM -> {
                if (!value.isTextual()) {
                    yield Optional.empty();
                }
                String folded = TextFolding.fold(value.textValue());
                yield field.options().stream().filter(option -> option.equals(folded) || TextFolding.fold(option).equals(folded))
                        .findFirst().map(JSON::textNode);
            }
        };
    }

    /** The type a custom property gets when first seen with {@code value}; empty for objects and arrays. */
    public static Optional<FieldType> infer(JsonNode value) {
        if (value.isBoolean()) {
            return Optional.of(FieldType.BOOLEAN);
        }
        if (value.isNumber()) {
            return Optional.of(FieldType.NUMBER);
        }
        if (value.isTextual()) {
            String text = value.textValue().strip();
            if (text.length() == 10 && date(text).isPresent()) {
                return Optional.of(FieldType.DATE);
            }
            if (text.length() > 10 && instant(text).isPresent()) {
                return Optional.of(FieldType.TIMESTAMP);
            }
            return Optional.of(FieldType.TEXT);
        }
        return Optional.empty();
    }

    /**
     * Whether PostgreSQL's numeric, and so a jsonb number, holds the value: at most 131,072 digits
     * before the decimal point and 16,383 after (a value beyond fails the statement that stores it).
     */
    public static boolean fitsNumeric(java.math.BigDecimal number) {
        return number.scale() <= 16_383 && number.precision() - number.scale() <= 131_072;
    }

    public static String describe(FieldType type) {
        return switch (type) {
            case TEXT -> "a string";
            case NUMBER -> "a JSON number";
            case BOOLEAN -> "true or false";
            case DATE -> "a date such as 2024-05-31";
            case TIMESTAMP -> "an ISO-8601 timestamp with offset, such as 2024-05-31T08:00:00Z";
            case ENUM -> "one of the property's options";
        };
    }

    /**
     * Years 1 to 9999 only, as for definitions: the database cannot read year 0 or years past
     * 294276, and a value it cannot read would fail every evaluation that reads the property.
     */
    private static Optional<LocalDate> date(String text) {
        try {
            return Optional.of(LocalDate.parse(text.strip())).filter(day -> day.getYear() >= 1 && day.getYear() <= 9999);
        } catch (DateTimeParseException notADate) {
            return Optional.empty();
        }
    }

    public static Optional<java.time.Instant> instant(String text) {
        try {
            return Optional.of(OffsetDateTime.parse(text.strip()))
                    .filter(time -> time.getYear() >= 1 && time.getYear() <= 9999).map(OffsetDateTime::toInstant);
        } catch (DateTimeParseException notAnInstant) {
            return date(text).map(day -> day.atStartOfDay(ZoneOffset.UTC).toInstant());
        }
    }
}
