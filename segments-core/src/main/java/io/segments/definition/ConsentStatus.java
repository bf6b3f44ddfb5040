package io.segments.definition;

import java.util.Optional;

/** A channel's current consent status; {@code unknown} means no record at or before {@code asOf}. */
public enum ConsentStatus implements JsonNamed {
    GRANTED("granted"), DENIED("denied"), UNKNOWN("unknown");

    private final String jsonName;

    ConsentStatus(String jsonName) {
        this.jsonName = jsonName;
    }

    @Override
    public String jsonName() {
        return jsonName;
    }

    public static Optional<ConsentStatus> fromJsonName(String name) {
        return JsonNamed.lookup(values(), name);
    }
}
