package io.segments.definition;

/**
 * Companies only: the company has at least {@code atLeast} (default 1) contacts in the contacts
 * universe for which {@code where} holds ({@code where} absent: any contact).
 */
public record People(Integer atLeast, Node where) implements Node {
    public People {
        Counts.requirePositive("atLeast", atLeast);
    }

    public int minimumCount() {
        return atLeast == null ? 1 : atLeast;
    }

    @Override
    public String type() {
        return "people";
    }

    @Override
    public <R> R accept(NodeVisitor<R> visitor) {
        return visitor.visitPeople(this);
    }
}
