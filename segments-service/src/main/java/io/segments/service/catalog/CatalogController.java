package io.segments.service.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.segments.definition.Subject;
import io.segments.postgres.store.FormStore;
import io.segments.postgres.store.PropertyStore;
import io.segments.postgres.store.PropertyTypeConflictException;
import io.segments.schema.FieldDefinition;
import io.segments.schema.FieldType;
import io.segments.service.problem.ApiProblem;
import io.segments.service.problem.RequestBodies;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

import static io.segments.service.segment.Evaluator.WORKSPACE;

/** The forms catalog and custom property definitions. */
@RestController
public class CatalogController {
    private final DSLContext dsl;
    private final ObjectMapper json;

    public CatalogController(DSLContext dsl, ObjectMapper json) {
        this.dsl = dsl;
        this.json = json;
    }

    @GetMapping("/api/forms")
    ArrayNode forms() {
        ArrayNode list = json.createArrayNode();
        new FormStore(dsl).list(WORKSPACE).forEach(form -> list.addObject().put("id", form.id()).put("name", form.name()));
        return list;
    }

    /** Declares a form ahead of its first submission, or renames it. */
    @PostMapping("/api/forms")
    ResponseEntity<ObjectNode> defineForm(@RequestBody JsonNode body) {
        RequestBodies.requireObject(body);
        RequestBodies.rejectUnknown(body, Set.of("id", "name"));
        String id = RequestBodies.requiredText(body, "id", 200);
        String name = RequestBodies.optionalText(body, "name", 200);
        String shown = name == null || name.isBlank() ? null : name.strip();
        dsl.transaction(configuration -> new FormStore(DSL.using(configuration)).ensure(WORKSPACE, id, shown));
        ObjectNode answer = json.createObjectNode().put("id", id).put("name", shown == null ? id : shown);
        return ResponseEntity.created(URI.create("/api/forms")).body(answer);
    }

    @GetMapping("/api/properties")
    ArrayNode properties(@RequestParam(required = false) String subject) {
        ArrayNode list = json.createArrayNode();
        List<Subject> subjects = subject == null ? List.of(Subject.CONTACTS, Subject.COMPANIES) : List.of(subject(subject, "/subject"));
        PropertyStore store = new PropertyStore(dsl);
        for (Subject each : subjects) {
            store.list(WORKSPACE, each).forEach(field -> list.add(view(each, field)));
        }
        return list;
    }

    /** Declares a custom property ahead of its first value: {subject?, name, type, options?}. */
    @PostMapping("/api/properties")
    ResponseEntity<ObjectNode> defineProperty(@RequestBody JsonNode body) {
        RequestBodies.requireObject(body);
        RequestBodies.rejectUnknown(body, Set.of("subject", "name", "type", "options"));
        String subjectName = RequestBodies.optionalText(body, "subject", 20);
        Subject subject = subjectName == null ? Subject.CONTACTS : subject(subjectName, "/subject");
        String name = RequestBodies.requiredText(body, "name", 63);
        String typeName = RequestBodies.requiredText(body, "type", 20);
        FieldType type = FieldType.fromJsonName(typeName).orElseThrow(() -> ApiProblem.badRequest("unknown_type",
                "Unknown type \"" + typeName + "\": use " + String.join(", ", Arrays.stream(FieldType.values()).map(FieldType::jsonName).toList()) + ".", "/type"));
        List<String> options = new ArrayList<>();
        JsonNode optionsNode = body.get("options");
        if (optionsNode != null && !optionsNode.isNull()) {
            if (!optionsNode.isArray()) {
                throw ApiProblem.badRequest("wrong_json_type", "\"options\" is an array of strings.", "/options");
            }
            for (int index = 0; index < optionsNode.size(); index++) {
                JsonNode option = optionsNode.get(index);
                if (!option.isTextual() || option.textValue().isBlank()) {
                    throw ApiProblem.badRequest("wrong_json_type", "Each option is a non-empty string.", "/options/" + index);
                }
                if (option.textValue().indexOf('\u0000') >= 0) {
                    throw ApiProblem.badRequest("invalid_character", "An option cannot contain the NUL character (U+0000).", "/options/" + index);
                }
                options.add(option.textValue().strip());
            }
        }
        if (type == FieldType.ENUM && options.isEmpty()) {
            throw ApiProblem.badRequest("missing_options", "An enum property needs \"options\".", "/options");
        }
        if (type != FieldType.ENUM && !options.isEmpty()) {
            throw ApiProblem.badRequest("unexpected_options", "Only enum properties take \"options\".", "/options");
        }
        try {
            FieldDefinition field = dsl.transactionResult(configuration ->
                    new PropertyStore(DSL.using(configuration)).define(WORKSPACE, subject, name, type, options));
            return ResponseEntity.created(URI.create("/api/properties?subject=" + subject.jsonName())).body(view(subject, field));
        } catch (PropertyTypeConflictException conflict) {
            throw new ApiProblem(409, "property_type_conflict", "Conflict", conflict.getMessage(), "/type");
        } catch (IllegalArgumentException invalid) {
            throw ApiProblem.badRequest("invalid_name", invalid.getMessage(), "/name");
        }
    }

    private ObjectNode view(Subject subject, FieldDefinition field) {
        ObjectNode item = json.createObjectNode();
        item.put("subject", subject.jsonName());
        item.put("name", field.name());
        item.put("type", field.type().jsonName());
        ArrayNode options = item.putArray("options");
        field.options().forEach(options::add);
        return item;
    }

    private static Subject subject(String name, String pointer) {
        return Subject.fromJsonName(name).orElseThrow(() -> ApiProblem.badRequest("unknown_subject",
                "Unknown subject \"" + name + "\": use contacts or companies.", pointer));
    }
}
