package io.segments.service.problem;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.util.List;

/** Renders problems as {@code application/problem+json} (RFC 9457) with a code and pointers. */
@Component
public class ProblemWriter {
    public static final String MEDIA_TYPE = "application/problem+json";

    private final ObjectMapper json;

    public ProblemWriter(ObjectMapper json) {
        this.json = json;
    }

    public ObjectNode body(ApiProblem problem, String instance) {
        ObjectNode body = json.createObjectNode();
        body.put("type", "urn:segments:problem:" + problem.code());
        body.put("title", problem.title());
        body.put("status", problem.status());
        body.put("detail", problem.getMessage());
        body.put("code", problem.code());
        if (problem.pointer() != null) {
            body.put("pointer", problem.pointer());
        }
        if (!problem.errors().isEmpty()) {
            ArrayNode errors = body.putArray("errors");
            for (ApiProblem.FieldError error : problem.errors()) {
                ObjectNode item = errors.addObject();
                item.put("pointer", error.pointer());
                item.put("code", error.code());
                item.put("message", error.message());
            }
        }
        if (instance != null) {
            body.put("instance", instance);
        }
        return body;
    }

    public void write(HttpServletResponse response, int status, String code, String title, String detail, String pointer) throws IOException {
        ApiProblem problem = new ApiProblem(status, code, title, detail, pointer, List.of());
        response.setStatus(status);
        response.setContentType(MEDIA_TYPE);
        response.setCharacterEncoding("UTF-8");
        json.writeValue(response.getOutputStream(), body(problem, null));
    }
}
