package io.segments.postgres;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.segments.definition.And;
import io.segments.definition.Attribute;
import io.segments.definition.AttributeOperator;
import io.segments.definition.Consent;
import io.segments.definition.ConsentStatus;
import io.segments.definition.Definition;
import io.segments.definition.FormSubmit;
import io.segments.definition.Literal;
import io.segments.definition.Node;
import io.segments.definition.Not;
import io.segments.definition.Or;
import io.segments.definition.PageView;
import io.segments.definition.Recency;
import io.segments.definition.Subject;
import io.segments.definition.json.DefinitionJson;
import io.segments.definition.validation.CheckedDefinition;
import io.segments.engine.Member;
import io.segments.index.IndexSegmentEngine;
import io.segments.postgres.index.DataChanges;
import io.segments.postgres.index.IndexedSegmentEngine;
import io.segments.postgres.index.WorkspaceIndexLoader;
import io.segments.postgres.store.PropertyStore;
import io.segments.schema.FieldType;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.BeforeContainer;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Set algebra over random data and random definitions (fixed seeds): a negation counts exactly
 * the rest of the universe, {@code and}/{@code or} are the intersection/union of their children's
 * member sets, and the count equals the members listed.
 */
class SetAlgebraPropertyTest {
    private static final Instant AS_OF = Instant.parse("2025-01-01T00:00:00Z");
    private static final List<String> URLS = List.of("https://shop.test/pricing", "https://shop.test/pricing?plan=pro",
            "https://shop.test/blog/caf%C3%A9", "https://shop.test/docs/start", "https://shop.test/", "https://shop.test/careers");
    private static final List<String> FORMS = List.of("demo-request", "newsletter", "webinar");
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private static PostgresCorpusWorld world;
    private static long universe;
    private static IndexSegmentEngine indexEngine;

    @BeforeContainer
    static void randomData() {
        world = (PostgresCorpusWorld) PostgresCorpusWorld.ENGINE.newWorld("Europe/Berlin");
        Random random = new Random(20261203);
        world.apply(op("property").put("subject", "contacts").put("name", "score").put("type", "number"));
        String[] countries = {"DE", "de", "FR", "", "   ", null, "Österreich"};
        String[] stages = {"lead", "customer", "mql", null};
        int contacts = 60;
        for (int index = 0; index < contacts; index++) {
            ObjectNode traits = JSON.objectNode();
            traits.put("country", countries[random.nextInt(countries.length)]);
            traits.put("lifecycleStage", stages[random.nextInt(stages.length)]);
            if (random.nextInt(3) > 0) {
                traits.put("score", random.nextInt(101));
            }
            world.apply(op("contact").put("email", email(index))
                    .put("createdAt", AS_OF.minusSeconds(86_400L * random.nextInt(400)).toString()).set("traits", traits));
        }
        for (int index = 0; index < 40; index++) {
            world.apply(op("identify").put("anonymousId", "visitor-" + index).put("email", email(random.nextInt(contacts))));
        }
        for (int index = 0; index < 400; index++) {
            ObjectNode event = random.nextInt(4) == 0 ? op("form").put("form", FORMS.get(random.nextInt(FORMS.size())))
                    : op("page").put("url", URLS.get(random.nextInt(URLS.size())));
            int sender = random.nextInt(70);
            if (sender < contacts && random.nextBoolean()) {
                event.put("email", email(sender));
            } else {
                event.put("anonymousId", "visitor-" + sender);
            }
            // Some retries: the same message id again.
            event.put("messageId", "m" + (random.nextInt(10) == 0 ? index / 2 : index));
            event.put("timestamp", AS_OF.minusSeconds(random.nextInt(200 * 86_400)).toString());
            world.apply(event);
        }
        for (int index = 0; index < 80; index++) {
            world.apply(op("consent").put("email", email(random.nextInt(contacts)))
                    .put("channel", random.nextBoolean() ? "email" : "sms").put("status", random.nextBoolean() ? "granted" : "denied")
                    .put("timestamp", AS_OF.minusSeconds(86_400L * random.nextInt(100)).toString()));
        }
        world.apply(op("merge").put("from", email(1)).put("into", email(2)));
        world.apply(op("merge").put("from", email(3)).put("into", email(4)));
        world.apply(op("deleteContact").put("email", email(5)));
        universe = world.count(new Definition(Subject.CONTACTS, null), AS_OF);
        IndexedSegmentEngine indexed = new IndexedSegmentEngine(world.engine(), new WorkspaceIndexLoader(TestDatabase.dsl()),
                new DataChanges(TestDatabase.dsl()));
        indexEngine = new IndexSegmentEngine(indexed::awaitCurrent);
        assertThat(world.memberKeys(new Definition(Subject.CONTACTS, null), AS_OF)).hasSize((int) universe);
        // The data must make the properties bite: every family of leaf splits the universe.
        for (Node leaf : List.<Node>of(new PageView("pricing", 90, 2), new FormSubmit("demo-request", null, null),
                new Consent("email", ConsentStatus.GRANTED), Attribute.of("country", AttributeOperator.EQUALS, Literal.of("de")),
                Attribute.of("score", AttributeOperator.GT, new Literal.Number(BigDecimal.valueOf(50))),
                new Recency(Recency.Of.ACTIVITY, Recency.Operator.WITHIN_LAST_DAYS, 30))) {
            assertThat(world.count(new Definition(Subject.CONTACTS, leaf), AS_OF)).as(leaf.toString()).isBetween(1L, universe - 1);
        }
        assertThat(new PropertyStore(TestDatabase.dsl()).catalog(world.workspaceId()).field(Subject.CONTACTS, "score").orElseThrow().type())
                .isEqualTo(FieldType.NUMBER);
    }

