package io.segments.definition.validation;

import io.segments.definition.And;
import io.segments.definition.Attribute;
import io.segments.definition.AttributeOperator;
import io.segments.definition.Consent;
import io.segments.definition.Definition;
import io.segments.definition.FormSubmit;
import io.segments.definition.Literal;
import io.segments.definition.Node;
import io.segments.definition.Not;
import io.segments.definition.Or;
import io.segments.definition.PageView;
import io.segments.definition.People;
import io.segments.definition.Recency;
import io.segments.definition.Subject;
import io.segments.definition.TemporalLiterals;
import io.segments.schema.FieldCatalog;
import io.segments.schema.FieldDefinition;
import io.segments.schema.FieldType;
import io.segments.text.TextFolding;
import io.segments.text.UrlNormalization;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

import static io.segments.definition.validation.Problems.child;

/**
 * Checks a parsed definition against a workspace's field catalog and reports every problem at
 * once, each with its JSON pointer (relative to the definition) and a stable code.
 */
public final class DefinitionValidator {
    public static final int MAX_DEPTH = 12;
    public static final int MAX_CONDITIONS = 500;

    private final FieldCatalog catalog;

    public DefinitionValidator(FieldCatalog catalog) {
        this.catalog = catalog;
    }

    public List<Problem> validate(Definition definition, Problems problems) {
        if (definition.where() != null) {
            int conditions = countNodes(definition.where());
            if (conditions > MAX_CONDITIONS) {
                problems.add("/where", ProblemCode.TOO_MANY_CONDITIONS,
                        "A definition has at most " + MAX_CONDITIONS + " conditions; this one has " + conditions + ".");
            }
            validate(definition.where(), "/where", definition.subject(), 1, false, problems);
        }
        return problems.list();
    }

    private void validate(Node node, String pointer, Subject subject, int depth, boolean insidePeople, Problems problems) {
        if (depth > MAX_DEPTH) {
            problems.add(pointer, ProblemCode.TOO_DEEP, "Conditions nest at most " + MAX_DEPTH + " levels deep.");
            return;
        }
        if (node instanceof And and) {
            validateGroup(and.conditions(), pointer, subject, depth, insidePeople, problems);
        } else if (node instanceof Or or) {
            validateGroup(or.conditions(), pointer, subject, depth, insidePeople, problems);
        } else if (node instanceof Not not) {
            if (not.condition() == null) {
                problems.add(child(pointer, "condition"), ProblemCode.MISSING_CONDITION, "Choose the condition to negate.");
            } else {
                validate(not.condition(), child(pointer, "condition"), subject, depth + 1, insidePeople, problems);
            }
        } else if (node instanceof Attribute attribute) {
            validateAttribute(attribute, pointer, subject, problems);
        } else if (node instanceof Recency recency) {
            validateRecency(recency, pointer, problems);
            if (subject == Subject.COMPANIES && recency.of() != null && recency.of() != Recency.Of.CREATED) {
                problems.add(child(pointer, "of"), ProblemCode.NOT_FOR_SUBJECT,
                        "Companies have only a creation time; for behavior, use a \"people\" condition.");
            }
        } else if (node instanceof Consent consent) {
            requireText(consent.channel(), child(pointer, "channel"), "Choose a consent channel, such as email.", problems);
            if (consent.status() == null) {
                problems.add(child(pointer, "status"), ProblemCode.MISSING_VALUE, "Choose a consent status.");
            }
            requireContacts(subject, pointer, "consent", problems);
        } else if (node instanceof PageView pageView) {
            // A fragment that normalizes to nothing (such as "%20") is as good as not typed yet.
            if (pageView.urlContains() != null && UrlNormalization.normalize(pageView.urlContains()) == null
                    && !problems.has(child(pointer, "urlContains"))) {
                problems.add(child(pointer, "urlContains"), ProblemCode.MISSING_VALUE, "Type part of the URL, or remove the URL filter.");
            }
            requireContacts(subject, pointer, "pageView", problems);
        } else if (node instanceof FormSubmit formSubmit) {
            if (formSubmit.form() != null) {
                requireText(formSubmit.form(), child(pointer, "form"), "Choose a form, or remove the form filter to match any form.", problems);
            }
            requireContacts(subject, pointer, "formSubmit", problems);
        } else if (node instanceof People people) {
            if (insidePeople) {
                problems.add(pointer, ProblemCode.PEOPLE_NESTED, "A \"people\" condition cannot contain another one.");
            } else if (subject != Subject.COMPANIES) {
                problems.add(pointer, ProblemCode.PEOPLE_OUTSIDE_COMPANIES, "\"people\" conditions belong to company segments only.");
            }
            if (people.where() != null) {
                validate(people.where(), child(pointer, "where"), Subject.CONTACTS, depth + 1, true, problems);
            }
        }
    }

