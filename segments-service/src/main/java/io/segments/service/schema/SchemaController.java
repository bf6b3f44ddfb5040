package io.segments.service.schema;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.segments.definition.ConsentStatus;
import io.segments.definition.Recency;
import io.segments.definition.Subject;
import io.segments.postgres.store.FormStore;
import io.segments.postgres.store.PropertyStore;
import io.segments.schema.FieldCatalog;
import io.segments.schema.FieldDefinition;
import io.segments.service.problem.ApiProblem;
import org.jooq.DSLContext;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

import java.util.LinkedHashSet;
import java.util.Set;

import static io.segments.service.segment.Evaluator.WORKSPACE;

/** What a builder may offer for a subject: fields with types and operators, forms, consent channels. */
@RestController
public class SchemaController {
    private final DSLContext dsl;
    private final ObjectMapper json;

    public SchemaController(DSLContext dsl, ObjectMapper json) {
        this.dsl = dsl;
        this.json = json;
    }

    @GetMapping("/api/schema/{subject}")
    ObjectNode schema(@PathVariable String subject) {
        Subject resolved = Subject.fromJsonName(subject).orElseThrow(() -> ApiProblem.notFound("unknown_subject",
                "Unknown subject \"" + subject + "\": use contacts or companies.", "/subject"));
        FieldCatalog catalog = new PropertyStore(dsl).catalog(WORKSPACE);
        ObjectNode body = json.createObjectNode();
        body.put("subject", resolved.jsonName());
        ArrayNode fields = body.putArray("fields");
        for (FieldDefinition field : catalog.fields(resolved)) {
            ObjectNode item = fields.addObject();
            item.put("name", field.name());
            item.put("label", field.label());
            item.put("type", field.type().jsonName());
            item.put("builtIn", field.builtIn());
            ArrayNode operators = item.putArray("operators");
            field.type().operators().forEach(operator -> operators.add(operator.jsonName()));
            if (!field.options().isEmpty()) {
                ArrayNode options = item.putArray("options");
                field.options().forEach(options::add);
            }
        }
        ArrayNode forms = body.putArray("forms");
        new FormStore(dsl).list(WORKSPACE).forEach(form -> forms.addObject().put("id", form.id()).put("name", form.name()));
        ArrayNode channels = body.putArray("consentChannels");
        consentChannels().forEach(channels::add);
        ArrayNode statuses = body.putArray("consentStatuses");
        for (ConsentStatus status : ConsentStatus.values()) {
            statuses.add(status.jsonName());
        }
        ObjectNode recency = body.putObject("recency");
        ArrayNode of = recency.putArray("of");
        for (Recency.Of kind : Recency.Of.values()) {
            if (resolved == Subject.CONTACTS || kind == Recency.Of.CREATED) {
                of.add(kind.jsonName());
            }
        }
        ArrayNode recencyOperators = recency.putArray("operators");
        for (Recency.Operator operator : Recency.Operator.values()) {
            recencyOperators.add(operator.jsonName());
        }
        ArrayNode nodeTypes = body.putArray("nodeTypes");
        (resolved == Subject.CONTACTS
                ? java.util.List.of("and", "or", "not", "attribute", "recency", "consent", "pageView", "formSubmit")
                : java.util.List.of("and", "or", "not", "attribute", "recency", "people")).forEach(nodeTypes::add);
        return body;
    }

    /** Email and SMS always, plus every channel that appears in the consent history. */
    private Set<String> consentChannels() {
        Set<String> channels = new LinkedHashSet<>(java.util.List.of("email", "sms"));
        dsl.fetch("select distinct channel from consents where workspace_id = ? order by channel", WORKSPACE)
                .forEach(row -> channels.add(row.get(0, String.class)));
        return channels;
    }

}
