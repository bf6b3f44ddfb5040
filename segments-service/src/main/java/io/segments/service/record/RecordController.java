package io.segments.service.record;

import io.segments.postgres.store.CompanyStore;
import io.segments.postgres.store.ContactStore;
import io.segments.service.problem.ApiProblem;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

import static io.segments.service.segment.Evaluator.WORKSPACE;

/** Removing contacts and companies: a removed record leaves every universe. */
@RestController
public class RecordController {
    private final DSLContext dsl;

    public RecordController(DSLContext dsl) {
        this.dsl = dsl;
    }

    @DeleteMapping("/api/contacts/{id}")
    ResponseEntity<Void> deleteContact(@PathVariable long id) {
        boolean deleted = dsl.transactionResult(configuration -> new ContactStore(DSL.using(configuration)).delete(WORKSPACE, id));
        if (!deleted) {
            throw ApiProblem.notFound("contact_not_found", "There is no contact " + id + ".", "/id");
        }
        return ResponseEntity.noContent().build();
    }

    @DeleteMapping("/api/companies/{id}")
    ResponseEntity<Void> deleteCompany(@PathVariable long id) {
        boolean deleted = dsl.transactionResult(configuration -> new CompanyStore(DSL.using(configuration)).delete(WORKSPACE, id));
        if (!deleted) {
            throw ApiProblem.notFound("company_not_found", "There is no company " + id + ".", "/id");
        }
        return ResponseEntity.noContent().build();
    }
}
