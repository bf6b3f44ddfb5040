package io.segments.index;

import io.segments.definition.Attribute;
import io.segments.definition.AttributeOperator;
import io.segments.definition.Consent;
import io.segments.definition.ConsentStatus;
import io.segments.definition.Definition;
import io.segments.definition.Literal;
import io.segments.definition.Node;
import io.segments.definition.Not;
import io.segments.definition.PageView;
import io.segments.definition.People;
import io.segments.definition.Recency;
import io.segments.definition.Subject;
import io.segments.engine.Member;
import io.segments.engine.MemberPage;
import io.segments.schema.FieldCatalog;
import io.segments.index.WorkspaceIndexBuilder.EventKind;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The index built by hand, without a database: events given out of order, consent ties, paging
 * and the universe at asOf. The shared semantic corpus checks the rest through the PostgreSQL
 * loader (segments-postgres).
 */
class WorkspaceIndexTest {
    private static final Instant AS_OF = Instant.parse("2025-06-01T00:00:00Z");

    private static long micros(String instant) {
        return Micros.of(Instant.parse(instant));
    }

    private static WorkspaceIndex index() {
        WorkspaceIndexBuilder builder = new WorkspaceIndexBuilder(ZoneId.of("UTC"), FieldCatalog.builtInOnly());
        int contactFields = builder.fields(Subject.CONTACTS).size();
        int companyFields = builder.fields(Subject.COMPANIES).size();
        builder.companies().add(7, "acme.test", "Acme", micros("2024-01-01T00:00:00Z"), 0, new Object[companyFields]);
        // Contact 30 is created after asOf: in no universe then.
        long[] ids = {10, 20, 25, 30};
        String[] created = {"2024-01-01T00:00:00Z", "2024-02-01T00:00:00Z", "2024-03-01T00:00:00Z", "2025-07-01T00:00:00Z"};
        for (int i = 0; i < ids.length; i++) {
            Object[] values = new Object[contactFields];
            values[builder.fields(Subject.CONTACTS).stream().map(field -> field.name()).toList().indexOf("country")] = i % 2 == 0 ? "de" : "fr";
            builder.contacts().add(ids[i], "c" + ids[i] + "@example.test", null, micros(created[i]), i < 3 ? 7 : 0, values);
        }
        builder.url(1, "https://shop.test/pricing");
        builder.url(2, "https://shop.test/blog");
        // Out of time order on purpose; one event after asOf, one of an unknown (deleted) contact.
        builder.event(10, EventKind.PAGE_VIEW, micros("2025-05-20T00:00:00Z"), 1, null);
        builder.event(10, EventKind.PAGE_VIEW, micros("2025-05-10T00:00:00Z"), 2, null);
        builder.event(10, EventKind.PAGE_VIEW, micros("2025-05-30T00:00:00Z"), 1, null);
        builder.event(20, EventKind.PAGE_VIEW, micros("2025-06-02T00:00:00Z"), 1, null);
        builder.event(20, EventKind.PAGE_VIEW, micros("2025-04-01T00:00:00Z"), 1, null);
        builder.event(99, EventKind.PAGE_VIEW, micros("2025-05-01T00:00:00Z"), 1, null);
        builder.event(25, EventKind.OTHER, micros("2025-05-31T00:00:00Z"), 0, null);
        // A grant and a withdrawal at the same instant: the withdrawal wins.
        builder.consent(10, "email", false, micros("2025-01-01T00:00:00Z"));
        builder.consent(10, "email", true, micros("2025-01-01T00:00:00Z"));
        builder.consent(20, "email", true, micros("2025-01-01T00:00:00Z"));
        builder.consent(20, "email", false, micros("2025-02-01T00:00:00Z"));
        builder.consent(25, "email", false, micros("2025-07-01T00:00:00Z"));
        return builder.build();
    }

    private static List<String> members(Node where) {
        IndexSegmentEngine engine = new IndexSegmentEngine(workspace -> INDEX);
        return engine.members(1, new Definition(Subject.CONTACTS, where), AS_OF, 0, 100).members().stream().map(Member::key).toList();
    }

    private static final WorkspaceIndex INDEX = index();

    @Test
    void eventsGivenOutOfOrderAreCountedInTheirWindow() {
        assertThat(members(new PageView("pricing", 30, 2))).containsExactly("c10@example.test");
        assertThat(members(new PageView(null, 30, 3))).containsExactly("c10@example.test");
        assertThat(members(new PageView("pricing", null, null))).containsExactly("c10@example.test", "c20@example.test");
        assertThat(members(new Recency(Recency.Of.ACTIVITY, Recency.Operator.WITHIN_LAST_DAYS, 7)))
                .containsExactly("c10@example.test", "c25@example.test");
        assertThat(members(new Recency(Recency.Of.PAGE_VIEW, Recency.Operator.MORE_THAN_DAYS_AGO, 30))).containsExactly("c20@example.test");
        assertThat(members(new Recency(Recency.Of.PAGE_VIEW, Recency.Operator.NEVER, null))).containsExactly("c25@example.test");
    }

