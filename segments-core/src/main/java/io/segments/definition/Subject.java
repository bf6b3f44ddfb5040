package io.segments.definition;

import java.util.Optional;

/** What a segment counts: people or organizations. The JSON name is the contract's. */
public enum Subject {
    CONTACTS("contacts"),
    COMPANIES("companies");

    private final String jsonName;

    Subject(String jsonName) {
        this.jsonName = jsonName;
    }

    public String jsonName() {
        return jsonName;
    }

    public static Optional<Subject> fromJsonName(String name) {
        for (Subject subject : values()) {
            if (subject.jsonName.equals(name)) {
                return Optional.of(subject);
            }
        }
        return Optional.empty();
    }
}
