package io.segments.service.ingest;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;

/**
 * One validated tracking message, ready to apply. {@code payload} is the message as received (with
 * the batch's context merged in and any write key removed), kept raw in the ingestion log;
 * {@code receivedAt} is when its request arrived.
 */
public record TrackingMessage(Type type, String messageId, String userId, String anonymousId, Instant occurredAt,
                              ObjectNode traits, ObjectNode properties, String event, String name, String groupId,
                              String previousId, String url, String payload, Instant receivedAt) {
    public enum Type {
        IDENTIFY, TRACK, PAGE, SCREEN, GROUP, ALIAS;

        public String jsonName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        public static java.util.Optional<Type> fromJsonName(String name) {
            for (Type type : values()) {
                if (type.jsonName().equals(name)) {
                    return java.util.Optional.of(type);
                }
            }
            return java.util.Optional.empty();
        }

        boolean isEvent() {
            return this == TRACK || this == PAGE || this == SCREEN;
        }
    }
}
