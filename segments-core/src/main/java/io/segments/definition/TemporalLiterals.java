package io.segments.definition;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * How date and timestamp values are written in definitions: a calendar day as {@code 2024-05-31}
 * (read in the workspace time zone), an instant as ISO-8601 with an offset, such as
 * {@code 2024-05-31T08:00:00Z}.
 */
public final class TemporalLiterals {
    private TemporalLiterals() {
    }

    public static Optional<LocalDate> calendarDay(Literal literal) {
        if (!(literal instanceof Literal.Text text)) {
            return Optional.empty();
        }
        try {
            return Optional.of(LocalDate.parse(text.value().strip()));
        } catch (DateTimeParseException notADay) {
            return Optional.empty();
        }
    }

    public static Optional<Instant> instant(Literal literal) {
        if (!(literal instanceof Literal.Text text)) {
            return Optional.empty();
        }
        try {
            return Optional.of(OffsetDateTime.parse(text.value().strip()).toInstant());
        } catch (DateTimeParseException notAnInstant) {
            return Optional.empty();
        }
    }

    /** A positive whole number of days, as {@code withinLastDays}/{@code moreThanDaysAgo} take. */
    public static Optional<Integer> days(Literal literal) {
        if (!(literal instanceof Literal.Number number)) {
            return Optional.empty();
        }
        try {
            int days = number.value().intValueExact();
            return days > 0 ? Optional.of(days) : Optional.empty();
        } catch (ArithmeticException notWhole) {
            return Optional.empty();
        }
    }
}
