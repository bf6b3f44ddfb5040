package io.segments.index;

import java.util.BitSet;
import java.util.function.IntPredicate;
import java.util.stream.IntStream;

/**
 * Decides a per-row test for every row into a bit set, 64 rows to a word. Large tables are split
 * into word-aligned chunks decided on all cores (each chunk writes only its own words, so the
 * chunks share nothing); small ones stay in the caller's thread, where forking costs more than it
 * saves.
 */
final class RowScan {
    private static final int PARALLEL_FROM_ROWS = 65_536;
    private static final int CORES = Runtime.getRuntime().availableProcessors();

    private RowScan() {
    }

    static BitSet matching(int rows, IntPredicate test) {
        long[] words = new long[(rows + 63) >>> 6];
        int chunks = rows < PARALLEL_FROM_ROWS || CORES == 1 ? 1 : Math.min(words.length, CORES * 4);
        IntStream range = IntStream.range(0, chunks);
        (chunks > 1 ? range.parallel() : range).forEach(chunk -> {
            int fromWord = (int) ((long) words.length * chunk / chunks);
            int toWord = (int) ((long) words.length * (chunk + 1) / chunks);
            for (int word = fromWord; word < toWord; word++) {
                int first = word << 6;
                int end = Math.min(rows, first + 64);
                long bits = 0;
                for (int row = first; row < end; row++) {
                    if (test.test(row)) {
                        bits |= 1L << (row - first);
                    }
                }
                words[word] = bits;
            }
        });
        return BitSet.valueOf(words);
    }
}
