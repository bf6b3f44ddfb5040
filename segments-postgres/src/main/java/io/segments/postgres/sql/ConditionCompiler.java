package io.segments.postgres.sql;

import io.segments.definition.And;
import io.segments.definition.Attribute;
import io.segments.definition.Consent;
import io.segments.definition.FormSubmit;
import io.segments.definition.Node;
import io.segments.definition.NodeVisitor;
import io.segments.definition.Not;
import io.segments.definition.Or;
import io.segments.definition.PageView;
import io.segments.definition.People;
import io.segments.definition.Recency;
import io.segments.definition.Subject;
import io.segments.text.ConsentChannels;
import io.segments.schema.BuiltInFields;
import io.segments.schema.FieldDefinition;
import io.segments.text.UrlNormalization;
import org.jooq.Condition;
import org.jooq.Field;
import org.jooq.Record1;
import org.jooq.Select;
import org.jooq.SelectConditionStep;
import org.jooq.Table;
import org.jooq.impl.DSL;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

import static io.segments.postgres.sql.Relations.column;

/**
 * Compiles a complete, validated condition tree into a jOOQ condition over one subject relation.
 * The result is two-valued for every record: behavior, consent and roll-ups compile to
 * {@code id IN (sub-query)} whose sub-queries never yield NULL, so {@code NOT} is an exact
 * complement. Values are bound, never inlined.
 */
public final class ConditionCompiler implements NodeVisitor<Condition> {
    private final EvaluationContext context;
    private final SubjectRelation relation;

    public ConditionCompiler(EvaluationContext context, SubjectRelation relation) {
        this.context = context;
        this.relation = relation;
    }

    public Condition compile(Node node) {
        return node == null ? DSL.noCondition() : node.accept(this);
    }

    @Override
    public Condition visitAnd(And node) {
        return DSL.and(children(node.conditions()));
    }

    @Override
    public Condition visitOr(Or node) {
        return DSL.or(children(node.conditions()));
    }

    private List<Condition> children(List<Node> nodes) {
        List<Condition> conditions = new ArrayList<>();
        nodes.forEach(node -> conditions.add(node.accept(this)));
        return conditions;
    }

    @Override
    public Condition visitNot(Not node) {
        return DSL.not(node.condition().accept(this));
    }

    @Override
    public Condition visitAttribute(Attribute node) {
        FieldDefinition field = context.catalog().field(relation.subject(), node.field())
                .orElseThrow(() -> new IllegalStateException("validation let through unknown field " + node.field()));
        if (relation.subject() == Subject.CONTACTS && node.field().startsWith(BuiltInFields.COMPANY_PREFIX)) {
            return companyAttribute(node);
        }
        return AttributeConditions.compile(node, field, relation, node.field(), context);
    }

    /**
     * {@code company.<field>} on a contact: the contact has a company in the company universe for
     * which the condition holds. Negative operators complement the whole thing, so a contact
     * without a company matches "company industry is not X".
     */
    private Condition companyAttribute(Attribute node) {
        Attribute onCompany = new Attribute(node.field().substring(BuiltInFields.COMPANY_PREFIX.length()),
                node.operator().positiveTwin().orElse(node.operator()), node.value(), node.values());
        SubjectRelation company = SubjectRelation.of(Subject.COMPANIES, context);
        FieldDefinition field = context.catalog().field(Subject.COMPANIES, onCompany.field()).orElseThrow();
        Condition matches = AttributeConditions.compile(onCompany, field, company, onCompany.field(), context);
        Field<Long> companyId = relation.column("company_id", Long.class);
        Condition positive = companyId.isNotNull().and(companyId.in(
                DSL.select(company.id()).from(company.table()).where(company.universe(context)).and(matches)));
        return node.operator().positiveTwin().isPresent() ? DSL.not(positive) : positive;
    }

