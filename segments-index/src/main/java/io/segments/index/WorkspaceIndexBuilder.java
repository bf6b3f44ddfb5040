package io.segments.index;

import io.segments.definition.Subject;
import io.segments.schema.FieldCatalog;
import io.segments.schema.FieldDefinition;

import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Fills a {@link WorkspaceIndex}: records first (each subject in ascending id order), then URLs,
 * events and consent records in any order. Values are given already typed and folded as the
 * store compares them: folded text for text and enum fields, {@link java.math.BigDecimal} for
 * numbers, {@link Boolean}, microseconds ({@link Long}) for timestamps, {@link java.time.LocalDate}
 * for dates; null when missing.
 */
public final class WorkspaceIndexBuilder {
    /** The kinds of tracked events, as the stores number them. */
    public enum EventKind {
        PAGE_VIEW, FORM_SUBMISSION, OTHER
    }

    private final ZoneId zone;
    private final FieldCatalog catalog;
    private final Records contacts;
    private final Records companies;
    private final Map<Long, Integer> urlCodes = new HashMap<>();
    private final List<Long> urlIds = new ArrayList<>();
    private final List<String> urls = new ArrayList<>();
    private final Map<String, Integer> formCodes = new HashMap<>();
    private final Map<String, Integer> channelCodes = new HashMap<>();
    private final Events pageViews = new Events();
    private final Events formSubmissions = new Events();
    private final Events activity = new Events();
    private final Events consents = new Events();
    private long[] contactIds;

    public WorkspaceIndexBuilder(ZoneId zone, FieldCatalog catalog) {
        this.zone = zone;
        this.catalog = catalog;
        this.contacts = new Records(catalog.fields(Subject.CONTACTS));
        this.companies = new Records(catalog.fields(Subject.COMPANIES));
    }

    /** The fields whose values {@link Records#add} takes, in that order. */
    public List<FieldDefinition> fields(Subject subject) {
        return (subject == Subject.CONTACTS ? contacts : companies).fields;
    }

    public Records contacts() {
        return contacts;
    }

    public Records companies() {
        return companies;
    }

    public void url(long urlId, String folded) {
        if (urlCodes.putIfAbsent(urlId, urls.size()) == null) {
            urlIds.add(urlId);
            urls.add(folded);
        }
    }

    /**
     * Starts from the URLs, forms and channels of {@code base}, in its code order, so that this
     * builder's codes for them are the base's codes (what {@link IndexMerge} relies on).
     */
    public void codesOf(WorkspaceIndex base) {
        for (int code = 0; code < base.urls.length; code++) {
            url(base.urlIds[code], base.urls[code]);
        }
        base.formCodes.entrySet().stream().sorted(Map.Entry.comparingByValue())
                .forEach(form -> formCodes.put(form.getKey(), form.getValue()));
        base.channelCodes.entrySet().stream().sorted(Map.Entry.comparingByValue())
                .forEach(channel -> channelCodes.put(channel.getKey(), channel.getValue()));
    }

    /**
     * One tracked event of a contact. Events of contacts that are not live records (deleted or
     * merged) are ignored: they count for no universe. {@code urlId} is 0 without a URL.
     */
    public void event(long contactId, EventKind kind, long micros, long urlId, String formId) {
        int row = contactRow(contactId);
        if (row < 0) {
            return;
        }
        activity.add(row, micros, -1, false);
        switch (kind) {
            case PAGE_VIEW -> {
                Integer url = urlId == 0 ? null : urlCodes.get(urlId);
                pageViews.add(row, micros, url == null ? -1 : url, false);
            }
            case FORM_SUBMISSION -> formSubmissions.add(row, micros,
                    formId == null ? -1 : formCodes.computeIfAbsent(formId, id -> formCodes.size()), false);
            case OTHER -> {
            }
        }
    }

    public void consent(long contactId, String channel, boolean denied, long micros) {
        int row = contactRow(contactId);
        if (row >= 0) {
            consents.add(row, micros, channelCodes.computeIfAbsent(channel, name -> channelCodes.size()), denied);
        }
    }

