package io.segments.postgres.sql;

import io.segments.definition.Attribute;
import io.segments.definition.AttributeLiterals;
import io.segments.definition.AttributeOperator;
import io.segments.definition.Literal;
import io.segments.definition.TemporalLiterals;
import io.segments.schema.FieldDefinition;
import io.segments.schema.FieldType;
import org.jooq.Condition;
import org.jooq.Field;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

import static io.segments.definition.AttributeLiterals.days;
import static io.segments.definition.AttributeLiterals.folded;
import static io.segments.definition.AttributeLiterals.number;
import static io.segments.definition.AttributeLiterals.unsupported;

/**
 * Compiles attribute conditions. Every positive operator compiles to
 * {@code value IS NOT NULL AND predicate}, which is false (never NULL) for a missing value; every
 * negative operator is {@code NOT} of its positive twin. So negations are exact complements and a
 * missing value lands on the negative side. Typed values are folded in Java and always bound.
 */
final class AttributeConditions {
    private AttributeConditions() {
    }

    static Condition compile(Attribute attribute, FieldDefinition field, SubjectRelation relation, String fieldName,
                             EvaluationContext context) {
        AttributeOperator operator = attribute.operator();
        if (operator.positiveTwin().isPresent()) {
            Attribute positive = new Attribute(attribute.field(), operator.positiveTwin().get(), attribute.value(), attribute.values());
            return DSL.not(compile(positive, field, relation, fieldName, context));
        }
        return switch (field.type()) {
            case TEXT, ENUM -> text(attribute, textValue(relation, fieldName)).and(containment(attribute, relation, fieldName));
            case NUMBER -> numeric(attribute, numberValue(field, relation, fieldName));
            case BOOLEAN -> bool(attribute, booleanValue(relation, fieldName));
            case TIMESTAMP -> timestamp(attribute, timestampValue(field, relation, fieldName), context);
            case DATE -> date(attribute, dateValue(relation, fieldName), context);
        };
    }

    private static Field<String> textValue(SubjectRelation relation, String fieldName) {
        return DSL.field("({0} ->> {1})", String.class, relation.column("folded", Object.class), DSL.val(fieldName));
    }

    /**
     * For {@code equals} and {@code in}: the folded document contains the field with (one of) the
     * folded value(s). The comparison implies it (folded values are JSON strings), so adding it
     * changes no result; it lets the GIN index on {@code folded} find the candidates.
     */
    private static Condition containment(Attribute attribute, SubjectRelation relation, String fieldName) {
        List<String> values = switch (attribute.operator()) {
            case EQUALS -> java.util.Collections.singletonList(folded(attribute.value()));
            case IN -> attribute.values().stream().map(AttributeLiterals::folded).toList();
            default -> List.of();
        };
        if (values.isEmpty() || values.contains(null)) {
            return DSL.noCondition();
        }
        List<Condition> documents = new java.util.ArrayList<>();
        for (String value : new java.util.LinkedHashSet<>(values)) {
            com.fasterxml.jackson.databind.node.ObjectNode document = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
            document.put(fieldName, value);
            documents.add(DSL.condition("{0} @> cast({1} as jsonb)", relation.column("folded", Object.class), DSL.val(document.toString())));
        }
        return DSL.or(documents);
    }

    private static Field<String> rawProperty(SubjectRelation relation, String fieldName) {
        return DSL.field("({0} ->> {1})", String.class, relation.column("properties", Object.class), DSL.val(fieldName));
    }

    private static Field<BigDecimal> numberValue(FieldDefinition field, SubjectRelation relation, String fieldName) {
        String column = field.builtIn() ? relation.builtInColumn(fieldName) : null;
        return column != null ? relation.column(column, BigDecimal.class) : rawProperty(relation, fieldName).cast(SQLDataType.NUMERIC);
    }

    private static Field<Boolean> booleanValue(SubjectRelation relation, String fieldName) {
        return rawProperty(relation, fieldName).cast(SQLDataType.BOOLEAN);
    }

    private static Field<OffsetDateTime> timestampValue(FieldDefinition field, SubjectRelation relation, String fieldName) {
        String column = field.builtIn() ? relation.builtInColumn(fieldName) : null;
        return column != null
                ? relation.column(column, OffsetDateTime.class)
                : rawProperty(relation, fieldName).cast(SQLDataType.TIMESTAMPWITHTIMEZONE);
    }

    private static Field<LocalDate> dateValue(SubjectRelation relation, String fieldName) {
        return rawProperty(relation, fieldName).cast(SQLDataType.LOCALDATE);
    }

    private static Condition present(Field<?> value, Condition predicate) {
        return value.isNotNull().and(predicate);
    }

    private static Condition text(Attribute attribute, Field<String> value) {
        return switch (attribute.operator()) {
            case IS_SET -> value.isNotNull();
            case EQUALS -> present(value, value.eq(folded(attribute.value())));
            case CONTAINS -> present(value, DSL.position(value, DSL.val(folded(attribute.value()))).gt(0));
            case STARTS_WITH -> present(value, DSL.condition(DSL.function("starts_with", Boolean.class, value, DSL.val(folded(attribute.value())))));
            case ENDS_WITH -> {
                Field<String> suffix = DSL.val(folded(attribute.value()));
                yield present(value, DSL.right(value, DSL.charLength(suffix)).eq(suffix));
            }
            case IN -> present(value, value.in(attribute.values().stream().map(AttributeLiterals::folded).toList()));
            default -> throw unsupported(attribute);
        };
    }

