package io.segments.index;

import org.junit.jupiter.api.Test;

import java.util.BitSet;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** The chunked, parallel scan sets exactly the rows a plain loop sets, at every chunk boundary. */
class RowScanTest {
    @Test
    void largeTablesAreScannedInParallelChunksWithTheSameResult() {
        Random random = new Random(5);
        for (int rows : new int[]{0, 1, 63, 64, 65, 65_535, 65_536, 200_003, 1_000_000}) {
            boolean[] truth = new boolean[rows];
            BitSet expected = new BitSet();
            for (int row = 0; row < rows; row++) {
                truth[row] = random.nextInt(5) == 0 || row % 64 == 63 || row == rows - 1;
                if (truth[row]) {
                    expected.set(row);
                }
            }
            assertThat(RowScan.matching(rows, row -> truth[row])).as("%d rows", rows).isEqualTo(expected);
        }
    }
}
