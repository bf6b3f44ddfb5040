package io.segments.service.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.segments.postgres.store.TraitValues;
import io.segments.service.problem.ApiProblem.FieldError;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Reads tracking messages the way tracking libraries send them (Segment's HTTP Tracking API),
 * checking each field and collecting every error with its JSON pointer.
 */
final class TrackingMessages {
    /** The most a single message may take, serialized. */
    static final int MAX_MESSAGE_BYTES = 32 * 1024;

    private final ObjectMapper json;

    TrackingMessages(ObjectMapper json) {
        this.json = json;
    }

    /** What a batch (or a single call) carries for all its messages. */
    record Envelope(JsonNode context, JsonNode integrations, Instant sentAt) {
        static final Envelope NONE = new Envelope(null, null, null);
    }

    /** Where a message's JSON lies in the UTF-8 bytes of its request. */
    record RawJson(byte[] bytes, int start, int end) {
        String text() {
            return new String(bytes, start, end - start, StandardCharsets.UTF_8);
        }

        int length() {
            return end - start;
        }

        /**
         * Whether the text escapes a UTF-16 surrogate (a backslash-u escape of D800 to DFFF). Jackson
         * reads even a lone one, PostgreSQL's json refuses it; such a message is kept as serialized
         * (a lone surrogate then becomes '?'), so every kept payload reads as json.
         */
        static boolean escapesSurrogate(String text) {
            for (int index = text.indexOf("\\u"); index >= 0 && index + 3 < text.length(); index = text.indexOf("\\u", index + 1)) {
                if ((text.charAt(index + 2) | 0x20) == 'd') {
                    int next = text.charAt(index + 3) | 0x20;
                    if (next == '8' || next == '9' || next >= 'a' && next <= 'f') {
                        return true;
                    }
                }
            }
            return false;
        }
    }

    /**
     * Reads one message at {@code pointer} ("" for a single call, "/batch/3" in a batch). The type is
     * the path's for single calls ({@code impliedType}), else the message's {@code type}. Returns
     * null and adds to {@code errors} when the message is invalid. {@code raw} (null when unknown) is
     * the message as it was received: the log keeps it as such when reading it changed nothing.
     */
    TrackingMessage read(JsonNode node, RawJson raw, String pointer, TrackingMessage.Type impliedType, Envelope envelope,
                         Instant receivedAt, List<FieldError> errors) {
        if (node == null || !node.isObject()) {
            errors.add(new FieldError(pointer, "wrong_json_type", "A message is a JSON object."));
            return null;
        }
        int before = errors.size();
        // The request's own tree, read once: changed in place (a copy of every message cost more than
        // the rest of its reading).
        ObjectNode message = (ObjectNode) node;
        boolean changed = message.remove("writeKey") != null;
        TrackingMessage.Type type = impliedType;
        JsonNode typeNode = message.get("type");
        if (impliedType == null) {
            if (typeNode == null || typeNode.isNull()) {
                errors.add(new FieldError(pointer + "/type", "missing_type", "\"type\" is required: identify, track, page, screen, group or alias."));
            } else if (!typeNode.isTextual() || TrackingMessage.Type.fromJsonName(typeNode.textValue()).isEmpty()) {
                errors.add(new FieldError(pointer + "/type", "unknown_type",
                        "Unknown message type " + typeNode + ": use identify, track, page, screen, group or alias."));
            } else {
                type = TrackingMessage.Type.fromJsonName(typeNode.textValue()).orElseThrow();
            }
        }
        if (type != null && (typeNode == null || typeNode.isNull())) {
            message.put("type", type.jsonName());
            changed = true;
        }
        // The batch's context and integrations apply to each message; the message's own win.
        changed |= mergeInto(message, "context", envelope.context());
        changed |= mergeInto(message, "integrations", envelope.integrations());

        String userId = id(message, "userId", pointer, errors);
        String anonymousId = id(message, "anonymousId", pointer, errors);
        String messageId = text(message, "messageId", pointer, errors, 1000);
        ObjectNode context = object(message, "context", pointer, errors);
        object(message, "integrations", pointer, errors);
        ObjectNode traits = object(message, "traits", pointer, errors);
        ObjectNode properties = object(message, "properties", pointer, errors);
        Instant timestamp = instant(message, "timestamp", pointer, errors);
        Instant originalTimestamp = instant(message, "originalTimestamp", pointer, errors);
        Instant sentAt = instant(message, "sentAt", pointer, errors);
        String sentAtPointer = pointer + "/sentAt";
        if (sentAt == null) {
            sentAt = envelope.sentAt();
            sentAtPointer = "/sentAt"; // the batch's
        }
        String event = null;
        String name = text(message, "name", pointer, errors, 1000);
        String groupId = null;
        String previousId = null;
        if (type == TrackingMessage.Type.TRACK) {
            event = text(message, "event", pointer, errors, 1000);
            if (event == null && noErrorAt(errors, before, pointer + "/event")) {
                errors.add(new FieldError(pointer + "/event", "missing_event", "A track call needs an \"event\" name."));
            }
        }
        if (type == TrackingMessage.Type.GROUP) {
            groupId = id(message, "groupId", pointer, errors);
            if (groupId == null && noErrorAt(errors, before, pointer + "/groupId")) {
                errors.add(new FieldError(pointer + "/groupId", "missing_group_id", "A group call needs a \"groupId\"."));
            }
        }
        if (type == TrackingMessage.Type.ALIAS) {
            previousId = id(message, "previousId", pointer, errors);
            if (previousId == null && noErrorAt(errors, before, pointer + "/previousId")) {
                errors.add(new FieldError(pointer + "/previousId", "missing_previous_id", "An alias call needs a \"previousId\"."));
            }
            if (userId == null && noErrorAt(errors, before, pointer + "/userId")) {
                errors.add(new FieldError(pointer + "/userId", "missing_user_id", "An alias call needs a \"userId\"."));
            }
        } else if (userId == null && anonymousId == null && noErrorAt(errors, before, pointer + "/userId")
                && noErrorAt(errors, before, pointer + "/anonymousId")) {
            errors.add(new FieldError(pointer + "/userId", "missing_identity", "A message needs a \"userId\" or an \"anonymousId\"."));
        }
        // Traits may also come in context.traits (as browser libraries send them); the message's win.
        ObjectNode allTraits = json.createObjectNode();
        if (context != null && context.get("traits") != null) {
            if (context.get("traits").isObject()) {
                allTraits.setAll((ObjectNode) context.get("traits"));
            } else if (!context.get("traits").isNull()) {
                errors.add(new FieldError(pointer + "/context/traits", "wrong_json_type", "\"context.traits\" is a JSON object."));
            }
        }
        if (traits != null) {
            allTraits.setAll(traits);
        }
        String url = null;
        if (properties != null && properties.get("url") != null && properties.get("url").isTextual()) {
            url = properties.get("url").textValue();
        } else if (context != null && context.path("page").path("url").isTextual()) {
            url = context.path("page").path("url").textValue();
        }
        // The log keeps the text as received when reading it added or removed nothing: serializing
        // the tree again took a tenth of a request thread's time. Either is the same JSON value.
        String received = raw != null && !changed ? raw.text() : null;
        boolean asReceived = received != null && !RawJson.escapesSurrogate(received);
        String payload = asReceived ? received : message.toString();
        // The limit is on the message's compact form, however it was spaced or escaped. That form
        // is at most twice the text received (spacing, escapes and repeated keys only shrink; the
        // worst growth is a number such as 1e-6 written back as 0.000001), so a message received
        // in at most half the limit fits without measuring.
        int payloadBytes = asReceived && raw.length() <= MAX_MESSAGE_BYTES / 2 ? raw.length()
                : utf8Length(asReceived ? message.toString() : payload);
        if (payloadBytes > MAX_MESSAGE_BYTES) {
            errors.add(new FieldError(pointer, "message_too_large", "A message takes at most 32 KB; this one takes "
                    + payloadBytes + " bytes."));
        }
        // JSON can carry the NUL character (only as the escape backslash-u0000, which both the text
        // received and Jackson's output then contain); PostgreSQL can store it in neither text nor
        // jsonb. Such a message is refused with every place named, rather than failing its request.
        // Values PostgreSQL cannot store would fail the whole request. Only a message whose text
        // could hold one is walked: the NUL character is only ever the escape backslash-u0000 (in
        // the text received and in Jackson's output alike), and a number beyond numeric needs an
        // exponent (Jackson refuses numbers of more than 1,000 characters as malformed).
        boolean mayHoldNul = payload.contains("\\u0000");
        boolean mayHoldHugeNumber = mayHoldExponent(payload);
        if (mayHoldNul || mayHoldHugeNumber) {
            unstorableValues(message, pointer, mayHoldNul, mayHoldHugeNumber, errors);
        }
        // The clock-skew correction moves the client's time by the client's own offset: a sentAt
        // far from the timestamp can move it out of the years a timestamp takes.
        if (errors.size() == before && !inRange(occurredAt(timestamp, originalTimestamp, sentAt, receivedAt))) {
            errors.add(new FieldError(sentAtPointer, "invalid_timestamp", "Corrected for the client's clock (\"sentAt\" against "
                    + "\"timestamp\"), the message's time lies outside the years 1 to 9999."));
        }
        if (errors.size() > before) {
            return null;
        }
        Instant occurredAt = occurredAt(timestamp, originalTimestamp, sentAt, receivedAt);
        if (messageId == null) {
            // The content names a retry only when it says when the event happened; without a
            // timestamp, two identical calls are two events.
            messageId = generatedId(message, timestamp == null && originalTimestamp == null ? receivedAt : null);
        }
        return new TrackingMessage(type, messageId, userId, anonymousId, occurredAt, allTraits,
                properties == null ? json.createObjectNode() : properties, event, name, groupId, previousId, url, payload, receivedAt);
    }

    /**
     * Reports, by JSON pointer, each name and text value under {@code node} holding the NUL character
     * (when {@code nul}) and each number PostgreSQL's numeric cannot hold (when {@code numbers}).
     */
    private static void unstorableValues(JsonNode node, String pointer, boolean nul, boolean numbers, List<FieldError> errors) {
        if (nul && node.isTextual() && node.textValue().indexOf('\0') >= 0) {
            errors.add(new FieldError(pointer, "invalid_character", "Text cannot contain the NUL character (U+0000): PostgreSQL cannot store it."));
        } else if (numbers && node.isBigDecimal() && !TraitValues.fitsNumeric(node.decimalValue())) {
            String number = node.decimalValue().toString();
            errors.add(new FieldError(pointer, "invalid_number", "Numbers have at most 131,072 digits before the decimal point and 16,383 after; got "
                    + (number.length() > 40 ? number.substring(0, 40) + "…" : number) + "."));
        } else if (node.isArray()) {
            for (int index = 0; index < node.size(); index++) {
                unstorableValues(node.get(index), pointer + "/" + index, nul, numbers, errors);
            }
        } else if (node.isObject()) {
            Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                String child = pointer + "/" + field.getKey().replace("~", "~0").replace("/", "~1");
                if (nul && field.getKey().indexOf('\0') >= 0) {
                    errors.add(new FieldError(child, "invalid_character", "Names cannot contain the NUL character (U+0000): PostgreSQL cannot store it."));
                }
                unstorableValues(field.getValue(), child, nul, numbers, errors);
            }
        }
    }

    /**
     * When the client says when it sent the message, its clock may be off: the event happened as
     * long before our receipt as it did before the client's send.
     */
    static Instant occurredAt(Instant timestamp, Instant originalTimestamp, Instant sentAt, Instant receivedAt) {
        Instant clientTime = originalTimestamp != null ? originalTimestamp : timestamp;
        if (clientTime == null) {
            return receivedAt;
        }
        if (sentAt == null) {
            return clientTime;
        }
        return receivedAt.minus(Duration.between(clientTime, sentAt));
    }

    /** A message id from the message's content, so that a retried message without one is still stored once. */
    static String generatedId(ObjectNode message, Instant receivedAt) {
        ObjectNode content = message.deepCopy();
        content.remove("sentAt");
        if (receivedAt != null) {
            content.put("receivedAt", receivedAt.toString() + "/" + System.nanoTime());
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(content.toString().getBytes(StandardCharsets.UTF_8));
            return "gen-" + HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    Envelope envelope(JsonNode body, List<FieldError> errors) {
        JsonNode context = body.get("context");
        if (context != null && !context.isNull() && !context.isObject()) {
            errors.add(new FieldError("/context", "wrong_json_type", "\"context\" is a JSON object."));
        }
        JsonNode integrations = body.get("integrations");
        if (integrations != null && !integrations.isNull() && !integrations.isObject()) {
            errors.add(new FieldError("/integrations", "wrong_json_type", "\"integrations\" is a JSON object."));
        }
        Instant sentAt = instant(body, "sentAt", "", errors);
        return new Envelope(context != null && context.isObject() ? context : null,
                integrations != null && integrations.isObject() ? integrations : null, sentAt);
    }

    /** The length of {@code text} in UTF-8, without encoding it. */
    static int utf8Length(String text) {
        int bytes = 0;
        for (int index = 0; index < text.length(); index++) {
            char c = text.charAt(index);
            if (c < 0x80) {
                bytes++;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c) && index + 1 < text.length() && Character.isLowSurrogate(text.charAt(index + 1))) {
                bytes += 4;
                index++;
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }

    private static boolean noErrorAt(List<FieldError> errors, int from, String pointer) {
        for (int index = from; index < errors.size(); index++) {
            if (errors.get(index).pointer().equals(pointer)) {
                return false;
            }
        }
        return true;
    }

    /** Merges the batch's {@code shared} object into the message's {@code field}; returns whether the message changed. */
    private static boolean mergeInto(ObjectNode message, String field, JsonNode shared) {
        if (shared == null) {
            return false;
        }
        JsonNode own = message.get(field);
        if (own == null || own.isNull()) {
            message.set(field, shared.deepCopy());
            return true;
        }
        if (own.isObject()) {
            ObjectNode merged = ((ObjectNode) shared).deepCopy();
            Iterator<Map.Entry<String, JsonNode>> fields = own.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> entry = fields.next();
                merged.set(entry.getKey(), entry.getValue());
            }
            message.set(field, merged);
            return true;
        }
        return false; // not an object: reported as such
    }

    /** An identifier: a non-empty string, or a number (libraries send numeric ids), as text. */
    private static String id(JsonNode message, String field, String pointer, List<FieldError> errors) {
        JsonNode value = message.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (value.isTextual()) {
            String text = value.textValue().strip();
            if (text.length() > 1000) {
                errors.add(new FieldError(pointer + "/" + field, "too_long", "\"" + field + "\" has at most 1000 characters."));
                return null;
            }
            return text.isEmpty() ? null : text;
        }
        if (value.isIntegralNumber()) {
            return value.asText();
        }
        errors.add(new FieldError(pointer + "/" + field, "wrong_json_type", "\"" + field + "\" is a string."));
        return null;
    }

    private static String text(JsonNode message, String field, String pointer, List<FieldError> errors, int maxLength) {
        JsonNode value = message.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            errors.add(new FieldError(pointer + "/" + field, "wrong_json_type", "\"" + field + "\" is a string."));
            return null;
        }
        if (value.textValue().length() > maxLength) {
            errors.add(new FieldError(pointer + "/" + field, "too_long", "\"" + field + "\" has at most " + maxLength + " characters."));
            return null;
        }
        String text = value.textValue().strip();
        return text.isEmpty() ? null : text;
    }

    private static ObjectNode object(JsonNode message, String field, String pointer, List<FieldError> errors) {
        JsonNode value = message.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isObject()) {
            errors.add(new FieldError(pointer + "/" + field, "wrong_json_type", "\"" + field + "\" is a JSON object."));
            return null;
        }
        return (ObjectNode) value;
    }

    static Instant instant(JsonNode message, String field, String pointer, List<FieldError> errors) {
        JsonNode value = message.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (value.isTextual()) {
            try {
                Instant instant = IsoTimestamps.parse(value.textValue().strip());
                if (inRange(instant)) {
                    return instant;
                }
                errors.add(new FieldError(pointer + "/" + field, "invalid_timestamp",
                        "\"" + field + "\" lies between the years 1 and 9999; got " + value + "."));
                return null;
            } catch (DateTimeParseException notIso) {
                // reported below
            }
        }
        errors.add(new FieldError(pointer + "/" + field, "invalid_timestamp",
                "\"" + field + "\" is an ISO-8601 timestamp with an offset, such as 2024-05-31T08:00:00.000Z; got " + value + "."));
        return null;
    }

    private static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");
    private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999999Z");

    /** Whether an instant lies in the years 1 to 9999 (PostgreSQL's timestamps reach further back and forward, ISO-8601's four-digit years do not). */
    static boolean inRange(Instant instant) {
        return !instant.isBefore(EARLIEST) && !instant.isAfter(LATEST);
    }

    /** Whether the text may hold a number written with an exponent (a digit followed by e or E). */
    private static boolean mayHoldExponent(String text) {
        for (int index = 1; index < text.length(); index++) {
            char c = text.charAt(index);
            if ((c == 'e' || c == 'E') && text.charAt(index - 1) >= '0' && text.charAt(index - 1) <= '9') {
                return true;
            }
        }
        return false;
    }

    static List<FieldError> none() {
        return new ArrayList<>();
    }
}
