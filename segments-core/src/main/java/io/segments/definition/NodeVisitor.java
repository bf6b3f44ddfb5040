package io.segments.definition;

/** Double dispatch over the sealed node types (Java 17 has no pattern-matching switch). */
public interface NodeVisitor<R> {
    R visitAnd(And node);

    R visitOr(Or node);

    R visitNot(Not node);

    R visitAttribute(Attribute node);

    R visitRecency(Recency node);

    R visitConsent(Consent node);

    R visitPageView(PageView node);

    R visitFormSubmit(FormSubmit node);

    R visitPeople(People node);
}
