package io.segments.service.segment;

import com.fasterxml.jackson.databind.JsonNode;
import io.segments.definition.Definition;
import io.segments.definition.validation.CheckedDefinition;
import io.segments.engine.Cancellation;
import io.segments.engine.CountedPage;
import io.segments.engine.Member;
import io.segments.engine.SegmentEngine;
import io.segments.postgres.store.PropertyStore;
import io.segments.service.problem.ApiProblem;
import io.segments.service.problem.RequestBodies;
import org.jooq.DSLContext;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.function.Consumer;

/** Checks definitions against the workspace's catalog and evaluates them with the engine. */
@Component
public class Evaluator {
    public static final long WORKSPACE = 1;

    private final SegmentEngine engine;
    private final PropertyStore properties;

    public Evaluator(SegmentEngine engine, DSLContext dsl) {
        this.engine = engine;
        this.properties = new PropertyStore(dsl);
    }

    public CheckedDefinition check(JsonNode definitionJson) {
        if (definitionJson == null || definitionJson.isNull()) {
            throw ApiProblem.badRequest("missing_definition", "\"definition\" is required.", "/definition");
        }
        return CheckedDefinition.check(definitionJson, properties.catalog(WORKSPACE));
    }

    /** For previews: invalid conditions fail, incomplete ones are skipped. */
    public CheckedDefinition.Preview forPreview(JsonNode definitionJson) {
        CheckedDefinition checked = check(definitionJson);
        if (!checked.previewErrors().isEmpty()) {
            throw RequestBodies.definitionInvalid(checked.previewErrors());
        }
        return checked.preview();
    }

    /** For saving: any problem fails, including a definition without a complete condition. */
    public Definition forSave(JsonNode definitionJson) {
        CheckedDefinition checked = check(definitionJson);
        if (!checked.saveErrors().isEmpty()) {
            throw RequestBodies.definitionInvalid(checked.saveErrors());
        }
        return checked.definition().orElseThrow();
    }

    public long count(Definition definition, Instant asOf) {
        return engine.count(WORKSPACE, definition, asOf);
    }

    /** Count and page from one snapshot: the one answer rule. */
    public CountedPage countAndMembers(Definition definition, Instant asOf, long after, int limit, Cancellation cancellation) {
        return engine.countAndMembers(WORKSPACE, definition, asOf, after, limit, cancellation);
    }

    public void forEachMember(Definition definition, Instant asOf, Consumer<Member> consumer) {
        engine.forEachMember(WORKSPACE, definition, asOf, consumer);
    }
}
