package io.segments.index;

import io.segments.definition.Attribute;
import io.segments.definition.AttributeOperator;
import io.segments.definition.Literal;
import io.segments.definition.TemporalLiterals;
import io.segments.schema.FieldType;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Predicate;

import static io.segments.definition.AttributeLiterals.days;
import static io.segments.definition.AttributeLiterals.folded;
import static io.segments.definition.AttributeLiterals.number;
import static io.segments.definition.AttributeLiterals.unsupported;

/**
 * The test a positive attribute operator applies to one present value, with exactly the
 * comparisons of the SQL engine: folded text, exact decimals, instants at microsecond precision,
 * calendar days in the workspace time zone. A missing value never reaches these tests (it
 * matches no positive operator); negative operators are complements, decided by the caller.
 */
final class AttributePredicates {
    private AttributePredicates() {
    }

    static Predicate<Object> positive(Attribute attribute, FieldType type, Instant asOf, ZoneId zone) {
        if (attribute.operator().positiveTwin().isPresent()) {
            throw new IllegalArgumentException("not a positive operator: " + attribute.operator());
        }
        if (attribute.operator() == AttributeOperator.IS_SET) {
            return value -> true;
        }
        return switch (type) {
            case TEXT, ENUM -> text(attribute);
            case NUMBER -> numeric(attribute);
            case BOOLEAN -> {
                boolean expected = ((Literal.Bool) attribute.value()).value();
                yield value -> (Boolean) value == expected;
            }
            case TIMESTAMP -> timestamp(attribute, asOf, zone);
            case DATE -> date(attribute, asOf.atZone(zone).toLocalDate());
        };
    }

    private static Predicate<Object> text(Attribute attribute) {
        return switch (attribute.operator()) {
            case EQUALS -> {
                String expected = folded(attribute.value());
                yield expected::equals;
            }
            case CONTAINS -> {
                String needle = folded(attribute.value());
                yield value -> ((String) value).contains(needle);
            }
            case STARTS_WITH -> {
                String prefix = folded(attribute.value());
                yield value -> ((String) value).startsWith(prefix);
            }
            case ENDS_WITH -> {
                String suffix = folded(attribute.value());
                yield value -> ((String) value).endsWith(suffix);
            }
            case IN -> {
                Set<String> expected = new HashSet<>();
                attribute.values().forEach(literal -> expected.add(folded(literal)));
                yield expected::contains;
            }
            default -> throw unsupported(attribute);
        };
    }

    private static Predicate<Object> numeric(Attribute attribute) {
        return switch (attribute.operator()) {
            case EQUALS -> compared(attribute.value(), difference -> difference == 0);
            case GT -> compared(attribute.value(), difference -> difference > 0);
            case GTE -> compared(attribute.value(), difference -> difference >= 0);
            case LT -> compared(attribute.value(), difference -> difference < 0);
            case LTE -> compared(attribute.value(), difference -> difference <= 0);
            case BETWEEN -> {
                BigDecimal low = number(attribute.values().get(0));
                BigDecimal high = number(attribute.values().get(1));
                yield value -> ((BigDecimal) value).compareTo(low) >= 0 && ((BigDecimal) value).compareTo(high) <= 0;
            }
            default -> throw unsupported(attribute);
        };
    }

    private static Predicate<Object> compared(Literal literal, java.util.function.IntPredicate outcome) {
        BigDecimal expected = number(literal);
        return value -> outcome.test(((BigDecimal) value).compareTo(expected));
    }

    /**
     * Instants compare as instants; a calendar day is the whole day in the workspace time zone, so
     * "before 2024-05-01" ends where that day starts and "after" begins where the next one starts.
     */
    private static Predicate<Object> timestamp(Attribute attribute, Instant asOf, ZoneId zone) {
        return switch (attribute.operator()) {
            case BEFORE -> below(dayStartOrInstant(attribute.value(), zone, false));
            case AFTER -> TemporalLiterals.calendarDay(attribute.value()).isPresent()
                    ? atLeast(dayStartOrInstant(attribute.value(), zone, true))
                    : above(dayStartOrInstant(attribute.value(), zone, false));
            case ON -> {
                LocalDate day = TemporalLiterals.calendarDay(attribute.value()).orElseThrow();
                yield range(startOf(day, zone), startOf(day.plusDays(1), zone) - 1);
            }
            case BETWEEN -> {
                Literal low = attribute.values().get(0);
                Literal high = attribute.values().get(1);
                yield TemporalLiterals.calendarDay(low).isPresent()
                        ? range(dayStartOrInstant(low, zone, false), dayStartOrInstant(high, zone, true) - 1)
                        : range(dayStartOrInstant(low, zone, false), dayStartOrInstant(high, zone, false));
            }
            case WITHIN_LAST_DAYS -> range(Micros.of(asOf.minusSeconds(days(attribute) * 86_400L)), Micros.of(asOf));
            case MORE_THAN_DAYS_AGO -> below(Micros.of(asOf.minusSeconds(days(attribute) * 86_400L)));
            default -> throw unsupported(attribute);
        };
    }

    /** Calendar-day fields compare calendar days; relative windows count days back from asOf's day. */
    private static Predicate<Object> date(Attribute attribute, LocalDate asOfDay) {
        return switch (attribute.operator()) {
            case BEFORE -> {
                LocalDate day = day(attribute.value());
                yield value -> ((LocalDate) value).isBefore(day);
            }
            case AFTER -> {
                LocalDate day = day(attribute.value());
                yield value -> ((LocalDate) value).isAfter(day);
            }
            case ON -> {
                LocalDate day = day(attribute.value());
                yield day::equals;
            }
            case BETWEEN -> dayRange(day(attribute.values().get(0)), day(attribute.values().get(1)));
            case WITHIN_LAST_DAYS -> dayRange(asOfDay.minusDays(days(attribute)), asOfDay);
            case MORE_THAN_DAYS_AGO -> {
                LocalDate bound = asOfDay.minusDays(days(attribute));
                yield value -> ((LocalDate) value).isBefore(bound);
            }
            default -> throw unsupported(attribute);
        };
    }

    private static Predicate<Object> dayRange(LocalDate low, LocalDate high) {
        return value -> !((LocalDate) value).isBefore(low) && !((LocalDate) value).isAfter(high);
    }

    private static Predicate<Object> below(long bound) {
        return value -> (Long) value < bound;
    }

    private static Predicate<Object> above(long bound) {
        return value -> (Long) value > bound;
    }

    private static Predicate<Object> atLeast(long bound) {
        return value -> (Long) value >= bound;
    }

    /** Both ends included. */
    private static Predicate<Object> range(long low, long high) {
        return value -> (Long) value >= low && (Long) value <= high;
    }

    private static long dayStartOrInstant(Literal literal, ZoneId zone, boolean nextDay) {
        return TemporalLiterals.calendarDay(literal)
                .map(day -> startOf(nextDay ? day.plusDays(1) : day, zone))
                .orElseGet(() -> Micros.of(TemporalLiterals.instant(literal).orElseThrow()));
    }

    private static long startOf(LocalDate day, ZoneId zone) {
        return Micros.of(day.atStartOfDay(zone).toInstant());
    }

    private static LocalDate day(Literal literal) {
        return TemporalLiterals.calendarDay(literal).orElseThrow();
    }

}