    private int contactRow(long contactId) {
        if (contactIds == null) {
            contactIds = Arrays.copyOf(contacts.ids, contacts.size);
        }
        return Arrays.binarySearch(contactIds, contactId);
    }

    /** The live company row of each company id, or -1 (none, or not a live company). */
    static int[] companyRows(long[] companyIds, SubjectTable companies) {
        int[] rows = new int[companyIds.length];
        for (int row = 0; row < rows.length; row++) {
            rows[row] = companyIds[row] == 0 ? -1 : Math.max(companies.rowOf(companyIds[row]), -1);
        }
        return rows;
    }

    /** Sorts positions {@code [from, to)} by time, carrying values along (exposed for tests). */
    static void sortRow(long[] times, int[] values, int from, int to) {
        Events.sortByTime(times, values, from, to);
    }

    public WorkspaceIndex build() {
        SubjectTable contactTable = contacts.table();
        SubjectTable companyTable = companies.table();
        long[] companyIds = Arrays.copyOf(contacts.companyIds, contacts.size);
        int rows = contactTable.rows();
        ConsentHistory consentHistory = consents.toConsentHistory(rows);
        return new WorkspaceIndex(zone, catalog, contactTable, companyTable, companyIds, companyRows(companyIds, companyTable),
                pageViews.toList(rows), formSubmissions.toList(rows), activity.toList(rows),
                urlIds.stream().mapToLong(Long::longValue).toArray(), urls.toArray(String[]::new), formCodes, consentHistory,
                channelCodes);
    }

    /** The records of one subject, added in ascending id order. */
    public static final class Records {
        private final List<FieldDefinition> fields;
        private final List<Map<Object, Integer>> dictionaries = new ArrayList<>();
        private long[] ids = new long[1024];
        private long[] companyIds = new long[1024];
        private long[] created = new long[1024];
        private String[] keys = new String[1024];
        private String[] names = new String[1024];
        private final List<int[]> codes = new ArrayList<>();
        private int size;

        private Records(List<FieldDefinition> fields) {
            this.fields = List.copyOf(fields);
            for (int field = 0; field < fields.size(); field++) {
                dictionaries.add(new LinkedHashMap<>());
                codes.add(new int[1024]);
            }
        }

        /**
         * Adds one live record. {@code values} follow {@link WorkspaceIndexBuilder#fields}; for a
         * contact, {@code companyId} is its company's id or 0.
         */
        public void add(long id, String key, String name, long createdMicros, long companyId, Object[] values) {
            if (size > 0 && id <= ids[size - 1]) {
                throw new IllegalArgumentException("records must be added in ascending id order: " + id + " after " + ids[size - 1]);
            }
            if (values.length != fields.size()) {
                throw new IllegalArgumentException("expected " + fields.size() + " values, got " + values.length);
            }
            if (size == ids.length) {
                int capacity = size * 2;
                ids = Arrays.copyOf(ids, capacity);
                companyIds = Arrays.copyOf(companyIds, capacity);
                created = Arrays.copyOf(created, capacity);
                keys = Arrays.copyOf(keys, capacity);
                names = Arrays.copyOf(names, capacity);
                codes.replaceAll(column -> Arrays.copyOf(column, capacity));
            }
            ids[size] = id;
            companyIds[size] = companyId;
            created[size] = createdMicros;
            keys[size] = key;
            names[size] = name;
            for (int field = 0; field < values.length; field++) {
                Object value = values[field];
                Map<Object, Integer> dictionary = dictionaries.get(field);
                codes.get(field)[size] = value == null ? Column.MISSING : dictionary.computeIfAbsent(value, v -> dictionary.size());
            }
            size++;
        }

        private SubjectTable table() {
            Map<String, Column> columns = new HashMap<>();
            for (int field = 0; field < fields.size(); field++) {
                columns.put(fields.get(field).name(), new Column(dictionaries.get(field).keySet().toArray(),
                        Arrays.copyOf(codes.get(field), size)));
            }
            return new SubjectTable(Arrays.copyOf(ids, size), Arrays.copyOf(keys, size), Arrays.copyOf(names, size),
                    Arrays.copyOf(created, size), columns);
        }
    }

