package io.segments.definition.validation;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.segments.definition.Definition;
import io.segments.definition.json.DefinitionJson;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Whatever JSON a client sends, checking it never throws: it yields a definition and problems whose
 * pointers lead into the document, and a preview of anything without errors is itself complete.
 */
class ArbitraryJsonPropertyTest {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private static final List<String> KEYS = List.of("type", "conditions", "condition", "where", "field", "operator", "value",
            "values", "of", "days", "channel", "status", "urlContains", "withinDays", "atLeast", "form", "subject", "extra", "a/b~c");
    private static final List<String> TYPES = List.of("and", "or", "not", "attribute", "recency", "consent", "pageView",
            "formSubmit", "people");
    private static final List<String> FIELDS = List.of("country", "email", "score", "vip", "renewalDate", "seenAt", "tier",
            "lifecycleStage", "createdAt", "company.industry", "company.employeeCount", "company.plan", "plan", "industry",
            "employeeCount", "nope", "", " ");
    private static final List<String> OPERATORS = List.of("equals", "notEquals", "contains", "notContains", "startsWith",
            "endsWith", "in", "notIn", "isSet", "isNotSet", "gt", "gte", "lt", "lte", "between", "before", "after", "on",
            "withinLastDays", "moreThanDaysAgo", "never", "like");
    private static final List<String> WORDS = List.of("activity", "pageView", "formSubmit", "created", "granted", "denied",
            "unknown", "contacts", "companies", "email", "DE", "lead", "GOLD", "Silver", "2024-05-31", "2024-05-31T08:00:00Z",
            "2024-05-31T08:00:00+02:00", "yesterday", "/pricing", "%", "_", "\\", "' OR 1=1 --", "", "  ", "émile", "🎉");

    @Property(seed = "20240601", tries = 1000)
    void checkingArbitraryJsonOnlyEverProducesProblems(@ForAll("documents") JsonNode document) {
        CheckedDefinition checked = CheckedDefinition.check(document, DefinitionValidationTest.CATALOG);

        Set<String> pointers = new HashSet<>();
        for (Problem problem : checked.saveErrors()) {
            assertThat(problem.message()).isNotBlank();
            assertThat(problem.pointer()).matches("(/.*)?");
            assertThat(pointers.add(problem.pointer())).as("one problem per pointer: %s", checked.saveErrors()).isTrue();
            if (!problem.pointer().isEmpty()) {
                JsonPointer parent = JsonPointer.compile(problem.pointer()).head();
                assertThat(document.at(parent).isMissingNode()).as("the parent of %s is in %s", problem.pointer(), document).isFalse();
            }
        }
        if (checked.definition().isPresent() && checked.previewErrors().isEmpty()) {
            CheckedDefinition.Preview preview = checked.preview();
            for (String ignored : preview.ignored()) {
                assertThat(document.at(ignored).isMissingNode()).as("ignored %s is in %s", ignored, document).isFalse();
            }
            CheckedDefinition pruned = CheckedDefinition.check(DefinitionJson.write(preview.definition()), DefinitionValidationTest.CATALOG);
            assertThat(pruned.problems()).as("the preview of %s", document).isEmpty();
        }
        if (checked.saveErrors().isEmpty()) {
            Definition definition = checked.definition().orElseThrow();
            assertThat(checked.preview().ignored()).isEmpty();
            assertThat(checked.preview().definition()).isEqualTo(definition);
            assertThat(DefinitionJson.parse(DefinitionJson.write(definition)).definition()).contains(definition);
        }
    }

    @Provide
    Arbitrary<JsonNode> documents() {
        return Arbitraries.frequencyOf(
                Tuple.of(1, any(3)),
                Tuple.of(8, definition()));
    }

    private Arbitrary<JsonNode> definition() {
        Arbitrary<JsonNode> subject = Arbitraries.frequencyOf(
                Tuple.of(8, Arbitraries.of("contacts", "companies").map(JSON::textNode)),
                Tuple.of(1, scalar()));
        return Combinators.combine(subject.injectNull(0.05), condition(4).injectNull(0.1), any(1).injectNull(0.9))
                .as((subjectNode, where, extra) -> {
                    ObjectNode definition = JSON.objectNode();
                    if (subjectNode != null) {
                        definition.set("subject", subjectNode);
                    }
                    if (where != null) {
                        definition.set("where", where);
                    }
                    if (extra != null) {
                        definition.set("extra", extra);
                    }
                    return definition;
                });
    }

