package io.segments.definition;

/**
 * The exact complement of its child within the subject's universe: because every node is
 * two-valued, {@code count(X) + count(not X) = universe} always holds, and records with a missing
 * value land on the negated side. A {@code not} whose child is absent is incomplete.
 */
public record Not(Node condition) implements Node {
    @Override
    public String type() {
        return "not";
    }

    @Override
    public <R> R accept(NodeVisitor<R> visitor) {
        return visitor.visitNot(this);
    }
}
