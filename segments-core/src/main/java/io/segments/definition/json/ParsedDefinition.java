package io.segments.definition.json;

import io.segments.definition.Definition;
import io.segments.definition.validation.Problem;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The outcome of reading definition JSON: the definition as far as it could be read, and every
 * problem of its shape. {@code definition} is empty only when not even the subject could be read.
 * A group child that could not be read at all is left out of the definition; {@code positions} maps
 * the JSON pointer of such a group's {@code conditions} to the JSON index of each child that was
 * read, so that later problems still point at the right element.
 */
public record ParsedDefinition(Optional<Definition> definition, List<Problem> problems, Map<String, List<Integer>> positions) {
    public ParsedDefinition {
        problems = List.copyOf(problems);
        positions = Map.copyOf(positions);
    }

    public ParsedDefinition(Optional<Definition> definition, List<Problem> problems) {
        this(definition, problems, Map.of());
    }
}
