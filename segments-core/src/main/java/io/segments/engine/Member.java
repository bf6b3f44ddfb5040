package io.segments.engine;

/**
 * A member of a segment: a contact ({@code key} is the email) or a company ({@code key} is the
 * domain), with a display name that may be null.
 */
public record Member(long id, String key, String name) {
}
