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
        BitSet universe = new BitSet(table.rows());
        for (int row = 0; row < table.rows(); row++) {
            if (table.createdMicros(row) <= asOfMicros) {
                universe.set(row);
            }
        }
        return universe;
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
        BitSet rows = new BitSet(column.rows());
        column.rowsWith(column.matchingCodes(AttributePredicates.positive(attribute, field.type(), asOf, index.zone())), rows);
        return rows;
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
        BitSet positive = new BitSet();
        SubjectTable contacts = index.contacts();
        for (int row = 0; row < contacts.rows(); row++) {
            int company = index.companyRowOfContact(row);
            if (company >= 0 && companies.get(company)) {
                positive.set(row);
            }
        }
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
        BitSet contacts = new BitSet();
        int rows = index.contacts().rows();
        for (int row = 0; row < rows; row++) {
            int start = events.start(row);
            int end = events.end(row);
            if (end - start < minimum) {
                continue;
            }
            int first = events.firstAtOrAfter(start, end, from);
            int last = events.firstAfter(first, end, asOfMicros);
            if (last - first < minimum) {
                continue;
            }
            if (values == null) {
                contacts.set(row);
                continue;
            }
            int matched = 0;
            for (int position = first; position < last && matched < minimum; position++) {
                int value = events.value(position);
                if (value >= 0 && value < values.length && values[value]) {
                    matched++;
                }
            }
            if (matched >= minimum) {
                contacts.set(row);
            }
        }
        return onSubject(contacts);
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
        BitSet contacts = new BitSet();
        int rows = index.contacts().rows();
        for (int row = 0; row < rows; row++) {
            int start = events.start(row);
            int last = events.firstAfter(start, events.end(row), asOfMicros) - 1;
            boolean any = last >= start;
            boolean matches = switch (node.operator()) {
                // The latest event up to asOf is inside the window exactly when some event is.
                case WITHIN_LAST_DAYS -> any && events.time(last) >= windowStart;
                case MORE_THAN_DAYS_AGO -> any && events.time(last) < windowStart;
                case NEVER -> !any;
            };
            if (matches) {
                contacts.set(row);
            }
        }
        return onSubject(contacts);
    }

    private BitSet recencyOfCreation(Recency node) {
        if (node.operator() == Recency.Operator.NEVER) {
            return new BitSet(); // every record of the universe was created at or before asOf
        }
        long bound = Micros.of(asOf.minusSeconds(node.days() * 86_400L));
        SubjectTable table = table(subject);
        BitSet rows = new BitSet();
        for (int row = 0; row < table.rows(); row++) {
            long created = table.createdMicros(row);
            if (node.operator() == Recency.Operator.WITHIN_LAST_DAYS ? created >= bound : created < bound) {
                rows.set(row);
            }
        }
        return rows;
    }

    @Override
    public BitSet visitConsent(Consent node) {
        checkCancelled();
        OptionalInt channel = index.channelCode(ConsentChannels.normalize(node.channel()));
        BitSet contacts = new BitSet();
        int rows = index.contacts().rows();
        for (int row = 0; row < rows; row++) {
            ConsentStatus status = channel.isEmpty() ? ConsentStatus.UNKNOWN : index.consents().status(row, channel.getAsInt(), asOfMicros);
            if (status == node.status()) {
                contacts.set(row);
            }
        }
        return onSubject(contacts);
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
