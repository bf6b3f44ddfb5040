package io.segments.definition.json;

import io.segments.definition.Definition;
import io.segments.definition.validation.Problem;

import java.util.List;
import java.util.Optional;

/**
 * The outcome of reading definition JSON: the definition as far as it could be read, and every
 * problem of its shape. {@code definition} is empty only when not even the subject could be read.
 */
public record ParsedDefinition(Optional<Definition> definition, List<Problem> problems) {
    public ParsedDefinition {
        problems = List.copyOf(problems);
    }
}
