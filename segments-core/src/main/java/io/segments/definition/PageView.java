package io.segments.definition;

/**
 * The contact viewed pages whose URL contains {@code urlContains} (absent: any page) at least
 * {@code atLeast} times (default 1) within the last {@code withinDays} days (absent: ever, up to
 * {@code asOf}).
 */
public record PageView(String urlContains, Integer withinDays, Integer atLeast) implements Node {
    public PageView {
        Counts.requirePositive("withinDays", withinDays);
        Counts.requirePositive("atLeast", atLeast);
    }

    public int minimumCount() {
        return atLeast == null ? 1 : atLeast;
    }

    @Override
    public String type() {
        return "pageView";
    }

    @Override
    public <R> R accept(NodeVisitor<R> visitor) {
        return visitor.visitPageView(this);
    }
}
