package io.segments.definition;

import java.util.Optional;

/**
 * Attribute operators. Each negative operator is defined as the exact complement of its positive
 * twin, so a record whose value is missing matches the negative side.
 */
public enum AttributeOperator implements JsonNamed {
    EQUALS("equals", Arity.ONE),
    NOT_EQUALS("notEquals", Arity.ONE),
    CONTAINS("contains", Arity.ONE),
    NOT_CONTAINS("notContains", Arity.ONE),
    STARTS_WITH("startsWith", Arity.ONE),
    ENDS_WITH("endsWith", Arity.ONE),
    IN("in", Arity.MANY),
    NOT_IN("notIn", Arity.MANY),
    IS_SET("isSet", Arity.NONE),
    IS_NOT_SET("isNotSet", Arity.NONE),
    GT("gt", Arity.ONE),
    GTE("gte", Arity.ONE),
    LT("lt", Arity.ONE),
    LTE("lte", Arity.ONE),
    BETWEEN("between", Arity.PAIR),
    BEFORE("before", Arity.ONE),
    AFTER("after", Arity.ONE),
    ON("on", Arity.ONE),
    WITHIN_LAST_DAYS("withinLastDays", Arity.ONE),
    MORE_THAN_DAYS_AGO("moreThanDaysAgo", Arity.ONE);

    /** How many values an operator takes, and whether in {@code value} or {@code values}. */
    public enum Arity {
        NONE, ONE, PAIR, MANY
    }

    private final String jsonName;
    private final Arity arity;

    AttributeOperator(String jsonName, Arity arity) {
        this.jsonName = jsonName;
        this.arity = arity;
    }

    @Override
    public String jsonName() {
        return jsonName;
    }

    public Arity arity() {
        return arity;
    }

    /** The positive twin of a negative operator, or empty for a positive operator. */
    public Optional<AttributeOperator> positiveTwin() {
        return switch (this) {
            case NOT_EQUALS -> Optional.of(EQUALS);
            case NOT_CONTAINS -> Optional.of(CONTAINS);
            case NOT_IN -> Optional.of(IN);
            case IS_NOT_SET -> Optional.of(IS_SET);
            default -> Optional.empty();
        };
    }

    public static Optional<AttributeOperator> fromJsonName(String name) {
        return JsonNamed.lookup(values(), name);
    }
}
