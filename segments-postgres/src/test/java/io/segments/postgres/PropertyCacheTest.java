package io.segments.postgres;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.segments.definition.Subject;
import io.segments.postgres.store.ContactStore;
import io.segments.postgres.store.PropertyCache;
import io.segments.postgres.store.PropertyStore;
import io.segments.postgres.store.TraitProblem;
import io.segments.postgres.store.WorkspaceStore;
import io.segments.schema.FieldType;
import org.jooq.DSLContext;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The per-transaction catalog cache gives the same answers as reading the catalog each time. */
class PropertyCacheTest {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final DSLContext dsl = TestDatabase.dsl();
    private final long workspace = new WorkspaceStore(dsl).create("property-cache", ZoneId.of("UTC"));
    private final PropertyStore store = new PropertyStore(dsl);

    @Test
    void findsWhatItDeclaresAndWhatOthersDeclaredAfterItWasRead() {
        PropertyCache cache = new PropertyCache(store);
        assertThat(cache.find(workspace, Subject.CONTACTS, "plan")).isEmpty(); // the catalog is read (empty)
        cache.define(workspace, Subject.CONTACTS, "plan", FieldType.TEXT, List.of());
        assertThat(cache.find(workspace, Subject.CONTACTS, "plan").orElseThrow().type()).isEqualTo(FieldType.TEXT);
        // Declared by another writer after the cache read the catalog: still found.
        store.define(workspace, Subject.CONTACTS, "seats", FieldType.NUMBER, List.of());
        assertThat(cache.find(workspace, Subject.CONTACTS, "seats").orElseThrow().type()).isEqualTo(FieldType.NUMBER);
        assertThat(cache.find(workspace, Subject.COMPANIES, "plan")).isEmpty();
    }

    @Test
    void contactsWrittenThroughOneCacheGetTheSameTypesProblemsAndFoldedTextAsWithout() {
        PropertyCache cache = new PropertyCache(store);
        ContactStore cached = new ContactStore(dsl, cache);
        ContactStore plain = new ContactStore(dsl);
        long first = cached.create(workspace, new ContactStore.ContactChange("a@cache.test", null, Instant.parse("2026-01-01T00:00:00Z"), Map.of()));
        long second = plain.create(workspace, new ContactStore.ContactChange("b@cache.test", null, Instant.parse("2026-01-01T00:00:00Z"), Map.of()));
        assertThat(cached.update(workspace, first, traits("Plan Pro", 3))).isEmpty(); // declares tier (text) and seats (number)
        // Another writer's view: the declarations are there, and a wrong type is a problem, not coerced.
        List<TraitProblem> problems = plain.update(workspace, second, traits("Free", "many"));
        assertThat(problems).extracting(TraitProblem::trait, TraitProblem::code).containsExactly(org.assertj.core.groups.Tuple.tuple("seats", "wrong_type"));
        List<TraitProblem> again = cached.update(workspace, first, traits("Enterprise", "lots"));
        assertThat(again).extracting(TraitProblem::trait, TraitProblem::code).containsExactly(org.assertj.core.groups.Tuple.tuple("seats", "wrong_type"));
        assertThat(dsl.fetchValue("select folded->>'tier' from contacts where id = ?", first)).isEqualTo("enterprise");
        assertThat(dsl.fetchValue("select (properties->>'seats')::int from contacts where id = ?", first)).isEqualTo(3);
        assertThat(dsl.fetchValue("select folded->>'tier' from contacts where id = ?", second)).isEqualTo("free");
    }

    private static Map<String, JsonNode> traits(String tier, Object seats) {
        Map<String, JsonNode> traits = new LinkedHashMap<>();
        traits.put("tier", JSON.textNode(tier));
        traits.put("seats", seats instanceof Integer number ? JSON.numberNode(number) : JSON.textNode(seats.toString()));
        return traits;
    }
}
