package io.segments.service.consent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.segments.definition.ConsentStatus;
import io.segments.postgres.store.ConsentStore;
import io.segments.postgres.store.ContactStore;
import io.segments.service.problem.ApiProblem;
import io.segments.service.problem.RequestBodies;
import io.segments.text.ConsentChannels;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;

import static io.segments.service.segment.Evaluator.WORKSPACE;

/** Appends to a contact's consent history. */
@RestController
public class ConsentController {
    private final DSLContext dsl;
    private final ObjectMapper json;

    public ConsentController(DSLContext dsl, ObjectMapper json) {
        this.dsl = dsl;
        this.json = json;
    }

    @PostMapping("/api/consents")
    ResponseEntity<ObjectNode> append(@RequestBody JsonNode body) {
        RequestBodies.requireObject(body);
        RequestBodies.rejectUnknown(body, Set.of("email", "contactId", "channel", "status", "timestamp"));
        String email = RequestBodies.optionalText(body, "email", 1000);
        JsonNode contactIdNode = body.get("contactId");
        Long contactId = null;
        if (contactIdNode != null && !contactIdNode.isNull()) {
            if (!contactIdNode.canConvertToLong() || !contactIdNode.isIntegralNumber()) {
                throw ApiProblem.badRequest("wrong_json_type", "\"contactId\" is a contact's id (a whole number).", "/contactId");
            }
            contactId = contactIdNode.longValue();
        }
        if ((email == null || email.isBlank()) && contactId == null) {
            throw ApiProblem.badRequest("missing_contact", "Name the contact by \"email\" or \"contactId\".", "/email");
        }
        String channel = RequestBodies.requiredText(body, "channel", 100);
        if (ConsentChannels.normalize(channel) == null || ConsentChannels.normalize(channel).isBlank()) {
            throw ApiProblem.badRequest("missing_channel", "\"channel\" is required, e.g. email or sms.", "/channel");
        }
        String statusText = RequestBodies.requiredText(body, "status", 20);
        ConsentStatus status = ConsentStatus.fromJsonName(statusText).filter(value -> value != ConsentStatus.UNKNOWN)
                .orElseThrow(() -> ApiProblem.badRequest("invalid_status", "\"status\" is granted or denied; got \"" + statusText + "\".", "/status"));
        Instant timestamp = RequestBodies.asOf(RequestBodies.optionalText(body, "timestamp", 64), "/timestamp");
        Long byId = contactId;
        ObjectNode answer = dsl.transactionResult(configuration -> {
            DSLContext tx = DSL.using(configuration);
            ContactStore contacts = new ContactStore(tx);
            long contact;
            if (byId != null) {
                boolean exists = tx.fetchExists(tx.selectOne().from("contacts").where("id = ? and workspace_id = ? and deleted_at is null", byId, WORKSPACE));
                if (!exists) {
                    throw ApiProblem.notFound("contact_not_found", "There is no contact " + byId + ".", "/contactId");
                }
                contact = contacts.survivor(byId);
            } else {
                Optional<Long> found = contacts.findByEmail(WORKSPACE, email.strip());
                contact = found.orElseThrow(() -> ApiProblem.notFound("contact_not_found", "There is no contact with email " + email.strip() + ".", "/email"));
            }
            long id = new ConsentStore(tx).append(WORKSPACE, contact, channel, status, timestamp);
            ObjectNode result = json.createObjectNode();
            result.put("id", id);
            result.put("contactId", contact);
            result.put("channel", ConsentChannels.normalize(channel));
            result.put("status", status.jsonName());
            result.put("timestamp", timestamp.toString());
            return result;
        });
        return ResponseEntity.created(URI.create("/api/contacts/" + answer.get("contactId").asLong())).body(answer);
    }
}
