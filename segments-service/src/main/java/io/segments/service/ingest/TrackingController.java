package io.segments.service.ingest;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.segments.service.auth.Credentials;
import io.segments.service.problem.ApiProblem;
import io.segments.service.problem.ApiProblem.FieldError;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

import static io.segments.service.segment.Evaluator.WORKSPACE;

/**
 * The tracking API, compatible with Segment's HTTP Tracking API: {@code /v1/identify}, {@code /page},
 * {@code /track}, {@code /group}, {@code /alias}, {@code /screen} and {@code /batch}. Authenticated
 * by the write key (HTTP Basic user name, or a {@code writeKey} body field). A 200 answer means
 * every message is committed; a request with any invalid message writes nothing.
 */
@RestController
public class TrackingController {
    /** The most a batch may take (Segment's limit). */
    static final int MAX_BATCH_BYTES = 500 * 1024;

    private static final Map<String, Boolean> SUCCESS = Map.of("success", true);

    private final Credentials credentials;
    private final ObjectMapper json;
    private final TrackingMessages messages;
    private final Ingestor ingestor;

    public TrackingController(Credentials credentials, ObjectMapper json, Ingestor ingestor) {
        this.credentials = credentials;
        this.json = json;
        this.messages = new TrackingMessages(json);
        this.ingestor = ingestor;
    }

