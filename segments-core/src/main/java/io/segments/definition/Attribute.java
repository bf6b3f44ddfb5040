package io.segments.definition;

import java.util.List;

/**
 * A condition on a field of the subject record ({@code company.<field>} for a contact's company).
 * Operators of arity one use {@code value}; {@code in}/{@code notIn}/{@code between} use
 * {@code values}. Any of the parts may still be missing while a marketer is typing.
 */
public record Attribute(String field, AttributeOperator operator, Literal value, List<Literal> values) implements Node {
    public Attribute {
        values = values == null ? null : List.copyOf(values);
    }

    public static Attribute of(String field, AttributeOperator operator, Literal value) {
        return new Attribute(field, operator, value, null);
    }

    public static Attribute ofValues(String field, AttributeOperator operator, List<Literal> values) {
        return new Attribute(field, operator, null, values);
    }

    @Override
    public String type() {
        return "attribute";
    }

    @Override
    public <R> R accept(NodeVisitor<R> visitor) {
        return visitor.visitAttribute(this);
    }
}
