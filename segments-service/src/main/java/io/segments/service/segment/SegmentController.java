package io.segments.service.segment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.segments.definition.Definition;
import io.segments.definition.Subject;
import io.segments.definition.json.DefinitionJson;
import io.segments.definition.validation.CheckedDefinition;
import io.segments.engine.Cancellation;
import io.segments.engine.CountedPage;
import io.segments.engine.Member;
import io.segments.engine.MemberPage;
import io.segments.postgres.store.SegmentStore;
import io.segments.postgres.store.SegmentStore.SavedSegment;
import io.segments.service.problem.ApiProblem;
import io.segments.service.problem.RequestBodies;
import org.jooq.DSLContext;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

import java.io.BufferedWriter;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Set;

import static io.segments.service.segment.Evaluator.WORKSPACE;

/** Preview, saved segments, and their members as paged JSON or streamed CSV. */
@RestController
public class SegmentController {
    private static final int MAX_LIMIT = 1000;

    private final Evaluator evaluator;
    private final SegmentStore segments;
    private final SegmentJson json;
    private final LivePreviews livePreviews;

    public SegmentController(Evaluator evaluator, DSLContext dsl, SegmentJson json, LivePreviews livePreviews) {
        this.evaluator = evaluator;
        this.segments = new SegmentStore(dsl);
        this.json = json;
        this.livePreviews = livePreviews;
    }

    /** Count and first members of a draft; incomplete conditions are skipped and their pointers returned. */
    @PostMapping("/api/segments/preview")
    ObjectNode preview(@RequestBody JsonNode body, @RequestHeader(name = LivePreviews.HEADER, required = false) String builder) {
        RequestBodies.requireObject(body);
        RequestBodies.rejectUnknown(body, Set.of("definition", "asOf", "limit"));
        CheckedDefinition.Preview preview = evaluator.forPreview(body.get("definition"));
        Instant asOf = RequestBodies.asOf(RequestBodies.optionalText(body, "asOf", 64), "/asOf");
        int limit = RequestBodies.boundedInt(body.get("limit"), "/limit", 10, 0, MAX_LIMIT);
        Definition definition = preview.definition();
        Cancellation cancellation = livePreviews.start(builder);
        try {
            CountedPage answer = evaluator.countAndMembers(definition, asOf, 0, limit, cancellation);
            ObjectNode result = json.object();
            result.put("count", answer.count());
            result.put("asOf", asOf.toString());
            result.set("members", json.members(definition.subject(), answer.page().members()));
            ArrayNode ignored = result.putArray("ignored");
            preview.ignored().forEach(ignored::add);
            return result;
        } finally {
            livePreviews.finish(builder, cancellation);
        }
    }

    @GetMapping("/api/segments/preview")
    void previewNeedsPost() throws HttpRequestMethodNotSupportedException {
        throw new HttpRequestMethodNotSupportedException("GET", List.of("POST"));
    }

    /** The builder went away (dialog closed, request aborted): stop its preview on the server. */
    @DeleteMapping("/api/segments/preview/{builder}")
    ResponseEntity<Void> cancelPreview(@PathVariable String builder) {
        livePreviews.cancel(builder);
        return ResponseEntity.noContent().build();
    }

    @GetMapping("/api/segments")
    ArrayNode list() {
        ArrayNode list = json.object().arrayNode();
        segments.list(WORKSPACE).forEach(segment -> list.add(json.segment(segment)));
        return list;
    }

    @PostMapping("/api/segments")
    ResponseEntity<ObjectNode> create(@RequestBody JsonNode body) {
        Draft draft = draft(body);
        Instant asOf = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        long count = evaluator.count(draft.definition(), asOf);
        SavedSegment saved = segments.create(WORKSPACE, draft.name(), draft.description(), draft.definition().subject(),
                DefinitionJson.write(draft.definition()).toString(), count, asOf);
        return ResponseEntity.created(URI.create("/api/segments/" + saved.id())).body(json.segment(saved));
    }

    @GetMapping("/api/segments/{id}")
    ObjectNode read(@PathVariable long id) {
        return json.segment(find(id));
    }

