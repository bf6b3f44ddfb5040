package io.segments.index;

import io.segments.schema.FieldCatalog;

import java.time.ZoneId;
import java.util.Map;
import java.util.OptionalInt;

/**
 * An immutable, in-memory snapshot of one workspace: everything a definition can ask about, laid
 * out in columns and per-contact event lists. Built by {@link WorkspaceIndexBuilder} from whatever
 * store holds the data; evaluated by {@link IndexSegmentEngine}.
 */
public final class WorkspaceIndex {
    private final ZoneId zone;
    private final FieldCatalog catalog;
    private final SubjectTable contacts;
    private final SubjectTable companies;
    private final int[] companyRowOfContact;
    private final EventList pageViews;
    private final EventList formSubmissions;
    private final EventList activity;
    private final String[] urls;
    private final Map<String, Integer> formCodes;
    private final ConsentHistory consents;
    private final Map<String, Integer> channelCodes;

    WorkspaceIndex(ZoneId zone, FieldCatalog catalog, SubjectTable contacts, SubjectTable companies, int[] companyRowOfContact,
                   EventList pageViews, EventList formSubmissions, EventList activity, String[] urls,
                   Map<String, Integer> formCodes, ConsentHistory consents, Map<String, Integer> channelCodes) {
        this.zone = zone;
        this.catalog = catalog;
        this.contacts = contacts;
        this.companies = companies;
        this.companyRowOfContact = companyRowOfContact;
        this.pageViews = pageViews;
        this.formSubmissions = formSubmissions;
        this.activity = activity;
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

    /** The folded, normalized URL of each URL code. */
    public String[] urls() {
        return urls.clone();
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
}