    private void validateGroup(List<Node> conditions, String pointer, Subject subject, int depth, boolean insidePeople, Problems problems) {
        String conditionsPointer = child(pointer, "conditions");
        // A group whose children could not be read (or whose "conditions" is not an array) already has its problems.
        if (conditions.isEmpty() && !problems.hasAtOrUnder(conditionsPointer)) {
            problems.add(conditionsPointer, ProblemCode.EMPTY_GROUP, "Add at least one condition to this group.");
        }
        for (int index = 0; index < conditions.size(); index++) {
            validate(conditions.get(index), problems.childOf(conditionsPointer, index), subject, depth + 1, insidePeople, problems);
        }
    }

    /** Behavior and consent belong to people: a company segment reaches them through "people". */
    private static void requireContacts(Subject subject, String pointer, String type, Problems problems) {
        if (subject != Subject.CONTACTS) {
            problems.add(child(pointer, "type"), ProblemCode.NOT_FOR_SUBJECT,
                    "\"" + type + "\" applies to contacts; for companies, put it inside a \"people\" condition.");
        }
    }

    private void validateRecency(Recency recency, String pointer, Problems problems) {
        if (recency.of() == null) {
            problems.add(child(pointer, "of"), ProblemCode.MISSING_VALUE, "Choose what the recency is of.");
        }
        if (recency.operator() == null) {
            problems.add(child(pointer, "operator"), ProblemCode.MISSING_OPERATOR, "Choose within, more than or never.");
        } else if (recency.operator() == Recency.Operator.NEVER) {
            if (recency.days() != null) {
                problems.add(child(pointer, "days"), ProblemCode.UNEXPECTED_VALUE, "\"never\" takes no days.");
            }
        } else if (recency.days() == null) {
            problems.add(child(pointer, "days"), ProblemCode.MISSING_VALUE, "Type a number of days.");
        }
    }

    private void validateAttribute(Attribute attribute, String pointer, Subject subject, Problems problems) {
        String fieldPointer = child(pointer, "field");
        String operatorPointer = child(pointer, "operator");
        Optional<FieldDefinition> field = Optional.empty();
        if (attribute.field() == null || attribute.field().isBlank()) {
            problems.add(fieldPointer, ProblemCode.MISSING_FIELD, "Choose a field.");
        } else {
            field = catalog.field(subject, attribute.field());
            if (field.isEmpty()) {
                problems.add(fieldPointer, ProblemCode.UNKNOWN_FIELD,
                        "Unknown " + subject.jsonName() + " field \"" + attribute.field() + "\".");
            }
        }
        AttributeOperator operator = attribute.operator();
        if (operator == null) {
            problems.add(operatorPointer, ProblemCode.MISSING_OPERATOR, "Choose an operator.");
        }
        if (field.isEmpty() || operator == null) {
            return;
        }
        FieldType type = field.get().type();
        if (!type.accepts(operator)) {
            problems.add(operatorPointer, ProblemCode.OPERATOR_NOT_ALLOWED, "\"" + operator.jsonName() + "\" does not apply to "
                    + type.jsonName() + " fields; use one of " + String.join(", ", type.operators().stream().map(AttributeOperator::jsonName).toList()) + ".");
            return;
        }
        validateValues(attribute, field.get(), pointer, problems);
    }

    private void validateValues(Attribute attribute, FieldDefinition field, String pointer, Problems problems) {
        String valuePointer = child(pointer, "value");
        String valuesPointer = child(pointer, "values");
        AttributeOperator operator = attribute.operator();
        switch (operator.arity()) {
            case NONE -> {
                if (attribute.value() != null) {
                    problems.add(valuePointer, ProblemCode.UNEXPECTED_VALUE, "\"" + operator.jsonName() + "\" takes no value.");
                }
                if (attribute.values() != null) {
                    problems.add(valuesPointer, ProblemCode.UNEXPECTED_VALUE, "\"" + operator.jsonName() + "\" takes no values.");
                }
            }
            case ONE -> {
                if (attribute.values() != null) {
                    problems.add(valuesPointer, ProblemCode.UNEXPECTED_VALUE, "\"" + operator.jsonName() + "\" takes one \"value\", not \"values\".");
                }
                if (attribute.value() == null) {
                    if (!problems.has(valuePointer)) {
                        problems.add(valuePointer, ProblemCode.MISSING_VALUE, "Type a value.");
                    }
                } else {
                    checkLiteral(attribute.value(), field, operator, valuePointer, problems);
                }
            }
            case PAIR, MANY -> {
                if (attribute.value() != null) {
                    problems.add(valuePointer, ProblemCode.UNEXPECTED_VALUE, "\"" + operator.jsonName() + "\" takes \"values\", not \"value\".");
                }
                List<Literal> values = attribute.values();
                if (values == null || values.isEmpty()) {
                    // An element that failed to parse leaves the values unread: it is not also "missing".
                    if (!problems.hasAtOrUnder(valuesPointer)) {
                        problems.add(valuesPointer, ProblemCode.MISSING_VALUE,
                                operator.arity() == AttributeOperator.Arity.PAIR ? "Type both ends of the range." : "Choose at least one value.");
                    }
                    return;
                }
                if (operator.arity() == AttributeOperator.Arity.PAIR && values.size() != 2) {
                    problems.add(valuesPointer, ProblemCode.WRONG_VALUES_ARITY,
                            "\"between\" takes exactly two values, [low, high]; got " + values.size() + ".");
                    return;
                }
                boolean allValid = true;
                for (int index = 0; index < values.size(); index++) {
                    allValid &= checkLiteral(values.get(index), field, operator, child(valuesPointer, index), problems);
                }
                if (allValid && operator == AttributeOperator.BETWEEN) {
                    checkRange(values, field, valuesPointer, problems);
                }
            }
        }
    }

