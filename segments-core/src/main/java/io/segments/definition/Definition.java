package io.segments.definition;

import java.util.Objects;
import java.util.Optional;

/**
 * A segment definition: the subject it counts and an optional condition tree. A definition without
 * {@code where} (or whose conditions are all incomplete) selects the whole universe in a preview
 * and cannot be saved.
 */
public record Definition(Subject subject, Node where) {
    public Definition {
        Objects.requireNonNull(subject, "subject");
    }

    public Optional<Node> condition() {
        return Optional.ofNullable(where);
    }
}
