package io.segments.service.ingest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.segments.service.problem.ApiProblem;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.OffsetDateTime;

import static io.segments.service.segment.Evaluator.WORKSPACE;

/** What accepted messages could not apply (a trait of the wrong type, an unknown contact...), newest first. */
@RestController
public class IngestionProblemsController {
    private final DSLContext dsl;
    private final ObjectMapper json;

    public IngestionProblemsController(DSLContext dsl, ObjectMapper json) {
        this.dsl = dsl;
        this.json = json;
    }

    @GetMapping("/api/ingestion/problems")
    ObjectNode problems(@RequestParam(required = false) Long before, @RequestParam(required = false) Integer limit,
                        @RequestParam(required = false) String messageId) {
        int size = limit == null ? 100 : limit;
        if (size < 1 || size > 1000) {
            throw ApiProblem.badRequest("out_of_range", "\"limit\" is a whole number from 1 to 1000.", "/limit");
        }
        ObjectNode page = json.createObjectNode();
        ArrayNode problems = page.putArray("problems");
        Long last = null;
        for (Record row : dsl.fetch("select p.id, p.message_id, l.type, p.pointer, p.code, p.message, p.recorded_at, l.payload "
                + "from ingest_problems p left join ingest_log l on l.id = p.log_id "
                + "where p.workspace_id = ? and p.id < ? and (?::text is null or p.message_id = ?) order by p.id desc limit ?",
                WORKSPACE, before == null ? Long.MAX_VALUE : before, messageId, messageId, size)) {
            last = row.get(0, Long.class);
            ObjectNode item = problems.addObject();
            item.put("id", last);
            item.put("messageId", row.get(1, String.class));
            item.put("type", row.get(2, String.class));
            item.put("pointer", row.get(3, String.class));
            item.put("code", row.get(4, String.class));
            item.put("message", row.get(5, String.class));
            item.put("recordedAt", row.get(6, OffsetDateTime.class).toInstant().toString());
            String payload = row.get(7, String.class);
            try {
                item.set("payload", payload == null ? null : json.readTree(payload));
            } catch (JsonProcessingException corrupt) {
                throw new IllegalStateException(corrupt);
            }
        }
        if (problems.size() == size) {
            page.put("next", last);
        } else {
            page.putNull("next");
        }
        return page;
    }
}
