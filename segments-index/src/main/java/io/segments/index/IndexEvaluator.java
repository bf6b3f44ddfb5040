package io.segments.index;

import io.segments.definition.And;
import io.segments.definition.Attribute;
import io.segments.definition.Consent;
import io.segments.definition.ConsentStatus;
import io.segments.definition.FormSubmit;
import io.segments.definition.Node;
import io.segments.definition.NodeVisitor;
import io.segments.definition.Not;
import io.segments.definition.Or;
import io.segments.definition.PageView;
import io.segments.definition.People;
import io.segments.definition.Recency;
import io.segments.definition.Subject;
import io.segments.engine.Cancellation;
import io.segments.engine.EvaluationCancelledException;
import io.segments.schema.BuiltInFields;
import io.segments.schema.FieldDefinition;
import io.segments.text.ConsentChannels;
import io.segments.text.UrlNormalization;

import java.time.Instant;
import java.util.BitSet;
import java.util.OptionalInt;

/**
 * Evaluates a condition tree over one subject of a {@link WorkspaceIndex} into the set of rows
 * (a bit set) for which it holds. Every node's set is two-valued, as in the SQL engine: a
 * missing value, an absent company or an absent history is simply not in a positive set, so
 * {@code NOT} is the exact complement within the universe.
 */
final class IndexEvaluator implements NodeVisitor<BitSet> {
    private final WorkspaceIndex index;
    private final Subject subject;
    private final Instant asOf;
    private final long asOfMicros;
    private final Cancellation cancellation;
    private final BitSet universe;

    IndexEvaluator(WorkspaceIndex index, Subject subject, Instant asOf, Cancellation cancellation) {
        this.index = index;
        this.subject = subject;
        this.asOf = asOf;
        this.asOfMicros = Micros.of(asOf);
        this.cancellation = cancellation;
        this.universe = universe(table(subject), asOfMicros);
    }

    /** The records of the subject that exist at asOf: live, created at or before it. */
    static BitSet universe(SubjectTable table, long asOfMicros) {
        return RowScan.matching(table.rows(), row -> table.createdMicros(row) <= asOfMicros);
    }

    /** The members of {@code where} (null: the whole universe). */
    BitSet members(Node where) {
        BitSet members = (BitSet) universe.clone();
        if (where != null) {
            members.and(where.accept(this));
        }
        return members;
    }

    private SubjectTable table(Subject of) {
        return of == Subject.CONTACTS ? index.contacts() : index.companies();
    }

    private void checkCancelled() {
        if (cancellation.isCancelled()) {
            throw new EvaluationCancelledException(null);
        }
    }

    @Override
    public BitSet visitAnd(And node) {
        BitSet result = (BitSet) universe.clone();
        for (Node condition : node.conditions()) {
            result.and(condition.accept(this));
        }
        return result;
    }

    @Override
    public BitSet visitOr(Or node) {
        BitSet result = new BitSet();
        for (Node condition : node.conditions()) {
            result.or(condition.accept(this));
        }
        return result;
    }

    @Override
    public BitSet visitNot(Not node) {
        BitSet result = (BitSet) universe.clone();
        result.andNot(node.condition().accept(this));
        return result;
    }

    @Override
    public BitSet visitAttribute(Attribute node) {
        checkCancelled();
        if (subject == Subject.CONTACTS && node.field().startsWith(BuiltInFields.COMPANY_PREFIX)) {
            return companyAttribute(node);
        }
        if (node.operator().positiveTwin().isPresent()) {
            BitSet result = (BitSet) universe.clone();
            result.andNot(positive(subject, twin(node, node.field())));
            return result;
        }
        return positive(subject, node);
    }

    private static Attribute twin(Attribute node, String field) {
        return new Attribute(field, node.operator().positiveTwin().orElse(node.operator()), node.value(), node.values());
    }

    private BitSet positive(Subject of, Attribute attribute) {
        FieldDefinition field = index.catalog().field(of, attribute.field())
                .orElseThrow(() -> new IndexOutdatedException("field " + attribute.field() + " is not in the index"));
        Column column = table(of).column(field.name())
                .orElseThrow(() -> new IndexOutdatedException("field " + attribute.field() + " is not in the index"));
        boolean[] matching = column.matchingCodes(AttributePredicates.positive(attribute, field.type(), asOf, index.zone()));
        return RowScan.matching(column.rows(), row -> {
            int code = column.code(row);
            return code != Column.MISSING && matching[code];
        });
    }

    /**
     * {@code company.<field>} on a contact: the contact's company exists at asOf and the condition
     * holds for it. A negative operator complements the whole, so a contact without a company
     * matches "company industry is not X".
     */
    private BitSet companyAttribute(Attribute node) {
        Attribute onCompany = twin(node, node.field().substring(BuiltInFields.COMPANY_PREFIX.length()));
        BitSet companies = positive(Subject.COMPANIES, onCompany);
        companies.and(universe(index.companies(), asOfMicros));
        BitSet positive = RowScan.matching(index.contacts().rows(), row -> {
            int company = index.companyRowOfContact(row);
            return company >= 0 && companies.get(company);
        });
        if (node.operator().positiveTwin().isEmpty()) {
            return positive;
        }
        BitSet result = (BitSet) universe.clone();
        result.andNot(positive);
        return result;
    }