    /** An object that mostly looks like a condition: a known type and a random subset of keys with plausible values. */
    private Arbitrary<JsonNode> condition(int depth) {
        Arbitrary<JsonNode> type = Arbitraries.frequencyOf(
                Tuple.of(12, Arbitraries.of(TYPES).map(JSON::textNode)),
                Tuple.of(1, scalar()));
        Arbitrary<Set<String>> keys = Arbitraries.of(KEYS).set().ofMaxSize(5);
        return Combinators.combine(type.injectNull(0.03), keys).as(Tuple::of).flatMap(pair -> {
            List<String> names = new ArrayList<>(pair.get2());
            names.remove("type");
            List<Arbitrary<JsonNode>> values = names.stream().map(name -> valueFor(name, depth)).toList();
            Arbitrary<List<JsonNode>> combined = values.isEmpty() ? Arbitraries.just(List.of()) : Combinators.combine(values).as(list -> list);
            return combined.map(list -> {
                ObjectNode node = JSON.objectNode();
                if (pair.get1() != null) {
                    node.set("type", pair.get1());
                }
                for (int index = 0; index < names.size(); index++) {
                    node.set(names.get(index), list.get(index));
                }
                return (JsonNode) node;
            });
        });
    }

    private Arbitrary<JsonNode> valueFor(String key, int depth) {
        return switch (key) {
            case "conditions" -> depth <= 0 ? scalar() : Arbitraries.frequencyOf(
                    Tuple.of(8, Arbitraries.lazy(() -> condition(depth - 1)).list().ofMaxSize(4).map(ArbitraryJsonPropertyTest::array)),
                    Tuple.of(1, any(1)));
            case "condition", "where" -> depth <= 0 ? scalar() : Arbitraries.frequencyOf(
                    Tuple.of(8, Arbitraries.lazy(() -> condition(depth - 1))),
                    Tuple.of(1, any(1)));
            case "field" -> Arbitraries.frequencyOf(Tuple.of(8, Arbitraries.of(FIELDS).map(JSON::textNode)), Tuple.of(1, scalar()));
            case "operator" -> Arbitraries.frequencyOf(Tuple.of(8, Arbitraries.of(OPERATORS).map(JSON::textNode)), Tuple.of(1, scalar()));
            case "values" -> Arbitraries.frequencyOf(
                    Tuple.of(6, scalar().list().ofMaxSize(3).map(ArbitraryJsonPropertyTest::array)),
                    Tuple.of(1, scalar()));
            case "days", "withinDays", "atLeast" -> Arbitraries.frequencyOf(
                    Tuple.of(6, Arbitraries.integers().between(-2, 40).map(JSON::numberNode)),
                    Tuple.of(1, scalar()));
            default -> scalar();
        };
    }

    private Arbitrary<JsonNode> scalar() {
        return Arbitraries.frequencyOf(
                Tuple.of(1, Arbitraries.just(JSON.nullNode())),
                Tuple.of(1, Arbitraries.of(true, false).map(JSON::booleanNode)),
                Tuple.of(3, Arbitraries.integers().between(-3, 40).map(JSON::numberNode)),
                Tuple.of(1, Arbitraries.longs().map(JSON::numberNode)),
                Tuple.of(1, Arbitraries.of(new BigDecimal("10.50"), new BigDecimal("-0.5"), new BigDecimal("1E+400"),
                        new BigDecimal("1E-400"), new BigDecimal("2147483648")).map(JSON::numberNode)),
                Tuple.of(2, Arbitraries.of(Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 2.5, -0.0)
                        .map(number -> (JsonNode) JSON.numberNode(number.doubleValue()))),
                Tuple.of(5, Arbitraries.of(WORDS).map(JSON::textNode)),
                Tuple.of(1, Arbitraries.strings().ofMaxLength(8).map(JSON::textNode)));
    }

    private Arbitrary<JsonNode> any(int depth) {
        if (depth <= 0) {
            return scalar();
        }
        return Arbitraries.frequencyOf(
                Tuple.of(4, scalar()),
                Tuple.of(1, Arbitraries.lazy(() -> any(depth - 1)).list().ofMaxSize(3).map(ArbitraryJsonPropertyTest::array)),
                Tuple.of(1, Combinators.combine(Arbitraries.of(KEYS).list().ofMaxSize(3), Arbitraries.lazy(() -> any(depth - 1)).list().ofSize(3))
                        .as((names, values) -> {
                            ObjectNode node = JSON.objectNode();
                            for (int index = 0; index < names.size(); index++) {
                                node.set(names.get(index), values.get(index));
                            }
                            return (JsonNode) node;
                        })));
    }

    private static JsonNode array(List<JsonNode> items) {
        ArrayNode array = JSON.arrayNode();
        items.forEach(array::add);
        return array;
    }
}