    @Override
    public Condition visitPageView(PageView node) {
        Events events = new Events(context);
        Condition filter = events.ofKind(Relations.PAGE_VIEW).and(events.inWindow(node.withinDays()));
        if (node.urlContains() != null) {
            String urls = context.nextAlias("u");
            Table<?> urlTable = Relations.table(Relations.URLS, urls);
            filter = filter.and(events.column("url_id", Long.class).in(
                    DSL.select(column(urls, "id", Long.class)).from(urlTable)
                            .where(column(urls, "workspace_id", Long.class).eq(context.workspaceId()))
                            .and(DSL.position(column(urls, "url_folded", String.class),
                                    DSL.val(UrlNormalization.normalize(node.urlContains()))).gt(0))));
        }
        // With a URL filter, the uncorrelated IN form decides the matching URLs once; nested in
        // a correlated EXISTS, a planner without statistics may re-scan the URLs per event.
        return node.urlContains() != null
                ? relation.id().in(events.contactsWithAtLeast(filter, node.minimumCount()))
                : events.matching(relation, filter, node.minimumCount());
    }

    @Override
    public Condition visitFormSubmit(FormSubmit node) {
        Events events = new Events(context);
        Condition filter = events.ofKind(Relations.FORM_SUBMISSION).and(events.inWindow(node.withinDays()));
        if (node.form() != null) {
            filter = filter.and(events.column("form_id", String.class).eq(node.form().strip()));
        }
        return events.matching(relation, filter, node.minimumCount());
    }

    @Override
    public Condition visitRecency(Recency node) {
        if (node.of() == Recency.Of.CREATED) {
            Field<OffsetDateTime> created = relation.column("created_at", OffsetDateTime.class);
            return switch (node.operator()) {
                case WITHIN_LAST_DAYS -> created.ge(AttributeConditions.timestampValue(context.daysBeforeAsOf(node.days())));
                case MORE_THAN_DAYS_AGO -> created.lt(AttributeConditions.timestampValue(context.daysBeforeAsOf(node.days())));
                // Every record of the universe was created at or before asOf.
                case NEVER -> DSL.falseCondition();
            };
        }
        Events events = new Events(context);
        Condition kind = switch (node.of()) {
            case PAGE_VIEW -> events.ofKind(Relations.PAGE_VIEW);
            case FORM_SUBMIT -> events.ofKind(Relations.FORM_SUBMISSION);
            default -> DSL.noCondition();
        };
        return switch (node.operator()) {
            // The latest event is inside the window exactly when some event is.
            case WITHIN_LAST_DAYS -> events.exists(relation, kind.and(events.inWindow(node.days())));
            // The latest event up to asOf is older than the window exactly when there is an event
            // up to asOf and none inside the window.
            case MORE_THAN_DAYS_AGO -> {
                Events inside = new Events(context);
                Condition insideKind = switch (node.of()) {
                    case PAGE_VIEW -> inside.ofKind(Relations.PAGE_VIEW);
                    case FORM_SUBMIT -> inside.ofKind(Relations.FORM_SUBMISSION);
                    default -> DSL.noCondition();
                };
                yield events.exists(relation, kind.and(events.inWindow(null)))
                        .and(DSL.not(inside.exists(relation, insideKind.and(inside.inWindow(node.days())))));
            }
            case NEVER -> DSL.not(events.exists(relation, kind.and(events.inWindow(null))));
        };
    }

    /**
     * The current status is the latest record at or before asOf; at the same instant a withdrawal
     * outranks a grant. {@code unknown} means no record at all.
     */
    @Override
    public Condition visitConsent(Consent node) {
        String alias = context.nextAlias("cs");
        Table<?> consents = Relations.table(Relations.CONSENTS, alias);
        Field<Long> contactId = column(alias, "contact_id", Long.class);
        Field<String> status = column(alias, "status", String.class);
        Field<OffsetDateTime> occurredAt = column(alias, "occurred_at", OffsetDateTime.class);
        Condition history = column(alias, "workspace_id", Long.class).eq(context.workspaceId())
                .and(column(alias, "channel", String.class).eq(ConsentChannels.normalize(node.channel())))
                .and(occurredAt.le(AttributeConditions.timestampValue(context.asOfTimestamp())));
        switch (node.status()) {
            case UNKNOWN -> {
                return DSL.not(relation.id().in(DSL.select(contactId).from(consents).where(history)));
            }
            default -> {
                // The latest record has status S exactly when some record g with status S has no
                // record r after it, and (for a grant) no withdrawal at the same instant, since
                // a withdrawal outranks a grant at a tie. As an anti-join this needs no sort.
                String laterAlias = context.nextAlias("cs");
                Table<?> later = Relations.table(Relations.CONSENTS, laterAlias);
                Field<OffsetDateTime> laterAt = column(laterAlias, "occurred_at", OffsetDateTime.class);
                Condition outranks = laterAt.gt(occurredAt);
                if (node.status() == io.segments.definition.ConsentStatus.GRANTED) {
                    outranks = outranks.or(laterAt.eq(occurredAt).and(column(laterAlias, "status", String.class).eq("denied")));
                }
                Condition laterHistory = column(laterAlias, "contact_id", Long.class).eq(contactId)
                        .and(column(laterAlias, "workspace_id", Long.class).eq(context.workspaceId()))
                        .and(column(laterAlias, "channel", String.class).eq(ConsentChannels.normalize(node.channel())))
                        .and(laterAt.le(AttributeConditions.timestampValue(context.asOfTimestamp())));
                return relation.id().in(DSL.select(contactId).from(consents).where(history)
                        .and(status.eq(node.status().jsonName()))
                        .andNotExists(DSL.selectOne().from(later).where(laterHistory).and(outranks)));
            }
        }
    }