    @Property(tries = 150, seed = "20261203")
    void negationIsTheExactComplement(@ForAll("nodes") Node node) {
        Definition definition = checked(node);
        long count = world.count(definition, AS_OF);
        long complement = world.count(new Definition(Subject.CONTACTS, new Not(definition.where())), AS_OF);
        assertThat(count + complement).as(DefinitionJson.write(definition).toString()).isEqualTo(universe);
    }

    @Property(tries = 100, seed = "31337")
    void groupsAreIntersectionsAndUnionsOfTheirChildren(@ForAll("nodes") Node left, @ForAll("nodes") Node right) {
        Set<String> leftMembers = members(left);
        Set<String> rightMembers = members(right);
        Set<String> intersection = new LinkedHashSet<>(leftMembers);
        intersection.retainAll(rightMembers);
        Set<String> union = new LinkedHashSet<>(leftMembers);
        union.addAll(rightMembers);
        assertThat(members(new And(List.of(left, right)))).isEqualTo(intersection);
        assertThat(members(new Or(List.of(left, right)))).isEqualTo(union);
    }

    @Property(tries = 60, seed = "7")
    void theCountIsTheNumberOfMembersListedInAscendingOrder(@ForAll("nodes") Node node) {
        Definition definition = checked(node);
        List<String> listed = world.memberKeys(definition, AS_OF);
        assertThat(world.count(definition, AS_OF)).isEqualTo(listed.size());
        assertThat(new LinkedHashSet<>(listed)).hasSameSizeAs(listed);
        List<Long> ids = new ArrayList<>();
        long after = 0;
        while (true) {
            var page = world.engine().members(world.workspaceId(), definition, AS_OF, after, 7);
            page.members().forEach(member -> ids.add(member.id()));
            if (page.next() == null) {
                break;
            }
            after = page.next();
        }
        assertThat(ids).isSorted().hasSize(listed.size());
    }

    /**
     * The in-memory index engine, loaded from the same workspace, lists exactly the SQL engine's
     * members (ids and keys, in order) for every definition.
     */
    @Property(tries = 200, seed = "424242")
    void theIndexEngineAgreesWithTheSqlEngine(@ForAll("nodes") Node node) {
        Definition definition = checked(node);
        List<Member> sql = new ArrayList<>();
        world.engine().forEachMember(world.workspaceId(), definition, AS_OF, sql::add);
        List<Member> index = new ArrayList<>();
        indexEngine.forEachMember(world.workspaceId(), definition, AS_OF, index::add);
        assertThat(index).as(DefinitionJson.write(definition).toString()).isEqualTo(sql);
        assertThat(indexEngine.count(world.workspaceId(), definition, AS_OF)).isEqualTo(sql.size());
    }

    private static Set<String> members(Node node) {
        return new LinkedHashSet<>(world.memberKeys(checked(node), AS_OF));
    }

    /** Round-trips through JSON and validation, as the service would, so only valid definitions run. */
    private static Definition checked(Node node) {
        JsonNode json = DefinitionJson.write(new Definition(Subject.CONTACTS, node));
        CheckedDefinition checked = CheckedDefinition.check(json, new PropertyStore(TestDatabase.dsl()).catalog(world.workspaceId()));
        assertThat(checked.saveErrors()).as(json.toString()).isEmpty();
        return checked.definition().orElseThrow();
    }

