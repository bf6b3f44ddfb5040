package io.segments.definition;

/**
 * The contact submitted the form {@code form} (absent: any form) at least {@code atLeast} times
 * (default 1) within the last {@code withinDays} days (absent: ever, up to {@code asOf}).
 */
public record FormSubmit(String form, Integer withinDays, Integer atLeast) implements Node {
    public FormSubmit {
        Counts.requirePositive("withinDays", withinDays);
        Counts.requirePositive("atLeast", atLeast);
    }

    public int minimumCount() {
        return atLeast == null ? 1 : atLeast;
    }

    @Override
    public String type() {
        return "formSubmit";
    }

    @Override
    public <R> R accept(NodeVisitor<R> visitor) {
        return visitor.visitFormSubmit(this);
    }
}
