package io.segments.index;

import java.time.Instant;

/**
 * Instants as microseconds since the epoch, the precision at which the database stores and
 * compares timestamps. A finer instant is rounded as PostgreSQL rounds the text the SQL engine
 * binds: the fraction of the second read as a double, times a million, rounded half to even
 * ({@code rint}), so that both engines compare against the very same microsecond.
 */
public final class Micros {
    private Micros() {
    }

    public static long of(Instant instant) {
        long micros = Math.multiplyExact(instant.getEpochSecond(), 1_000_000L);
        int nanos = instant.getNano();
        if (nanos % 1_000 == 0) {
            return micros + nanos / 1_000;
        }
        double fraction = Double.parseDouble(String.format("0.%09d", nanos));
        return micros + (long) Math.rint(fraction * 1_000_000);
    }
}
