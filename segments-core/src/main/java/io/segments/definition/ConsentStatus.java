package io.segments.definition;

import java.util.Optional;

/** A channel's current consent status; {@code unknown} means no record at or before {@code asOf}. */
public enum ConsentStatus {
    GRANTED("granted"), DENIED("denied"), UNKNOWN("unknown");

    private final String jsonName;

    ConsentStatus(String jsonName) {
        this.jsonName = jsonName;
    }

    public String jsonName() {
        return jsonName;
    }

    public static Optional<ConsentStatus> fromJsonName(String name) {
        for (ConsentStatus status : values()) {
            if (status.jsonName.equals(name)) {
                return Optional.of(status);
            }
        }
        return Optional.empty();
    }
}
