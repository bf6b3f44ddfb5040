package io.segments.postgres;

import com.fasterxml.jackson.databind.JsonNode;
import io.segments.corpus.CorpusEngine;
import io.segments.corpus.CorpusWorld;
import io.segments.definition.ConsentStatus;
import io.segments.definition.Definition;
import io.segments.definition.Subject;
import io.segments.postgres.store.CompanyStore;
import io.segments.postgres.store.ConsentStore;
import io.segments.postgres.store.ContactStore;
import io.segments.postgres.store.EventStore;
import io.segments.postgres.store.PropertyStore;
import io.segments.postgres.store.WorkspaceStore;
import io.segments.schema.FieldType;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Runs corpus data operations through the PostgreSQL stores, one workspace per corpus file. */
public final class PostgresCorpusWorld implements CorpusWorld {
    public static final CorpusEngine ENGINE = PostgresCorpusWorld::new;

    private final DSLContext dsl = TestDatabase.dsl();
    private final long workspaceId;
    private final PostgresSegmentEngine engine;

    private PostgresCorpusWorld(String timeZone) {
        this.workspaceId = new WorkspaceStore(dsl).create("corpus", ZoneId.of(timeZone));
        this.engine = new PostgresSegmentEngine(dsl, Duration.ofSeconds(10));
    }

    public long workspaceId() {
        return workspaceId;
    }

    public PostgresSegmentEngine engine() {
        return engine;
    }

    @Override
    public void apply(JsonNode operation) {
        dsl.transaction(configuration -> apply(DSL.using(configuration), operation));
    }

    private void apply(DSLContext transaction, JsonNode operation) {
        ContactStore contacts = new ContactStore(transaction);
        CompanyStore companies = new CompanyStore(transaction);
        String op = operation.path("op").asText();
        switch (op) {
            case "property" -> new PropertyStore(transaction).define(workspaceId,
                    Subject.fromJsonName(operation.path("subject").asText()).orElseThrow(), operation.path("name").asText(),
                    FieldType.fromJsonName(operation.path("type").asText()).orElseThrow(), strings(operation.path("options")));
            case "contact" -> contacts.upsert(workspaceId, new ContactStore.ContactChange(operation.path("email").asText(),
                    null, instant(operation, "createdAt"), traits(operation.path("traits"))));
            case "company" -> companies.upsert(workspaceId, operation.path("domain").asText(), instant(operation, "createdAt"),
                    traits(operation.path("traits")));
            case "link" -> contacts.linkToCompany(contact(contacts, operation.path("email").asText()),
                    companies.find(workspaceId, operation.path("domain").asText()).orElseThrow());
            case "identify" -> contacts.identify(workspaceId, operation.path("anonymousId").asText(),
                    contact(contacts, operation.path("email").asText()));
            case "page", "form", "track" -> {
                Long contactId = operation.hasNonNull("email") ? contact(contacts, operation.path("email").asText()) : null;
                EventStore.Kind kind = switch (op) {
                    case "page" -> EventStore.Kind.PAGE_VIEW;
                    case "form" -> EventStore.Kind.FORM_SUBMISSION;
                    default -> EventStore.Kind.OTHER;
                };
                new EventStore(transaction).record(workspaceId, new EventStore.Event(operation.path("messageId").asText(), kind,
                        operation.path("anonymousId").asText(null), contactId, operation.path("url").asText(null),
                        operation.path("form").asText(null), operation.path("event").asText(null), null, instant(operation, "timestamp")));
            }
            case "consent" -> new ConsentStore(transaction).append(workspaceId, contact(contacts, operation.path("email").asText()),
                    operation.path("channel").asText(), ConsentStatus.fromJsonName(operation.path("status").asText()).orElseThrow(),
                    instant(operation, "timestamp"));
            case "merge" -> contacts.merge(workspaceId, contact(contacts, operation.path("from").asText()),
                    contact(contacts, operation.path("into").asText()));
            case "deleteContact" -> assertThat(contacts.delete(workspaceId, contact(contacts, operation.path("email").asText()))).isTrue();
            case "deleteCompany" -> assertThat(companies.delete(workspaceId,
                    companies.find(workspaceId, operation.path("domain").asText()).orElseThrow())).isTrue();
            default -> throw new IllegalArgumentException("unknown corpus operation " + op);
        }
    }

    private long contact(ContactStore contacts, String email) {
        return contacts.findByEmail(workspaceId, email).orElseThrow(() -> new IllegalArgumentException("no contact " + email));
    }

    @Override
    public List<String> memberKeys(Definition definition, Instant asOf) {
        return CorpusWorld.keysByPages(engine, workspaceId, definition, asOf);
    }

    @Override
    public long count(Definition definition, Instant asOf) {
        return engine.count(workspaceId, definition, asOf);
    }

    private static Map<String, JsonNode> traits(JsonNode traits) {
        Map<String, JsonNode> map = new LinkedHashMap<>();
        traits.fields().forEachRemaining(entry -> map.put(entry.getKey(), entry.getValue()));
        return map;
    }

    private static List<String> strings(JsonNode array) {
        List<String> strings = new ArrayList<>();
        array.forEach(item -> strings.add(item.asText()));
        return strings;
    }

    private static Instant instant(JsonNode operation, String name) {
        return operation.hasNonNull(name) ? Instant.parse(operation.path(name).asText()) : null;
    }
}