    @Provide
    Arbitrary<Node> nodes() {
        return node(3);
    }

    private Arbitrary<Node> node(int depth) {
        if (depth == 0) {
            return leaf();
        }
        Arbitrary<List<Node>> children = Arbitraries.lazy(() -> node(depth - 1)).list().ofMinSize(1).ofMaxSize(3);
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(5, leaf()),
                net.jqwik.api.Tuple.of(2, children.map(list -> (Node) new And(list))),
                net.jqwik.api.Tuple.of(2, children.map(list -> (Node) new Or(list))),
                net.jqwik.api.Tuple.of(1, Arbitraries.lazy(() -> node(depth - 1)).map(child -> (Node) new Not(child))));
    }

    private Arbitrary<Node> leaf() {
        Arbitrary<Integer> days = Arbitraries.of(1, 7, 30, 90, 365);
        Arbitrary<Integer> optionalDays = Arbitraries.of(1, 7, 30, 90, 365).injectNull(0.3);
        Arbitrary<Integer> atLeast = Arbitraries.of(1, 2, 3).injectNull(0.3);
        Arbitrary<Node> country = Arbitraries.of(AttributeOperator.EQUALS, AttributeOperator.NOT_EQUALS, AttributeOperator.CONTAINS,
                        AttributeOperator.STARTS_WITH, AttributeOperator.ENDS_WITH)
                .flatMap(operator -> Arbitraries.of("DE", "de", "fr", "ö", "Österreich", "x").map(value ->
                        (Node) Attribute.of("country", operator, Literal.of(value))));
        Arbitrary<Node> countrySet = Arbitraries.of(AttributeOperator.IS_SET, AttributeOperator.IS_NOT_SET)
                .map(operator -> (Node) new Attribute("country", operator, null, null));
        Arbitrary<Node> stage = Arbitraries.of(AttributeOperator.IN, AttributeOperator.NOT_IN).flatMap(operator ->
                Arbitraries.of("lead", "customer", "mql", "sql").list().ofMinSize(1).ofMaxSize(2).uniqueElements()
                        .map(values -> (Node) Attribute.ofValues("lifecycleStage", operator, values.stream().map(Literal::of).toList())));
        Arbitrary<Node> score = Arbitraries.of(AttributeOperator.GT, AttributeOperator.LTE, AttributeOperator.EQUALS, AttributeOperator.NOT_EQUALS)
                .flatMap(operator -> Arbitraries.integers().between(0, 100).map(value ->
                        (Node) Attribute.of("score", operator, new Literal.Number(BigDecimal.valueOf(value)))));
        Arbitrary<Node> scoreBetween = Arbitraries.integers().between(0, 60).map(low ->
                (Node) Attribute.ofValues("score", AttributeOperator.BETWEEN,
                        List.of(new Literal.Number(BigDecimal.valueOf(low)), new Literal.Number(BigDecimal.valueOf(low + 40)))));
        Arbitrary<Node> created = Arbitraries.of(AttributeOperator.WITHIN_LAST_DAYS, AttributeOperator.MORE_THAN_DAYS_AGO)
                .flatMap(operator -> days.map(value -> (Node) Attribute.of("createdAt", operator, Literal.of(value))));
        Arbitrary<Node> pageView = Arbitraries.of("pricing", "/café", "PLAN=PRO", "docs", "").flatMap(url -> optionalDays.flatMap(window ->
                atLeast.map(minimum -> (Node) new PageView(url.isEmpty() ? null : url, window, minimum))));
        Arbitrary<Node> formSubmit = Arbitraries.of("demo-request", "newsletter", "").flatMap(form -> optionalDays.flatMap(window ->
                atLeast.map(minimum -> (Node) new FormSubmit(form.isEmpty() ? null : form, window, minimum))));
        Arbitrary<Node> consent = Arbitraries.of("email", "sms", "SMS").flatMap(channel ->
                Arbitraries.of(ConsentStatus.values()).map(status -> (Node) new Consent(channel, status)));
        Arbitrary<Node> recency = Arbitraries.of(Recency.Of.values()).flatMap(of -> Arbitraries.of(Recency.Operator.values()).flatMap(operator ->
                days.map(value -> (Node) new Recency(of, operator, operator == Recency.Operator.NEVER ? null : value))));
        return Arbitraries.oneOf(country, countrySet, stage, score, scoreBetween, created, pageView, formSubmit, consent, recency);
    }

    private static ObjectNode op(String name) {
        return JSON.objectNode().put("op", name);
    }

    private static String email(int index) {
        return "person" + index + "@example.test";
    }
}
