package io.segments.definition;

/**
 * The current consent status on a channel: the latest record at or before {@code asOf}; a grant and
 * a withdrawal at the same instant resolve to the withdrawal. Channels are compared case-folded.
 */
public record Consent(String channel, ConsentStatus status) implements Node {
    @Override
    public String type() {
        return "consent";
    }

    @Override
    public <R> R accept(NodeVisitor<R> visitor) {
        return visitor.visitConsent(this);
    }
}
