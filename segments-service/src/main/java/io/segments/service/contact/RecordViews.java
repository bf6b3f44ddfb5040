package io.segments.service.contact;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.jooq.DSLContext;
import org.jooq.JSONB;
import org.jooq.Record;
import org.springframework.stereotype.Component;

import java.time.OffsetDateTime;
import java.util.Map;
import java.util.TreeMap;

/** The JSON views of a contact and a company, with what hangs off them. */
@Component
public class RecordViews {
    private static final int RECENT_EVENTS = 50;

    private final DSLContext dsl;
    private final ObjectMapper json;

    public RecordViews(DSLContext dsl, ObjectMapper json) {
        this.dsl = dsl;
        this.json = json;
    }

    public ObjectNode contact(Record row) {
        long id = row.get("id", Long.class);
        ObjectNode body = json.createObjectNode();
        body.put("id", id);
        body.put("email", row.get("email", String.class));
        body.put("userId", row.get("external_id", String.class));
        body.put("firstName", row.get("first_name", String.class));
        body.put("lastName", row.get("last_name", String.class));
        body.put("title", row.get("title", String.class));
        body.put("phone", row.get("phone", String.class));
        body.put("country", row.get("country", String.class));
        body.put("city", row.get("city", String.class));
        body.put("lifecycleStage", row.get("lifecycle_stage", String.class));
        body.put("createdAt", time(row.get("created_at", OffsetDateTime.class)));
        body.put("updatedAt", time(row.get("updated_at", OffsetDateTime.class)));
        body.set("properties", read(row.get("properties", JSONB.class)));
        Long companyId = row.get("company_id", Long.class);
        Record company = companyId == null ? null
                : dsl.fetchOne("select id, domain, name from companies where id = ? and deleted_at is null", companyId);
        if (company == null) {
            body.putNull("company");
        } else {
            body.putObject("company").put("id", company.get(0, Long.class)).put("domain", company.get(1, String.class)).put("name", company.get(2, String.class));
        }
        ArrayNode merged = body.putArray("mergedContacts");
        dsl.fetch("select id from contacts where merged_into = ? order by id", id).forEach(r -> merged.add(r.get(0, Long.class)));
        ArrayNode visitors = body.putArray("visitors");
        dsl.fetch("select anonymous_id from visitors where contact_id = ? order by anonymous_id", id).forEach(r -> visitors.add(r.get(0, String.class)));
        ObjectNode consent = body.putObject("consent");
        Map<String, String> current = new TreeMap<>();
        ArrayNode history = json.createArrayNode();
        dsl.fetch("select channel, status, occurred_at from consents where contact_id = ? order by occurred_at, (status = 'denied'), id", id).forEach(r -> {
            current.put(r.get(0, String.class), r.get(1, String.class));
            history.addObject().put("channel", r.get(0, String.class)).put("status", r.get(1, String.class))
                    .put("timestamp", time(r.get(2, OffsetDateTime.class)));
        });
        ObjectNode currentNode = consent.putObject("current");
        current.forEach(currentNode::put);
        consent.set("history", history);
        ArrayNode events = body.putArray("recentEvents");
        dsl.fetch("select e.message_id, e.kind, e.event_name, u.url, e.form_id, e.occurred_at, e.anonymous_id, e.user_id from events e "
                + "left join urls u on u.id = e.url_id where e.contact_id = ? order by e.occurred_at desc, e.id desc limit " + RECENT_EVENTS, id).forEach(r -> {
            ObjectNode event = events.addObject();
            event.put("messageId", r.get(0, String.class));
            short kind = r.get(1, Short.class);
            event.put("kind", kind == 1 ? "pageView" : kind == 2 ? "formSubmit" : "other");
            event.put("name", r.get(2, String.class));
            event.put("url", r.get(3, String.class));
            event.put("formId", r.get(4, String.class));
            event.put("timestamp", time(r.get(5, OffsetDateTime.class)));
            event.put("anonymousId", r.get(6, String.class));
            event.put("userId", r.get(7, String.class));
        });
        return body;
    }

    public ObjectNode company(Record row) {
        long id = row.get("id", Long.class);
        ObjectNode body = json.createObjectNode();
        body.put("id", id);
        body.put("domain", row.get("domain", String.class));
        body.put("groupId", row.get("group_id", String.class));
        body.put("name", row.get("name", String.class));
        body.put("industry", row.get("industry", String.class));
        java.math.BigDecimal employees = row.get("employee_count", java.math.BigDecimal.class);
        java.math.BigDecimal revenue = row.get("annual_revenue", java.math.BigDecimal.class);
        if (employees == null) {
            body.putNull("employeeCount");
        } else {
            body.put("employeeCount", employees);
        }
        if (revenue == null) {
            body.putNull("annualRevenue");
        } else {
            body.put("annualRevenue", revenue);
        }
        body.put("country", row.get("country", String.class));
        body.put("city", row.get("city", String.class));
        body.put("createdAt", time(row.get("created_at", OffsetDateTime.class)));
        body.put("updatedAt", time(row.get("updated_at", OffsetDateTime.class)));
        body.set("properties", read(row.get("properties", JSONB.class)));
        ArrayNode contacts = body.putArray("contacts");
        dsl.fetch("select id, email, nullif(trim(concat_ws(' ', first_name, last_name)), '') from contacts "
                + "where company_id = ? and deleted_at is null and merged_into is null order by id limit 1000", id)
                .forEach(r -> contacts.addObject().put("id", r.get(0, Long.class)).put("email", r.get(1, String.class)).put("name", r.get(2, String.class)));
        return body;
    }

    private ObjectNode read(JSONB value) {
        try {
            return value == null ? json.createObjectNode() : (ObjectNode) json.readTree(value.data());
        } catch (JsonProcessingException corrupt) {
            throw new IllegalStateException(corrupt);
        }
    }

    static String time(OffsetDateTime time) {
        return time == null ? null : time.toInstant().toString();
    }
}
