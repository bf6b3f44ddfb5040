package io.segments.service.contact;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.segments.postgres.store.ContactStore;
import io.segments.service.problem.ApiProblem;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.multipart.MultipartFile;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import static io.segments.service.segment.Evaluator.WORKSPACE;

/** Reading contacts and companies: fields, custom properties, company, visitors, consent, recent events. */
@RestController
public class ContactController {
    private final DSLContext dsl;
    private final RecordViews views;
    private final ObjectMapper json;

    public ContactController(DSLContext dsl, RecordViews views, ObjectMapper json) {
        this.dsl = dsl;
        this.views = views;
        this.json = json;
    }

    /** With {@code email}: that contact (following merges). Without: a page of contacts in id order. */
    @GetMapping("/api/contacts")
    ObjectNode find(@RequestParam(required = false) String email, @RequestParam(required = false) Long after,
                    @RequestParam(required = false) Integer limit) {
        if (email != null) {
            long id = new ContactStore(dsl).findByEmail(WORKSPACE, email.strip())
                    .orElseThrow(() -> ApiProblem.notFound("contact_not_found", "There is no contact with email " + email.strip() + ".", "/email"));
            return views.contact(live(id));
        }
        int size = limit == null ? 100 : limit;
        if (size < 1 || size > 1000) {
            throw ApiProblem.badRequest("out_of_range", "\"limit\" is a whole number from 1 to 1000.", "/limit");
        }
        ObjectNode page = json.createObjectNode();
        ArrayNode contacts = page.putArray("contacts");
        Long last = null;
        for (Record row : dsl.fetch("select id, email, nullif(trim(concat_ws(' ', first_name, last_name)), '') from contacts "
                + "where workspace_id = ? and deleted_at is null and merged_into is null and id > ? order by id limit ?", WORKSPACE, after == null ? 0 : after, size)) {
            last = row.get(0, Long.class);
            contacts.addObject().put("id", last).put("email", row.get(1, String.class)).put("name", row.get(2, String.class));
        }
        if (contacts.size() == size) {
            page.put("next", last);
        } else {
            page.putNull("next");
        }
        return page;
    }

    @GetMapping("/api/contacts/{id}")
    ObjectNode contact(@PathVariable long id) {
        Record row = dsl.fetchOne("select * from contacts where id = ? and workspace_id = ? and deleted_at is null", id, WORKSPACE);
        if (row == null) {
            throw ApiProblem.notFound("contact_not_found", "There is no contact " + id + ".", "/id");
        }
        Long mergedInto = row.get("merged_into", Long.class);
        if (mergedInto != null) {
            long survivor = new ContactStore(dsl).survivor(id);
            throw new ApiProblem(404, "contact_merged", "Not found", "Contact " + id + " was merged into contact " + survivor + ".", "/id");
        }
        return views.contact(row);
    }

    /** CSV import (multipart field {@code file}); see {@link ContactImport} for the format. */
    @PostMapping(path = "/api/contacts/import", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    ObjectNode importContacts(@RequestParam("file") MultipartFile file) throws IOException {
        ContactImport.Result result;
        try (Reader reader = new BufferedReader(new InputStreamReader(file.getInputStream(), StandardCharsets.UTF_8))) {
            result = new ContactImport(dsl, json, WORKSPACE).run(reader);
        }
        ObjectNode answer = json.createObjectNode();
        answer.put("imported", result.imported());
        answer.put("created", result.created());
        answer.put("updated", result.updated());
        answer.put("rejected", result.errors().stream().map(ContactImport.RowError::line).distinct().count());
        ArrayNode errors = answer.putArray("errors");
        for (ContactImport.RowError error : result.errors()) {
            ObjectNode item = errors.addObject();
            item.put("line", error.line());
            item.put("column", error.column());
            item.put("code", error.code());
            item.put("message", error.message());
        }
        return answer;
    }

    @GetMapping("/api/companies/{id}")
    ObjectNode company(@PathVariable long id) {
        Record row = dsl.fetchOne("select * from companies where id = ? and workspace_id = ? and deleted_at is null", id, WORKSPACE);
        if (row == null) {
            throw ApiProblem.notFound("company_not_found", "There is no company " + id + ".", "/id");
        }
        return views.company(row);
    }

    private Record live(long id) {
        return dsl.fetchOne("select * from contacts where id = ?", id);
    }
}
