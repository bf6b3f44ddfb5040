package io.segments.definition;

import java.util.List;

/** True when at least one child is true. An empty {@code or} is incomplete: it cannot be saved. */
public record Or(List<Node> conditions) implements Node {
    public Or {
        conditions = List.copyOf(conditions);
    }

    @Override
    public String type() {
        return "or";
    }

    @Override
    public <R> R accept(NodeVisitor<R> visitor) {
        return visitor.visitOr(this);
    }
}
