package io.segments.definition.validation;

/**
 * Stable codes of definition problems. Clients key on the code, never on the message. Codes marked
 * incomplete describe something a marketer has not typed yet: a preview skips such a condition and
 * reports its pointer as ignored, saving refuses it.
 */
public enum ProblemCode {
    WRONG_JSON_TYPE("wrong_json_type", false),
    UNKNOWN_PROPERTY("unknown_property", false),
    MISSING_SUBJECT("missing_subject", false),
    UNKNOWN_SUBJECT("unknown_subject", false),
    MISSING_TYPE("missing_type", false),
    UNKNOWN_TYPE("unknown_type", false),
    MISSING_FIELD("missing_field", true),
    UNKNOWN_FIELD("unknown_field", false),
    MISSING_OPERATOR("missing_operator", true),
    UNKNOWN_OPERATOR("unknown_operator", false),
    OPERATOR_NOT_ALLOWED("operator_not_allowed", false),
    MISSING_VALUE("missing_value", true),
    WRONG_VALUE_TYPE("wrong_value_type", false),
    UNEXPECTED_VALUE("unexpected_value", false),
    WRONG_VALUES_ARITY("wrong_values_arity", false),
    UNKNOWN_OPTION("unknown_option", false),
    INVALID_RANGE("invalid_range", false),
    NOT_POSITIVE("not_positive", false),
    OUT_OF_RANGE("out_of_range", false),
    TOO_MANY_VALUES("too_many_values", false),
    INVALID_CHARACTER("invalid_character", false),
    MISSING_CONDITION("missing_condition", true),
    EMPTY_GROUP("empty_group", true),
    NOT_FOR_SUBJECT("not_for_subject", false),
    PEOPLE_OUTSIDE_COMPANIES("people_outside_companies", false),
    PEOPLE_NESTED("people_nested", false),
    TOO_DEEP("too_deep", false),
    TOO_MANY_CONDITIONS("too_many_conditions", false),
    NO_COMPLETE_CONDITION("no_complete_condition", false);

    private final String code;
    private final boolean incomplete;

    ProblemCode(String code, boolean incomplete) {
        this.code = code;
        this.incomplete = incomplete;
    }

    public String code() {
        return code;
    }

    /** True when the problem means "not typed yet" rather than "wrong". */
    public boolean incomplete() {
        return incomplete;
    }
}
