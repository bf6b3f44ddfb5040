package io.segments.postgres.store;

import io.segments.schema.FieldType;

/** A custom property was declared again with another type. */
public class PropertyTypeConflictException extends RuntimeException {
    private final String name;

    public PropertyTypeConflictException(String name, FieldType existing, FieldType requested) {
        super("Property \"" + name + "\" is already declared as " + existing.jsonName() + ", not " + requested.jsonName() + ".");
        this.name = name;
    }

    public String name() {
        return name;
    }
}
