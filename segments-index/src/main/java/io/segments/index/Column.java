package io.segments.index;

import java.util.Arrays;
import java.util.function.Predicate;

/**
 * One field of every record of a subject, dictionary-encoded: each record holds the code of its
 * value in {@link #dictionary()} or {@link #MISSING}. A condition is decided once per distinct
 * value, then the codes are scanned, so "country contains …" costs one string test per country.
 */
public final class Column {
    public static final int MISSING = -1;

    final Object[] dictionary;
    final int[] codes;

    Column(Object[] dictionary, int[] codes) {
        this.dictionary = dictionary;
        this.codes = codes;
    }

    public Object[] dictionary() {
        return dictionary;
    }

    public int code(int row) {
        return codes[row];
    }

    public int rows() {
        return codes.length;
    }

    /** Which codes hold a value for which {@code test} holds (a missing value never does). */
    public boolean[] matchingCodes(Predicate<Object> test) {
        boolean[] matching = new boolean[dictionary.length];
        for (int code = 0; code < dictionary.length; code++) {
            matching[code] = test.test(dictionary[code]);
        }
        return matching;
    }

    @Override
    public String toString() {
        return "Column" + Arrays.toString(dictionary);
    }
}
