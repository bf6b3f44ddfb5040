package io.segments.service.segment;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.segments.definition.Subject;
import io.segments.engine.Member;
import io.segments.postgres.store.SegmentStore.SavedSegment;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.List;

/** The API's JSON shapes of segments and members. */
@Component
public class SegmentJson {
    private final ObjectMapper json;

    public SegmentJson(ObjectMapper json) {
        this.json = json;
    }

    public ObjectNode segment(SavedSegment segment) {
        ObjectNode body = json.createObjectNode();
        body.put("id", segment.id());
        body.put("name", segment.name());
        body.put("description", segment.description());
        body.put("subject", segment.subject().jsonName());
        try {
            body.set("definition", json.readTree(segment.definitionJson()));
        } catch (JsonProcessingException corrupt) {
            throw new IllegalStateException("stored definition of segment " + segment.id() + " is not JSON", corrupt);
        }
        body.put("createdAt", text(segment.createdAt()));
        body.put("updatedAt", text(segment.updatedAt()));
        if (segment.lastCount() == null) {
            body.putNull("lastCount");
        } else {
            body.put("lastCount", segment.lastCount());
        }
        body.put("lastCountAsOf", text(segment.lastCountAsOf()));
        return body;
    }

    public ArrayNode members(Subject subject, List<Member> members) {
        ArrayNode array = json.createArrayNode();
        for (Member member : members) {
            ObjectNode item = array.addObject();
            item.put("id", member.id());
            item.put(subject == Subject.CONTACTS ? "email" : "domain", member.key());
            item.put("name", member.name());
        }
        return array;
    }

    public ObjectNode object() {
        return json.createObjectNode();
    }

    static String text(Instant instant) {
        return instant == null ? null : instant.toString();
    }
}