    /** Events (or consent records) as they arrive: row, time, value and a flag, in growable arrays. */
    private static final class Events {
        private int[] rows = new int[1024];
        private long[] times = new long[1024];
        private int[] values = new int[1024];
        private boolean[] flags = new boolean[1024];
        private int size;

        void add(int row, long time, int value, boolean flag) {
            if (size == rows.length) {
                int capacity = Math.toIntExact(Math.min(Integer.MAX_VALUE - 8, size * 2L));
                rows = Arrays.copyOf(rows, capacity);
                times = Arrays.copyOf(times, capacity);
                values = Arrays.copyOf(values, capacity);
                flags = Arrays.copyOf(flags, capacity);
            }
            rows[size] = row;
            times[size] = time;
            values[size] = value;
            flags[size] = flag;
            size++;
        }

        /** Groups by row (a counting sort, stable), then orders each row's events by time. */
        private int[] distribute(int rowCount, long[] sortedTimes, int[] sortedValues, boolean[] sortedFlags) {
            int[] offsets = new int[rowCount + 1];
            for (int i = 0; i < size; i++) {
                offsets[rows[i] + 1]++;
            }
            for (int row = 0; row < rowCount; row++) {
                offsets[row + 1] += offsets[row];
            }
            int[] next = Arrays.copyOf(offsets, rowCount);
            for (int i = 0; i < size; i++) {
                int position = next[rows[i]]++;
                sortedTimes[position] = times[i];
                sortedValues[position] = values[i];
                if (sortedFlags != null) {
                    sortedFlags[position] = flags[i];
                }
            }
            return offsets;
        }

        EventList toList(int rowCount) {
            long[] sortedTimes = new long[size];
            int[] sortedValues = new int[size];
            int[] offsets = distribute(rowCount, sortedTimes, sortedValues, null);
            for (int row = 0; row < rowCount; row++) {
                sortByTime(sortedTimes, sortedValues, offsets[row], offsets[row + 1]);
            }
            return new EventList(offsets, sortedTimes, sortedValues);
        }

        ConsentHistory toConsentHistory(int rowCount) {
            long[] sortedTimes = new long[size];
            int[] sortedChannels = new int[size];
            boolean[] sortedDenied = new boolean[size];
            int[] offsets = distribute(rowCount, sortedTimes, sortedChannels, sortedDenied);
            return new ConsentHistory(offsets, sortedChannels, sortedTimes, sortedDenied);
        }

        /**
         * Sorts one row's events by time, carrying their values along; rows usually arrive
         * sorted, which costs one pass. Primitive quicksort, insertion sort for short ranges.
         */
        private static void sortByTime(long[] times, int[] values, int from, int to) {
            boolean sorted = true;
            for (int i = from + 1; i < to && sorted; i++) {
                sorted = times[i - 1] <= times[i];
            }
            if (!sorted) {
                quicksort(times, values, from, to - 1);
            }
        }

        private static void quicksort(long[] times, int[] values, int low, int high) {
            while (high - low > 16) {
                long pivot = times[(low + high) >>> 1];
                int left = low;
                int right = high;
                while (left <= right) {
                    while (times[left] < pivot) {
                        left++;
                    }
                    while (times[right] > pivot) {
                        right--;
                    }
                    if (left <= right) {
                        swap(times, values, left++, right--);
                    }
                }
                // Recurse into the smaller part, loop on the larger: the stack stays logarithmic.
                if (right - low < high - left) {
                    quicksort(times, values, low, right);
                    low = left;
                } else {
                    quicksort(times, values, left, high);
                    high = right;
                }
            }
            for (int i = low + 1; i <= high; i++) {
                for (int j = i; j > low && times[j - 1] > times[j]; j--) {
                    swap(times, values, j - 1, j);
                }
            }
        }

        private static void swap(long[] times, int[] values, int left, int right) {
            long time = times[left];
            times[left] = times[right];
            times[right] = time;
            int value = values[left];
            values[left] = values[right];
            values[right] = value;
        }
    }
}
