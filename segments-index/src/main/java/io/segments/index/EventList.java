package io.segments.index;

/**
 * The events of one kind per contact row, each row's events in ascending time, in compressed
 * sparse rows: row r owns positions {@code [start(r), end(r))} of the time and value arrays. A
 * value is a URL or form code, or -1.
 */
public final class EventList {
    final int[] offsets;
    final long[] times;
    final int[] values;

    EventList(int[] offsets, long[] times, int[] values) {
        this.offsets = offsets;
        this.times = times;
        this.values = values;
    }

    public int start(int row) {
        return offsets[row];
    }

    public int end(int row) {
        return offsets[row + 1];
    }

    public long time(int position) {
        return times[position];
    }

    public int value(int position) {
        return values[position];
    }

    public int size() {
        return times.length;
    }

    /** The first position in {@code [from, to)} whose time is at least {@code micros}. */
    public int firstAtOrAfter(int from, int to, long micros) {
        int low = from;
        int high = to;
        while (low < high) {
            int middle = (low + high) >>> 1;
            if (times[middle] < micros) {
                low = middle + 1;
            } else {
                high = middle;
            }
        }
        return low;
    }

    /** The first position in {@code [from, to)} whose time is after {@code micros}. */
    public int firstAfter(int from, int to, long micros) {
        return micros == Long.MAX_VALUE ? to : firstAtOrAfter(from, to, micros + 1);
    }
}
