package io.segments.definition;

/**
 * A node of the condition tree. Every node is true or false for every record of the subject's
 * universe (two-valued logic): engines must never let an unknown leak through a negation.
 *
 * <p>Leaf fields that a marketer has not typed yet are {@code null}; such a node is
 * <em>incomplete</em>. Validation tells incomplete nodes apart from invalid ones, and a preview
 * skips incomplete nodes instead of guessing.
 */
public sealed interface Node permits And, Or, Not, Attribute, Recency, Consent, PageView, FormSubmit, People {
    /** The JSON {@code type} of this node. */
    String type();

    <R> R accept(NodeVisitor<R> visitor);
}