    private static Condition numeric(Attribute attribute, Field<BigDecimal> value) {
        return switch (attribute.operator()) {
            case IS_SET -> value.isNotNull();
            case EQUALS -> present(value, value.eq(number(attribute.value())));
            case GT -> present(value, value.gt(number(attribute.value())));
            case GTE -> present(value, value.ge(number(attribute.value())));
            case LT -> present(value, value.lt(number(attribute.value())));
            case LTE -> present(value, value.le(number(attribute.value())));
            case BETWEEN -> present(value, value.between(number(attribute.values().get(0)), number(attribute.values().get(1))));
            default -> throw unsupported(attribute);
        };
    }

    private static Condition bool(Attribute attribute, Field<Boolean> value) {
        return switch (attribute.operator()) {
            case IS_SET -> value.isNotNull();
            case EQUALS -> present(value, value.eq(((Literal.Bool) attribute.value()).value()));
            default -> throw unsupported(attribute);
        };
    }

    /**
     * Instants compare as instants; a calendar day means the whole day in the workspace time zone,
     * so "before 2024-05-01" ends where that day starts and "after" begins where the next starts.
     */
    private static Condition timestamp(Attribute attribute, Field<OffsetDateTime> value, EvaluationContext context) {
        return switch (attribute.operator()) {
            case IS_SET -> value.isNotNull();
            case BEFORE -> present(value, value.lt(dayStartOrInstant(attribute.value(), context, false)));
            case AFTER -> TemporalLiterals.calendarDay(attribute.value()).isPresent()
                    ? present(value, value.ge(dayStartOrInstant(attribute.value(), context, true)))
                    : present(value, value.gt(dayStartOrInstant(attribute.value(), context, false)));
            case ON -> {
                LocalDate day = TemporalLiterals.calendarDay(attribute.value()).orElseThrow();
                yield present(value, value.ge(timestampValue(context.startOf(day))).and(value.lt(timestampValue(context.startOf(day.plusDays(1))))));
            }
            case BETWEEN -> {
                Literal low = attribute.values().get(0);
                Literal high = attribute.values().get(1);
                yield TemporalLiterals.calendarDay(low).isPresent()
                        ? present(value, value.ge(dayStartOrInstant(low, context, false)).and(value.lt(dayStartOrInstant(high, context, true))))
                        : present(value, value.ge(dayStartOrInstant(low, context, false)).and(value.le(dayStartOrInstant(high, context, false))));
            }
            case WITHIN_LAST_DAYS -> present(value, value.ge(timestampValue(context.daysBeforeAsOf(days(attribute))))
                    .and(value.le(timestampValue(context.asOfTimestamp()))));
            case MORE_THAN_DAYS_AGO -> present(value, value.lt(timestampValue(context.daysBeforeAsOf(days(attribute)))));
            default -> throw unsupported(attribute);
        };
    }

    /** Calendar-day fields compare calendar days; relative windows count days back from asOf's day. */
    private static Condition date(Attribute attribute, Field<LocalDate> value, EvaluationContext context) {
        return switch (attribute.operator()) {
            case IS_SET -> value.isNotNull();
            case BEFORE -> present(value, value.lt(day(attribute.value())));
            case AFTER -> present(value, value.gt(day(attribute.value())));
            case ON -> present(value, value.eq(day(attribute.value())));
            case BETWEEN -> present(value, value.between(day(attribute.values().get(0)), day(attribute.values().get(1))));
            case WITHIN_LAST_DAYS -> present(value, value.between(
                    DSL.val(context.asOfDay().minusDays(days(attribute)), SQLDataType.LOCALDATE),
                    DSL.val(context.asOfDay(), SQLDataType.LOCALDATE)));
            case MORE_THAN_DAYS_AGO -> present(value, value.lt(DSL.val(context.asOfDay().minusDays(days(attribute)), SQLDataType.LOCALDATE)));
            default -> throw unsupported(attribute);
        };
    }

    private static Field<OffsetDateTime> dayStartOrInstant(Literal literal, EvaluationContext context, boolean nextDay) {
        return TemporalLiterals.calendarDay(literal)
                .map(day -> timestampValue(context.startOf(nextDay ? day.plusDays(1) : day)))
                .orElseGet(() -> timestampValue(TemporalLiterals.instant(literal).orElseThrow().atOffset(ZoneOffset.UTC)));
    }

    static Field<OffsetDateTime> timestampValue(OffsetDateTime instant) {
        return DSL.val(instant, SQLDataType.TIMESTAMPWITHTIMEZONE);
    }

    private static Field<LocalDate> day(Literal literal) {
        return DSL.val(TemporalLiterals.calendarDay(literal).orElseThrow(), SQLDataType.LOCALDATE);
    }

}
