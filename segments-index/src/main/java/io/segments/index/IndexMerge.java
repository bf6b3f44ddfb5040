package io.segments.index;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Brings an index up to date without reading everything again: {@code delta} is an index of just
 * the contacts that changed since {@code base} was read (all of their fields, events and consent
 * records as they are now), built after {@link WorkspaceIndexBuilder#codesOf} so that URL, form
 * and channel codes mean the same in both. Changed contacts replace their rows; new contacts,
 * whose ids come after every id of the base, are appended. Rows never move, so a merge costs one
 * copy of the arrays and no sorting.
 *
 * <p>What a merge cannot express (a contact that left the universe by deletion or merge, a new
 * contact whose id falls between existing ones) throws {@link IndexOutdatedException}: the caller
 * then reads the whole workspace again.
 */
public final class IndexMerge {
    private IndexMerge() {
    }

    /**
     * @param changedIds every contact id the store reported as changed (some may belong to other
     *                   workspaces, or never have been live: those are ignored)
     * @param companies  the current companies when they changed too (reloaded whole), else null
     */
    public static WorkspaceIndex merge(WorkspaceIndex base, WorkspaceIndex delta, long[] changedIds, SubjectTable companies) {
        SubjectTable baseContacts = base.contacts;
        SubjectTable deltaContacts = delta.contacts;
        for (long id : changedIds) {
            if (baseContacts.rowOf(id) >= 0 && deltaContacts.rowOf(id) < 0) {
                throw new IndexOutdatedException("contact " + id + " left the universe");
            }
        }
        int baseRows = baseContacts.rows();
        long lastBaseId = baseRows == 0 ? Long.MIN_VALUE : baseContacts.id(baseRows - 1);
        int[] targetRow = new int[deltaContacts.rows()];
        int appended = 0;
        for (int row = 0; row < targetRow.length; row++) {
            long id = deltaContacts.id(row);
            int existing = baseContacts.rowOf(id);
            if (existing >= 0) {
                targetRow[row] = existing;
            } else if (id > lastBaseId) {
                targetRow[row] = baseRows + appended++;
            } else {
                throw new IndexOutdatedException("contact " + id + " is new but not after every indexed id");
            }
        }
        int rows = baseRows + appended;
        int[] source = new int[rows];
        Arrays.fill(source, -1);
        for (int row = 0; row < targetRow.length; row++) {
            source[targetRow[row]] = row;
        }

        SubjectTable contacts = mergeTable(baseContacts, deltaContacts, targetRow, rows);
        long[] companyIds = Arrays.copyOf(base.companyIdOfContact, rows);
        for (int row = 0; row < targetRow.length; row++) {
            companyIds[targetRow[row]] = delta.companyIdOfContact[row];
        }
        SubjectTable companyTable = companies != null ? companies : base.companies;
        int[] companyRows;
        if (companies != null) {
            companyRows = WorkspaceIndexBuilder.companyRows(companyIds, companyTable);
        } else {
            companyRows = Arrays.copyOf(base.companyRowOfContact, rows);
            for (int row = 0; row < targetRow.length; row++) {
                long companyId = companyIds[targetRow[row]];
                companyRows[targetRow[row]] = companyId == 0 ? -1 : Math.max(companyTable.rowOf(companyId), -1);
            }
        }
        return new WorkspaceIndex(base.zone, base.catalog, contacts, companyTable, companyIds, companyRows,
                mergeEvents(base.pageViews, delta.pageViews, source, baseRows),
                mergeEvents(base.formSubmissions, delta.formSubmissions, source, baseRows),
                mergeEvents(base.activity, delta.activity, source, baseRows),
                delta.urlIds, delta.urls, delta.formCodes, mergeConsents(base.consents, delta.consents, source, baseRows),
                delta.channelCodes);
    }

    private static SubjectTable mergeTable(SubjectTable base, SubjectTable delta, int[] targetRow, int rows) {
        long[] ids = Arrays.copyOf(base.ids, rows);
        String[] keys = Arrays.copyOf(base.keys, rows);
        String[] names = Arrays.copyOf(base.names, rows);
        long[] created = Arrays.copyOf(base.createdMicros, rows);
        for (int row = 0; row < targetRow.length; row++) {
            int target = targetRow[row];
            ids[target] = delta.ids[row];
            keys[target] = delta.keys[row];
            names[target] = delta.names[row];
            created[target] = delta.createdMicros[row];
        }
        Map<String, Column> columns = new HashMap<>();
        base.columns.forEach((field, column) -> columns.put(field, mergeColumn(column, delta.columns.get(field), targetRow, rows)));
        return new SubjectTable(ids, keys, names, created, columns);
    }

    /** The delta's values are appended to the dictionary (duplicates are harmless, see wantsCompaction). */
    private static Column mergeColumn(Column base, Column delta, int[] targetRow, int rows) {
        Object[] dictionary = Arrays.copyOf(base.dictionary, base.dictionary.length + delta.dictionary.length);
        System.arraycopy(delta.dictionary, 0, dictionary, base.dictionary.length, delta.dictionary.length);
        int[] codes = Arrays.copyOf(base.codes, rows);
        for (int row = 0; row < targetRow.length; row++) {
            int code = delta.codes[row];
            codes[targetRow[row]] = code == Column.MISSING ? Column.MISSING : base.dictionary.length + code;
        }
        return new Column(dictionary, codes);
    }

    /**
     * Rows with a source in the delta take the delta's events; the others keep the base's, copied
     * in runs (one array copy per run of unchanged rows).
     */
    private static EventList mergeEvents(EventList base, EventList delta, int[] source, int baseRows) {
        int[] offsets = offsets(source, base.offsets, delta.offsets, baseRows);
        long[] times = new long[offsets[source.length]];
        int[] values = new int[times.length];
        copyRows(source, baseRows, base.offsets, delta.offsets, (fromDelta, from, to, length) -> {
            System.arraycopy(fromDelta ? delta.times : base.times, from, times, to, length);
            System.arraycopy(fromDelta ? delta.values : base.values, from, values, to, length);
        });
        return new EventList(offsets, times, values);
    }

    private static ConsentHistory mergeConsents(ConsentHistory base, ConsentHistory delta, int[] source, int baseRows) {
        int[] offsets = offsets(source, base.offsets, delta.offsets, baseRows);
        int[] channels = new int[offsets[source.length]];
        long[] times = new long[channels.length];
        boolean[] denied = new boolean[channels.length];
        copyRows(source, baseRows, base.offsets, delta.offsets, (fromDelta, from, to, length) -> {
            System.arraycopy(fromDelta ? delta.channels : base.channels, from, channels, to, length);
            System.arraycopy(fromDelta ? delta.times : base.times, from, times, to, length);
            System.arraycopy(fromDelta ? delta.denied : base.denied, from, denied, to, length);
        });
        return new ConsentHistory(offsets, channels, times, denied);
    }

    private static int[] offsets(int[] source, int[] baseOffsets, int[] deltaOffsets, int baseRows) {
        int[] offsets = new int[source.length + 1];
        for (int row = 0; row < source.length; row++) {
            int from = source[row];
            int length = from >= 0 ? deltaOffsets[from + 1] - deltaOffsets[from] : row < baseRows ? baseOffsets[row + 1] - baseOffsets[row] : 0;
            offsets[row + 1] = offsets[row] + length;
        }
        return offsets;
    }

    private interface RangeCopy {
        void copy(boolean fromDelta, int from, int to, int length);
    }

    private static void copyRows(int[] source, int baseRows, int[] baseOffsets, int[] deltaOffsets, RangeCopy copy) {
        int position = 0;
        int row = 0;
        while (row < source.length) {
            if (source[row] >= 0) {
                int from = source[row];
                int length = deltaOffsets[from + 1] - deltaOffsets[from];
                copy.copy(true, deltaOffsets[from], position, length);
                position += length;
                row++;
                continue;
            }
            int runStart = row;
            while (row < source.length && source[row] < 0 && row < baseRows) {
                row++;
            }
            if (row == runStart) {
                row++; // an appended row without a source cannot happen: every appended row comes from the delta
                continue;
            }
            int length = baseOffsets[row] - baseOffsets[runStart];
            copy.copy(false, baseOffsets[runStart], position, length);
            position += length;
        }
    }
}