    /** Checks one typed value against the field's type; returns whether it is usable. */
    private boolean checkLiteral(Literal literal, FieldDefinition field, AttributeOperator operator, String pointer, Problems problems) {
        if (literal instanceof Literal.Text text && TextFolding.isBlank(text.value())) {
            problems.add(pointer, ProblemCode.MISSING_VALUE, "Type a value.");
            return false;
        }
        boolean relative = operator == AttributeOperator.WITHIN_LAST_DAYS || operator == AttributeOperator.MORE_THAN_DAYS_AGO;
        switch (field.type()) {
            case TEXT -> {
                return expect(literal instanceof Literal.Text, pointer, "a text", problems);
            }
            case NUMBER -> {
                return expect(literal instanceof Literal.Number, pointer, "a number", problems);
            }
            case BOOLEAN -> {
                return expect(literal instanceof Literal.Bool, pointer, "true or false", problems);
            }
            case ENUM -> {
                if (!expect(literal instanceof Literal.Text, pointer, "one of " + String.join(", ", field.options()), problems)) {
                    return false;
                }
                String folded = TextFolding.fold(((Literal.Text) literal).value());
                boolean known = field.options().stream().anyMatch(option -> folded.equals(TextFolding.fold(option)));
                if (!known) {
                    problems.add(pointer, ProblemCode.UNKNOWN_OPTION,
                            "\"" + ((Literal.Text) literal).value() + "\" is not an option of " + field.name() + ": use one of " + String.join(", ", field.options()) + ".");
                }
                return known;
            }
            case DATE, TIMESTAMP -> {
                if (relative) {
                    return expect(TemporalLiterals.days(literal).isPresent(), pointer, "a whole number of days, at least 1", problems);
                }
                boolean day = TemporalLiterals.calendarDay(literal).isPresent();
                boolean instant = field.type() == FieldType.TIMESTAMP && operator != AttributeOperator.ON
                        && TemporalLiterals.instant(literal).isPresent();
                String expected = field.type() == FieldType.DATE || operator == AttributeOperator.ON
                        ? "a calendar day such as 2024-05-31"
                        : "a calendar day such as 2024-05-31 or an instant such as 2024-05-31T08:00:00Z";
                return expect(day || instant, pointer, expected, problems);
            }
            default -> throw new IllegalStateException("unhandled field type " + field.type());
        }
    }

    private static void checkRange(List<Literal> values, FieldDefinition field, String pointer, Problems problems) {
        boolean inverted;
        if (field.type() == FieldType.NUMBER) {
            BigDecimal low = ((Literal.Number) values.get(0)).value();
            BigDecimal high = ((Literal.Number) values.get(1)).value();
            inverted = low.compareTo(high) > 0;
        } else {
            Optional<LocalDate> lowDay = TemporalLiterals.calendarDay(values.get(0));
            Optional<LocalDate> highDay = TemporalLiterals.calendarDay(values.get(1));
            if (lowDay.isPresent() != highDay.isPresent()) {
                problems.add(pointer, ProblemCode.WRONG_VALUE_TYPE, "Write both ends as calendar days, or both as instants.");
                return;
            }
            if (lowDay.isPresent()) {
                inverted = lowDay.get().isAfter(highDay.get());
            } else {
                Instant low = TemporalLiterals.instant(values.get(0)).orElseThrow();
                Instant high = TemporalLiterals.instant(values.get(1)).orElseThrow();
                inverted = low.isAfter(high);
            }
        }
        if (inverted) {
            problems.add(pointer, ProblemCode.INVALID_RANGE, "The low end of the range is above the high end.");
        }
    }

    private static boolean expect(boolean condition, String pointer, String expected, Problems problems) {
        if (!condition) {
            problems.add(pointer, ProblemCode.WRONG_VALUE_TYPE, "Expected " + expected + ".");
        }
        return condition;
    }

    private static void requireText(String text, String pointer, String message, Problems problems) {
        if (TextFolding.isBlank(text) && !problems.has(pointer)) {
            problems.add(pointer, ProblemCode.MISSING_VALUE, message);
        }
    }

    private static int countNodes(Node node) {
        if (node instanceof And and) {
            return 1 + and.conditions().stream().mapToInt(DefinitionValidator::countNodes).sum();
        }
        if (node instanceof Or or) {
            return 1 + or.conditions().stream().mapToInt(DefinitionValidator::countNodes).sum();
        }
        if (node instanceof Not not) {
            return 1 + (not.condition() == null ? 0 : countNodes(not.condition()));
        }
        if (node instanceof People people) {
            return 1 + (people.where() == null ? 0 : countNodes(people.where()));
        }
        return 1;
    }
}
