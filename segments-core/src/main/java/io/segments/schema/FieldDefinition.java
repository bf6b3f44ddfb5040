package io.segments.schema;

import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A field of a subject record: a built-in column or a custom property. {@code options} lists the
 * allowed values of an enum field and is empty for every other type.
 */
public record FieldDefinition(String name, String label, FieldType type, List<String> options, boolean builtIn) {
    /** Custom property names: a letter, then letters, digits, underscores or hyphens. */
    public static final Pattern CUSTOM_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_\\-]{0,62}");

    public FieldDefinition {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(type, "type");
        options = options == null ? List.of() : List.copyOf(options);
        if (type != FieldType.ENUM && !options.isEmpty()) {
            throw new IllegalArgumentException("only enum fields have options: " + name);
        }
    }

    public static FieldDefinition builtIn(String name, String label, FieldType type) {
        return new FieldDefinition(name, label, type, List.of(), true);
    }

    public static FieldDefinition custom(String name, FieldType type, List<String> options) {
        return new FieldDefinition(name, name, type, options, false);
    }
}