    @PutMapping("/api/segments/{id}")
    ObjectNode replace(@PathVariable long id, @RequestBody JsonNode body) {
        find(id);
        Draft draft = draft(body);
        Instant asOf = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        long count = evaluator.count(draft.definition(), asOf);
        return json.segment(segments.update(WORKSPACE, id, draft.name(), draft.description(), draft.definition().subject(),
                DefinitionJson.write(draft.definition()).toString(), count, asOf).orElseThrow(() -> missing(id)));
    }

    @DeleteMapping("/api/segments/{id}")
    ResponseEntity<Void> delete(@PathVariable long id) {
        if (!segments.delete(WORKSPACE, id)) {
            throw missing(id);
        }
        return ResponseEntity.noContent().build();
    }

    @GetMapping("/api/segments/{id}/members")
    ObjectNode members(@PathVariable long id, @RequestParam(required = false) String asOf,
                       @RequestParam(required = false) Integer limit, @RequestParam(required = false) Long after) {
        SavedSegment segment = find(id);
        Definition definition = evaluator.forSave(readDefinition(segment));
        Instant at = RequestBodies.asOf(asOf, "/asOf");
        int pageSize = limit == null ? 50 : limit;
        if (pageSize < 1 || pageSize > MAX_LIMIT) {
            throw ApiProblem.badRequest("out_of_range", "\"limit\" is a whole number from 1 to " + MAX_LIMIT + ".", "/limit");
        }
        if (after != null && after < 0) {
            throw ApiProblem.badRequest("out_of_range", "\"after\" is a member id from a previous page's \"next\".", "/after");
        }
        CountedPage counted = evaluator.countAndMembers(definition, at, after == null ? 0 : after, pageSize, Cancellation.none());
        MemberPage page = counted.page();
        if (asOf == null) {
            segments.recordCount(WORKSPACE, id, counted.count(), at);
        }
        ObjectNode answer = json.object();
        answer.put("count", counted.count());
        answer.put("asOf", at.toString());
        answer.set("members", json.members(definition.subject(), page.members()));
        if (page.next() == null) {
            answer.putNull("next");
        } else {
            answer.put("next", page.next());
        }
        return answer;
    }

    /** All members as CSV, streamed page by page at one fixed asOf so the file is consistent. */
    @GetMapping("/api/segments/{id}/members.csv")
    ResponseEntity<StreamingResponseBody> csv(@PathVariable long id, @RequestParam(required = false) String asOf) {
        SavedSegment segment = find(id);
        Definition definition = evaluator.forSave(readDefinition(segment));
        Instant at = RequestBodies.asOf(asOf, "/asOf");
        String keyColumn = definition.subject() == Subject.CONTACTS ? "email" : "domain";
        StreamingResponseBody body = output -> {
            Writer writer = new BufferedWriter(new OutputStreamWriter(output, StandardCharsets.UTF_8));
            writer.write("id," + keyColumn + ",name\r\n");
            evaluator.forEachMember(definition, at, member -> {
                try {
                    writer.write(member.id() + "," + Csv.cell(member.key()) + "," + Csv.cell(member.name()) + "\r\n");
                } catch (java.io.IOException clientGone) {
                    throw new java.io.UncheckedIOException(clientGone);
                }
            });
            writer.flush();
        };
        String fileName = "segment-" + id + "-members.csv";
        return ResponseEntity.ok()
                .contentType(new MediaType("text", "csv", StandardCharsets.UTF_8))
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"" + fileName + "\"")
                .header("X-Segments-As-Of", at.toString())
                .body(body);
    }

    private record Draft(String name, String description, Definition definition) {
    }

    private Draft draft(JsonNode body) {
        RequestBodies.requireObject(body);
        RequestBodies.rejectUnknown(body, Set.of("name", "description", "definition"));
        String name = RequestBodies.requiredText(body, "name", 200);
        String description = RequestBodies.optionalText(body, "description", 2000);
        return new Draft(name, description, evaluator.forSave(body.get("definition")));
    }

    private JsonNode readDefinition(SavedSegment segment) {
        return json.segment(segment).get("definition");
    }

    private SavedSegment find(long id) {
        return segments.find(WORKSPACE, id).orElseThrow(() -> missing(id));
    }

    private static ApiProblem missing(long id) {
        return ApiProblem.notFound("segment_not_found", "There is no segment " + id + ".", "/id");
    }
}
