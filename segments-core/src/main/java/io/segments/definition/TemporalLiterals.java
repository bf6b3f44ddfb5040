package io.segments.definition;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * How date and timestamp values are written in definitions: a calendar day as {@code 2024-05-31}
 * (read in the workspace time zone), an instant as ISO-8601 with an offset, such as
 * {@code 2024-05-31T08:00:00Z}; years run from 1 to 9999.
 */
public final class TemporalLiterals {
    /** Day counts above a century are refused: no marketing window is longer, and far dates overflow. */
    public static final int MAX_DAYS = 36_500;
    private static final int MIN_YEAR = 1;
    private static final int MAX_YEAR = 9999;

    private TemporalLiterals() {
    }

    public static Optional<LocalDate> calendarDay(Literal literal) {
        if (!(literal instanceof Literal.Text text)) {
            return Optional.empty();
        }
        try {
            LocalDate day = LocalDate.parse(text.value().strip());
            return day.getYear() >= MIN_YEAR && day.getYear() <= MAX_YEAR ? Optional.of(day) : Optional.empty();
        } catch (DateTimeParseException notADay) {
            return Optional.empty();
        }
    }

    public static Optional<Instant> instant(Literal literal) {
        if (!(literal instanceof Literal.Text text)) {
            return Optional.empty();
        }
        try {
            OffsetDateTime instant = OffsetDateTime.parse(text.value().strip());
            return instant.getYear() >= MIN_YEAR && instant.getYear() <= MAX_YEAR ? Optional.of(instant.toInstant()) : Optional.empty();
        } catch (DateTimeParseException notAnInstant) {
            return Optional.empty();
        }
    }

    /** A whole number of days from 1 to {@link #MAX_DAYS}, as {@code withinLastDays}/{@code moreThanDaysAgo} take. */
    public static Optional<Integer> days(Literal literal) {
        if (!(literal instanceof Literal.Number number)) {
            return Optional.empty();
        }
        try {
            int days = number.value().intValueExact();
            return days > 0 && days <= MAX_DAYS ? Optional.of(days) : Optional.empty();
        } catch (ArithmeticException notWhole) {
            return Optional.empty();
        }
    }
}
