package io.segments.index;

import java.time.Instant;

/**
 * Instants as microseconds since the epoch, the precision at which the database stores and
 * compares timestamps; a finer instant is rounded to the nearest microsecond, half up, as the
 * PostgreSQL driver rounds the bound values of the SQL engine.
 */
public final class Micros {
    private Micros() {
    }

    public static long of(Instant instant) {
        long micros = Math.multiplyExact(instant.getEpochSecond(), 1_000_000L);
        return micros + (instant.getNano() + 500) / 1_000;
    }
}
