package io.segments.definition;

import java.util.Optional;

/** What a segment counts: people or organizations. The JSON name is the contract's. */
public enum Subject implements JsonNamed {
    CONTACTS("contacts"),
    COMPANIES("companies");

    private final String jsonName;

    Subject(String jsonName) {
        this.jsonName = jsonName;
    }

    @Override
    public String jsonName() {
        return jsonName;
    }

    public static Optional<Subject> fromJsonName(String name) {
        return JsonNamed.lookup(values(), name);
    }
}