    @Override
    public BitSet visitPageView(PageView node) {
        checkCancelled();
        boolean[] urls = null;
        if (node.urlContains() != null) {
            String needle = UrlNormalization.normalize(node.urlContains());
            urls = new boolean[index.urlCount()];
            for (int code = 0; code < urls.length; code++) {
                urls[code] = index.url(code).contains(needle);
            }
        }
        return atLeast(index.pageViews(), node.withinDays(), node.minimumCount(), urls);
    }

    @Override
    public BitSet visitFormSubmit(FormSubmit node) {
        checkCancelled();
        boolean[] forms = null;
        if (node.form() != null) {
            OptionalInt code = index.formCode(node.form().strip());
            if (code.isEmpty()) {
                return new BitSet();
            }
            forms = new boolean[code.getAsInt() + 1];
            forms[code.getAsInt()] = true;
        }
        return atLeast(index.formSubmissions(), node.withinDays(), node.minimumCount(), forms);
    }

    /**
     * Contacts with at least {@code minimum} events inside the window (up to asOf, from
     * {@code asOf - days} when given; both ends included) whose value is marked in
     * {@code values} (null: any value).
     */
    private BitSet atLeast(EventList events, Integer withinDays, int minimum, boolean[] values) {
        long from = withinDays == null ? Long.MIN_VALUE : Micros.of(asOf.minusSeconds(withinDays * 86_400L));
        return onSubject(RowScan.matching(index.contacts().rows(), row -> {
            int start = events.start(row);
            int end = events.end(row);
            if (end - start < minimum) {
                return false;
            }
            int first = events.firstAtOrAfter(start, end, from);
            int last = events.firstAfter(first, end, asOfMicros);
            if (last - first < minimum) {
                return false;
            }
            if (values == null) {
                return true;
            }
            int matched = 0;
            for (int position = first; position < last && matched < minimum; position++) {
                int value = events.value(position);
                if (value >= 0 && value < values.length && values[value]) {
                    matched++;
                }
            }
            return matched >= minimum;
        }));
    }

    @Override
    public BitSet visitRecency(Recency node) {
        checkCancelled();
        if (node.of() == Recency.Of.CREATED) {
            return recencyOfCreation(node);
        }
        EventList events = switch (node.of()) {
            case PAGE_VIEW -> index.pageViews();
            case FORM_SUBMIT -> index.formSubmissions();
            default -> index.activity();
        };
        long windowStart = node.days() == null ? Long.MIN_VALUE : Micros.of(asOf.minusSeconds(node.days() * 86_400L));
        Recency.Operator operator = node.operator();
        return onSubject(RowScan.matching(index.contacts().rows(), row -> {
            int start = events.start(row);
            int last = events.firstAfter(start, events.end(row), asOfMicros) - 1;
            boolean any = last >= start;
            return switch (operator) {
                // The latest event up to asOf is inside the window exactly when some event is.
                case WITHIN_LAST_DAYS -> any && events.time(last) >= windowStart;
                case MORE_THAN_DAYS_AGO -> any && events.time(last) < windowStart;
                case NEVER -> !any;
            };
        }));
    }

    private BitSet recencyOfCreation(Recency node) {
        if (node.operator() == Recency.Operator.NEVER) {
            return new BitSet(); // every record of the universe was created at or before asOf
        }
        long bound = Micros.of(asOf.minusSeconds(node.days() * 86_400L));
        SubjectTable table = table(subject);
        boolean within = node.operator() == Recency.Operator.WITHIN_LAST_DAYS;
        return RowScan.matching(table.rows(), row -> within ? table.createdMicros(row) >= bound : table.createdMicros(row) < bound);
    }

    @Override
    public BitSet visitConsent(Consent node) {
        checkCancelled();
        OptionalInt channel = index.channelCode(ConsentChannels.normalize(node.channel()));
        ConsentHistory consents = index.consents();
        return onSubject(RowScan.matching(index.contacts().rows(), row ->
                (channel.isEmpty() ? ConsentStatus.UNKNOWN : consents.status(row, channel.getAsInt(), asOfMicros)) == node.status()));
    }

    /** A company with at least N contacts of the contacts universe for which {@code where} holds. */
    @Override
    public BitSet visitPeople(People node) {
        BitSet people = new IndexEvaluator(index, Subject.CONTACTS, asOf, cancellation).members(node.where());
        int[] counts = new int[index.companies().rows()];
        BitSet companies = new BitSet();
        for (int row = people.nextSetBit(0); row >= 0; row = people.nextSetBit(row + 1)) {
            int company = index.companyRowOfContact(row);
            if (company >= 0 && ++counts[company] >= node.minimumCount()) {
                companies.set(company);
            }
        }
        return companies;
    }

    /**
     * Behavior and consent describe contacts; validation allows them only where the subject is
     * contacts (a company's are asked through {@code people}).
     */
    private BitSet onSubject(BitSet contacts) {
        if (subject != Subject.CONTACTS) {
            throw new IllegalStateException("validation let through a contact condition on " + subject.jsonName());
        }
        return contacts;
    }
}