    @PostMapping(path = "/v1/batch", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Map<String, Boolean>> batch(HttpServletRequest request) {
        Instant receivedAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
        Body received = read(request, MAX_BATCH_BYTES, "A batch takes at most 500 KB.");
        JsonNode body = received.tree();
        authenticate(request, body);
        JsonNode batch = body.get("batch");
        if (batch == null || batch.isNull()) {
            throw ApiProblem.badRequest("missing_batch", "\"batch\" is required: an array of messages.", "/batch");
        }
        if (!batch.isArray()) {
            throw ApiProblem.badRequest("wrong_json_type", "\"batch\" is an array of messages.", "/batch");
        }
        List<FieldError> errors = new ArrayList<>();
        TrackingMessages.Envelope envelope = messages.envelope(body, errors);
        List<TrackingMessage> parsed = new ArrayList<>(batch.size());
        for (int index = 0; index < batch.size(); index++) {
            TrackingMessage message = messages.read(batch.get(index), received.batchMessage(index), "/batch/" + index, null, envelope, receivedAt, errors);
            if (message != null) {
                parsed.add(message);
            }
        }
        rejectIfAny(errors);
        ingestor.ingest(WORKSPACE, parsed);
        return ResponseEntity.ok(SUCCESS);
    }

    @PostMapping(path = "/v1/{type:identify|track|page|screen|group|alias}", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Map<String, Boolean>> single(@PathVariable String type, HttpServletRequest request) {
        Instant receivedAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
        Body received = read(request, TrackingMessages.MAX_MESSAGE_BYTES, "A message takes at most 32 KB.");
        JsonNode body = received.tree();
        authenticate(request, body);
        List<FieldError> errors = new ArrayList<>();
        TrackingMessage message = messages.read(body, received.root(), "", TrackingMessage.Type.fromJsonName(type).orElseThrow(),
                TrackingMessages.Envelope.NONE, receivedAt, errors);
        rejectIfAny(errors);
        ingestor.ingest(WORKSPACE, List.of(message));
        return ResponseEntity.ok(SUCCESS);
    }

    private static void rejectIfAny(List<FieldError> errors) {
        if (errors.isEmpty()) {
            return;
        }
        String detail = errors.size() == 1 ? errors.get(0).message()
                : errors.size() + " problems; nothing was stored. The first: " + errors.get(0).pointer() + ": " + errors.get(0).message();
        throw new ApiProblem(400, errors.size() == 1 ? errors.get(0).code() : "invalid_messages", "Bad request", detail,
                errors.get(0).pointer(), errors);
    }

    /** The write key as HTTP Basic user name, or else as the body's {@code writeKey}. */
    private void authenticate(HttpServletRequest request, JsonNode body) {
        String header = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (header != null && header.regionMatches(true, 0, "Basic ", 0, 6)) {
            try {
                String decoded = new String(Base64.getDecoder().decode(header.substring(6).strip()), StandardCharsets.UTF_8);
                int colon = decoded.indexOf(':');
                if (credentials.isWriteKey(colon < 0 ? decoded : decoded.substring(0, colon))) {
                    return;
                }
            } catch (IllegalArgumentException notBase64) {
                // falls through to the body's write key, then 401
            }
        }
        JsonNode writeKey = body.isObject() ? body.get("writeKey") : null;
        if (writeKey != null && writeKey.isTextual() && credentials.isWriteKey(writeKey.textValue())) {
            return;
        }
        throw new ApiProblem(401, "unauthorized", "Unauthorized",
                "Send the write key as the HTTP Basic user name (\"Authorization: Basic base64(<writeKey>:)\") or as \"writeKey\" in the body.",
                "/headers/authorization");
    }

    /**
     * A request's body as read: its JSON tree, and where the body's object and each message of its
     * {@code batch} array lie in the bytes received (null for an element that is not an object).
     */
    record Body(JsonNode tree, TrackingMessages.RawJson root, List<TrackingMessages.RawJson> batch) {
        TrackingMessages.RawJson batchMessage(int index) {
            return index < batch.size() ? batch.get(index) : null;
        }
    }

    /** The body as JSON, refusing more than {@code limit} bytes (after gzip decoding) with 413. */
    private Body read(HttpServletRequest request, int limit, String tooLarge) {
        if (request.getContentLengthLong() > limit && !"gzip".equalsIgnoreCase(request.getHeader(HttpHeaders.CONTENT_ENCODING))) {
            throw new ApiProblem(413, "payload_too_large", "Payload too large", tooLarge, "");
        }
        byte[] bytes;
        try (InputStream raw = request.getInputStream();
             InputStream input = "gzip".equalsIgnoreCase(request.getHeader(HttpHeaders.CONTENT_ENCODING)) ? new GZIPInputStream(raw) : raw) {
            bytes = input.readNBytes(limit + 1);
        } catch (IOException failure) {
            throw ApiProblem.badRequest("unreadable_body", "The body could not be read: " + failure.getMessage(), "");
        }
        if (bytes.length > limit) {
            throw new ApiProblem(413, "payload_too_large", "Payload too large", tooLarge, "");
        }
        if (bytes.length == 0) {
            throw ApiProblem.badRequest("malformed_json", "The request needs a JSON body.", "");
        }
        try (JsonParser parser = json.createParser(bytes)) {
            return parse(parser, bytes);
        } catch (JsonProcessingException malformed) {
            throw ApiProblem.badRequest("malformed_json", "The body is not valid JSON: " + malformed.getOriginalMessage(), "");
        } catch (IOException failure) {
            throw ApiProblem.badRequest("malformed_json", "The body is not valid JSON.", "");
        }
    }

    /**
     * Reads the body as {@link ObjectMapper#readTree} does (a repeated field's last value wins),
     * noting where each message lies in {@code bytes}, so that the log can keep the message as it
     * was sent rather than serialize its tree again. Unlike readTree, content after the body's
     * object is refused: two batches sent as one body would otherwise lose the second silently.
     */
    private Body parse(JsonParser parser, byte[] bytes) throws IOException {
        if (parser.nextToken() != JsonToken.START_OBJECT) {
            json.readTree(parser); // a malformed body is malformed before it is of the wrong type
            throw ApiProblem.badRequest("wrong_json_type", "The body is a JSON object.", "");
        }
        int rootStart = (int) parser.currentTokenLocation().getByteOffset();
        ObjectNode root = json.createObjectNode();
        List<TrackingMessages.RawJson> batch = List.of();
        for (String field = parser.nextFieldName(); field != null; field = parser.nextFieldName()) {
            if (parser.nextToken() == JsonToken.START_ARRAY && field.equals("batch")) {
                ArrayNode messages = json.createArrayNode();
                List<TrackingMessages.RawJson> ranges = new ArrayList<>();
                for (JsonToken token = parser.nextToken(); token != JsonToken.END_ARRAY; token = parser.nextToken()) {
                    int start = (int) parser.currentTokenLocation().getByteOffset();
                    JsonNode element = json.readTree(parser);
                    messages.add(element);
                    ranges.add(token == JsonToken.START_OBJECT ? raw(bytes, start, (int) parser.currentLocation().getByteOffset()) : null);
                }
                root.set(field, messages);
                batch = ranges;
            } else {
                root.set(field, json.readTree(parser));
                if (field.equals("batch")) {
                    batch = List.of();
                }
            }
        }
        int rootEnd = (int) parser.currentLocation().getByteOffset();
        if (parser.nextToken() != null) {
            throw ApiProblem.badRequest("malformed_json", "The body is not valid JSON: more content after its object.", "");
        }
        return new Body(root, raw(bytes, rootStart, rootEnd), batch);
    }

    /**
     * The raw text of a value, or null when its place is not known in bytes: a body in UTF-16 or
     * UTF-32, which Jackson also reads, is read by characters, and its offsets in bytes are -1.
     */
    private static TrackingMessages.RawJson raw(byte[] bytes, int start, int end) {
        return start >= 0 && end > start && end <= bytes.length ? new TrackingMessages.RawJson(bytes, start, end) : null;
    }
}