    /** A company with at least N contacts of the contacts universe for which {@code where} holds. */
    @Override
    public Condition visitPeople(People node) {
        SubjectRelation people = SubjectRelation.of(Subject.CONTACTS, context);
        Condition where = new ConditionCompiler(context, people).compile(node.where());
        Field<Long> companyId = people.column("company_id", Long.class);
        SelectConditionStep<Record1<Long>> matching = DSL.select(companyId).from(people.table())
                .where(people.universe(context)).and(companyId.isNotNull()).and(where);
        Select<Record1<Long>> companies = node.minimumCount() == 1
                ? matching
                : matching.groupBy(companyId).having(DSL.count().ge(node.minimumCount()));
        return relation.id().in(companies);
    }

    /** Sub-queries over the events table under a fresh alias. */
    private static final class Events {
        private final EvaluationContext context;
        private final String alias;

        Events(EvaluationContext context) {
            this.context = context;
            this.alias = context.nextAlias("e");
        }

        <T> Field<T> column(String name, Class<T> type) {
            return Relations.column(alias, name, type);
        }

        Condition ofKind(short kind) {
            return column("kind", Short.class).eq(kind);
        }

        /** Up to asOf, and from {@code asOf - days} when a window is given; both ends included. */
        Condition inWindow(Integer days) {
            Field<OffsetDateTime> occurredAt = column("occurred_at", OffsetDateTime.class);
            Condition upToAsOf = occurredAt.le(AttributeConditions.timestampValue(context.asOfTimestamp()));
            return days == null ? upToAsOf : upToAsOf.and(occurredAt.ge(AttributeConditions.timestampValue(context.daysBeforeAsOf(days))));
        }

        private SelectConditionStep<Record1<Long>> contacts(Condition filter) {
            Field<Long> contactId = column("contact_id", Long.class);
            return DSL.select(contactId).from(Relations.table(Relations.EVENTS, alias))
                    .where(column("workspace_id", Long.class).eq(context.workspaceId()))
                    .and(contactId.isNotNull())
                    .and(filter);
        }

        /**
         * The subject's contact has at least {@code minimum} matching events. One event is a
         * correlated {@code EXISTS} (the planner picks a semi/anti join or an index probe per
         * contact); more are counted per contact with {@code IN (... GROUP BY ... HAVING)}. Both
         * are two-valued: neither can yield NULL.
         */
        Condition matching(SubjectRelation relation, Condition filter, int minimum) {
            return minimum == 1 ? exists(relation, filter) : relation.id().in(contactsWithAtLeast(filter, minimum));
        }

        /** Some event of the subject's contact matches {@code filter}. */
        Condition exists(SubjectRelation relation, Condition filter) {
            return DSL.exists(DSL.selectOne().from(Relations.table(Relations.EVENTS, alias))
                    .where(column("workspace_id", Long.class).eq(context.workspaceId()))
                    .and(column("contact_id", Long.class).isNotNull())
                    .and(column("contact_id", Long.class).eq(relation.id()))
                    .and(filter));
        }

        Select<Record1<Long>> contactsWithAtLeast(Condition filter, int minimum) {
            SelectConditionStep<Record1<Long>> contacts = contacts(filter);
            return minimum == 1 ? contacts : contacts.groupBy(column("contact_id", Long.class)).having(DSL.count().ge(minimum));
        }
    }
}
