package io.segments.definition;

import io.segments.text.TextFolding;

import java.math.BigDecimal;

/**
 * The typed values of a validated attribute condition, as every engine reads them: text folded,
 * numbers exact, day counts as integers. Validation has guaranteed the literal's kind; a kind
 * that does not match is a bug, reported by {@link #unsupported}.
 */
public final class AttributeLiterals {
    private AttributeLiterals() {
    }

    public static int days(Attribute attribute) {
        return TemporalLiterals.days(attribute.value()).orElseThrow();
    }

    public static String folded(Literal literal) {
        return TextFolding.fold(((Literal.Text) literal).value());
    }

    public static BigDecimal number(Literal literal) {
        return ((Literal.Number) literal).value();
    }

    public static IllegalStateException unsupported(Attribute attribute) {
        return new IllegalStateException("validation let through " + attribute.operator() + " on " + attribute.field());
    }
}
