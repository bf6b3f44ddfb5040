package io.segments.definition.validation;

import java.util.Objects;

/** One problem of a definition: where (a JSON pointer), what (a stable code), and a sentence. */
public record Problem(String pointer, ProblemCode code, String message) {
    public Problem {
        Objects.requireNonNull(pointer, "pointer");
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(message, "message");
    }

    public boolean incomplete() {
        return code.incomplete();
    }

    /** The same problem with its pointer placed under {@code prefix}, e.g. {@code /definition}. */
    public Problem under(String prefix) {
        return new Problem(prefix + pointer, code, message);
    }
}
