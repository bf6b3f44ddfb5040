package io.segments.index;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;

/**
 * The live records of one subject (contacts or companies), in ascending id order, so that a bit
 * set over rows lists members in the order the contract pages them. Deleted and merged records
 * are not here: they are in no universe at any instant.
 */
public final class SubjectTable {
    final long[] ids;
    final String[] keys;
    final String[] names;
    final long[] createdMicros;
    final Map<String, Column> columns;

    SubjectTable(long[] ids, String[] keys, String[] names, long[] createdMicros, Map<String, Column> columns) {
        this.ids = ids;
        this.keys = keys;
        this.names = names;
        this.createdMicros = createdMicros;
        this.columns = Map.copyOf(columns);
    }

    public int rows() {
        return ids.length;
    }

    public long id(int row) {
        return ids[row];
    }

    public String key(int row) {
        return keys[row];
    }

    public String name(int row) {
        return names[row];
    }

    public long createdMicros(int row) {
        return createdMicros[row];
    }

    /** The row of {@code id}, or a negative number when no live record has it. */
    public int rowOf(long id) {
        return Arrays.binarySearch(ids, id);
    }

    /** The first row whose id is greater than {@code id}. */
    public int firstRowAfter(long id) {
        int row = Arrays.binarySearch(ids, id);
        return row >= 0 ? row + 1 : -row - 1;
    }

    /** Dictionary entries over all columns, for deciding when to compact. */
    long dictionaryEntries() {
        return columns.values().stream().mapToLong(column -> column.dictionary.length).sum();
    }

    public Optional<Column> column(String field) {
        return Optional.ofNullable(columns.get(field));
    }
}
