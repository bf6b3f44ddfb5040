package io.segments.index;

import io.segments.definition.ConsentStatus;

/**
 * Every consent record per contact row (compressed sparse rows, any order within a row): channel
 * code, instant and whether it withdrew consent.
 */
public final class ConsentHistory {
    final int[] offsets;
    final int[] channels;
    final long[] times;
    final boolean[] denied;

    ConsentHistory(int[] offsets, int[] channels, long[] times, boolean[] denied) {
        this.offsets = offsets;
        this.channels = channels;
        this.times = times;
        this.denied = denied;
    }

    /**
     * The status of {@code row} on {@code channel} at {@code asOfMicros}: its latest record at or
     * before it, a withdrawal outranking a grant at the same instant; unknown without a record.
     */
    public ConsentStatus status(int row, int channel, long asOfMicros) {
        boolean found = false;
        long latest = Long.MIN_VALUE;
        boolean latestDenied = false;
        for (int position = offsets[row]; position < offsets[row + 1]; position++) {
            if (channels[position] != channel || times[position] > asOfMicros) {
                continue;
            }
            long time = times[position];
            if (!found || time > latest) {
                latest = time;
                latestDenied = denied[position];
                found = true;
            } else if (time == latest) {
                latestDenied |= denied[position];
            }
        }
        if (!found) {
            return ConsentStatus.UNKNOWN;
        }
        return latestDenied ? ConsentStatus.DENIED : ConsentStatus.GRANTED;
    }
}