    @Test
    void aWithdrawalOutranksAGrantAtTheSameInstant() {
        assertThat(members(new Consent("email", ConsentStatus.DENIED))).containsExactly("c10@example.test");
        assertThat(members(new Consent("Email", ConsentStatus.GRANTED))).containsExactly("c20@example.test");
        // The grant of contact 25 comes after asOf.
        assertThat(members(new Consent("email", ConsentStatus.UNKNOWN))).containsExactly("c25@example.test");
        assertThat(members(new Consent("sms", ConsentStatus.UNKNOWN))).hasSize(3);
    }

    @Test
    void negationIsTheComplementWithinTheUniverseAtAsOf() {
        Node german = Attribute.of("country", AttributeOperator.EQUALS, Literal.of("DE"));
        assertThat(members(german)).containsExactly("c10@example.test", "c25@example.test");
        assertThat(members(new Not(german))).containsExactly("c20@example.test");
        assertThat(members(Attribute.of("country", AttributeOperator.NOT_EQUALS, Literal.of("de")))).containsExactly("c20@example.test");
        assertThat(members(null)).hasSize(3);
    }

    @Test
    void pagesFollowIdsAndTheCountAgrees() {
        IndexSegmentEngine engine = new IndexSegmentEngine(workspace -> INDEX);
        Definition everyone = new Definition(Subject.CONTACTS, null);
        MemberPage first = engine.members(1, everyone, AS_OF, 0, 2);
        assertThat(first.members()).extracting(Member::id).containsExactly(10L, 20L);
        assertThat(first.next()).isEqualTo(20L);
        MemberPage second = engine.members(1, everyone, AS_OF, first.next(), 2);
        assertThat(second.members()).extracting(Member::id).containsExactly(25L);
        assertThat(second.next()).isNull();
        assertThat(engine.countAndMembers(1, everyone, AS_OF, 12, 1, io.segments.engine.Cancellation.none()).count()).isEqualTo(3);
    }

    @Test
    void companiesCountTheirPeopleInTheContactsUniverse() {
        IndexSegmentEngine engine = new IndexSegmentEngine(workspace -> INDEX);
        assertThat(engine.count(1, new Definition(Subject.COMPANIES, new People(3, null)), AS_OF)).isEqualTo(1);
        assertThat(engine.count(1, new Definition(Subject.COMPANIES, new People(2, new PageView("pricing", null, null))), AS_OF)).isEqualTo(1);
        assertThat(engine.count(1, new Definition(Subject.COMPANIES, new People(3, new PageView("pricing", null, null))), AS_OF)).isZero();
    }

    @Test
    void instantsRoundToMicrosecondsAsPostgreSqlDoes() {
        assertThat(Micros.of(Instant.parse("2025-01-01T00:00:00.000000499Z"))).isEqualTo(Micros.of(Instant.parse("2025-01-01T00:00:00Z")));
        // Half to even, as PostgreSQL rounds: .0000005 → 0, .0000015 → 2, .0000025 → 2.
        assertThat(Micros.of(Instant.parse("2025-01-01T00:00:00.000000500Z"))).isEqualTo(Micros.of(Instant.parse("2025-01-01T00:00:00Z")));
        assertThat(Micros.of(Instant.parse("2025-01-01T00:00:00.000001500Z"))).isEqualTo(Micros.of(Instant.parse("2025-01-01T00:00:00.000002Z")));
        assertThat(Micros.of(Instant.parse("2025-01-01T00:00:00.000002500Z"))).isEqualTo(Micros.of(Instant.parse("2025-01-01T00:00:00.000002Z")));
        assertThat(Micros.of(Instant.parse("2025-01-01T00:00:00.000000501Z"))).isEqualTo(Micros.of(Instant.parse("2025-01-01T00:00:00.000001Z")));
        assertThat(Micros.of(Instant.parse("1969-12-31T23:59:59.999999Z"))).isEqualTo(-1);
    }

    @Test
    void longRowsAreSortedByTime() {
        long[] times = new long[1_000];
        int[] values = new int[1_000];
        java.util.Random random = new java.util.Random(11);
        for (int i = 0; i < times.length; i++) {
            times[i] = random.nextInt(500);
            values[i] = (int) times[i] * 2;
        }
        WorkspaceIndexBuilder.sortRow(times, values, 100, 900);
        for (int i = 101; i < 900; i++) {
            assertThat(times[i - 1]).isLessThanOrEqualTo(times[i]);
        }
        for (int i = 0; i < times.length; i++) {
            assertThat(values[i]).isEqualTo((int) times[i] * 2);
        }
    }
}
