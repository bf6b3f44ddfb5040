package io.segments.definition;

import java.util.List;

/** True when every child is true. An empty {@code and} is incomplete: it cannot be saved. */
public record And(List<Node> conditions) implements Node {
    public And {
        conditions = List.copyOf(conditions);
    }

    @Override
    public String type() {
        return "and";
    }

    @Override
    public <R> R accept(NodeVisitor<R> visitor) {
        return visitor.visitAnd(this);
    }
}
