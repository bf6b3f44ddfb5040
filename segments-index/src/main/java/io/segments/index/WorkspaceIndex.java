package io.segments.index;

import io.segments.schema.FieldCatalog;

import java.time.ZoneId;
import java.util.Map;
import java.util.OptionalInt;

/**
 * An immutable, in-memory snapshot of one workspace: everything a definition can ask about, laid
 * out in columns and per-contact event lists. Built by {@link WorkspaceIndexBuilder} from whatever
 * store holds the data, brought up to date by {@link IndexMerge}, evaluated by
 * {@link IndexSegmentEngine}.
 */
public final class WorkspaceIndex {
    final ZoneId zone;
    final FieldCatalog catalog;
    final SubjectTable contacts;
    final SubjectTable companies;
    /** The company id each contact row links to (0: none), and that company's live row or -1. */
    final long[] companyIdOfContact;
    final int[] companyRowOfContact;
    final EventList pageViews;
    final EventList formSubmissions;
    final EventList activity;
    /** The id and the folded, normalized URL of each URL code. */
    final long[] urlIds;
    final String[] urls;
    final Map<String, Integer> formCodes;
    final ConsentHistory consents;
    final Map<String, Integer> channelCodes;

    WorkspaceIndex(ZoneId zone, FieldCatalog catalog, SubjectTable contacts, SubjectTable companies, long[] companyIdOfContact,
                   int[] companyRowOfContact, EventList pageViews, EventList formSubmissions, EventList activity, long[] urlIds,
                   String[] urls, Map<String, Integer> formCodes, ConsentHistory consents, Map<String, Integer> channelCodes) {
        this.zone = zone;
        this.catalog = catalog;
        this.contacts = contacts;
        this.companies = companies;
        this.companyIdOfContact = companyIdOfContact;
        this.companyRowOfContact = companyRowOfContact;
        this.pageViews = pageViews;
        this.formSubmissions = formSubmissions;
        this.activity = activity;
        this.urlIds = urlIds;
        this.urls = urls;
        this.formCodes = Map.copyOf(formCodes);
        this.consents = consents;
        this.channelCodes = Map.copyOf(channelCodes);
    }

    public ZoneId zone() {
        return zone;
    }

    public FieldCatalog catalog() {
        return catalog;
    }

    public SubjectTable contacts() {
        return contacts;
    }

    public SubjectTable companies() {
        return companies;
    }

    /** The row of the contact's company among the live companies, or -1 (none, or deleted). */
    public int companyRowOfContact(int contactRow) {
        return companyRowOfContact[contactRow];
    }

    public EventList pageViews() {
        return pageViews;
    }

    public EventList formSubmissions() {
        return formSubmissions;
    }

    /** Every tracked event of any kind: page views, form submissions and other track events. */
    public EventList activity() {
        return activity;
    }

    int urlCount() {
        return urls.length;
    }

    String url(int code) {
        return urls[code];
    }

    public OptionalInt formCode(String formId) {
        Integer code = formCodes.get(formId);
        return code == null ? OptionalInt.empty() : OptionalInt.of(code);
    }

    public ConsentHistory consents() {
        return consents;
    }

    public OptionalInt channelCode(String channel) {
        Integer code = channelCodes.get(channel);
        return code == null ? OptionalInt.empty() : OptionalInt.of(code);
    }

    /** The number of events held, for sizing and logs. */
    public long events() {
        return activity.size();
    }

    /**
     * Whether merges have grown some column's dictionary well past the number of records (each
     * merge appends the values of the records it replaces): time for a full rebuild, which
     * builds compact dictionaries again. The index stays exact either way.
     */
    public boolean wantsCompaction() {
        return contacts.dictionaryEntries() > 2L * contacts.rows() * Math.max(1, catalog.fields(io.segments.definition.Subject.CONTACTS).size()) + 4_096;
    }
}
