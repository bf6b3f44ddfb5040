package io.segments.schema;

import io.segments.definition.AttributeOperator;

import java.util.List;
import java.util.Optional;

import static io.segments.definition.AttributeOperator.*;

/** The type of a field, which decides the operators it accepts. */
public enum FieldType {
    TEXT("text", List.of(EQUALS, NOT_EQUALS, CONTAINS, NOT_CONTAINS, STARTS_WITH, ENDS_WITH, IN, NOT_IN, IS_SET, IS_NOT_SET)),
    NUMBER("number", List.of(EQUALS, NOT_EQUALS, GT, GTE, LT, LTE, BETWEEN, IS_SET, IS_NOT_SET)),
    DATE("date", List.of(BEFORE, AFTER, ON, BETWEEN, WITHIN_LAST_DAYS, MORE_THAN_DAYS_AGO, IS_SET, IS_NOT_SET)),
    TIMESTAMP("timestamp", List.of(BEFORE, AFTER, ON, BETWEEN, WITHIN_LAST_DAYS, MORE_THAN_DAYS_AGO, IS_SET, IS_NOT_SET)),
    BOOLEAN("boolean", List.of(EQUALS, IS_SET, IS_NOT_SET)),
    ENUM("enum", List.of(IN, NOT_IN, IS_SET, IS_NOT_SET));

    private final String jsonName;
    private final List<AttributeOperator> operators;

    FieldType(String jsonName, List<AttributeOperator> operators) {
        this.jsonName = jsonName;
        this.operators = operators;
    }

    public String jsonName() {
        return jsonName;
    }

    public List<AttributeOperator> operators() {
        return operators;
    }

    public boolean accepts(AttributeOperator operator) {
        return operators.contains(operator);
    }

    public static Optional<FieldType> fromJsonName(String name) {
        for (FieldType type : values()) {
            if (type.jsonName.equals(name)) {
                return Optional.of(type);
            }
        }
        return Optional.empty();
    }
}
