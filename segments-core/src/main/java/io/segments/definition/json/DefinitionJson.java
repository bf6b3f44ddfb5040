package io.segments.definition.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.segments.definition.And;
import io.segments.definition.Attribute;
import io.segments.definition.AttributeOperator;
import io.segments.definition.Consent;
import io.segments.definition.ConsentStatus;
import io.segments.definition.Definition;
import io.segments.definition.FormSubmit;
import io.segments.definition.Literal;
import io.segments.definition.Node;
import io.segments.definition.NodeVisitor;
import io.segments.definition.Not;
import io.segments.definition.Or;
import io.segments.definition.PageView;
import io.segments.definition.People;
import io.segments.definition.Recency;
import io.segments.definition.Subject;
import io.segments.definition.validation.ProblemCode;
import io.segments.definition.validation.Problems;

import io.segments.definition.TemporalLiterals;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

import static io.segments.definition.validation.Problems.child;

/**
 * Reads and writes the contract's definition JSON. Reading never throws for client input: it keeps
 * going after a problem so that every problem of the document is reported at once, each with its
 * JSON pointer. Writing emits exactly the fields that were read, so a definition round-trips
 * losslessly (absent optional fields stay absent).
 */
public final class DefinitionJson {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private static final Map<String, Set<String>> PROPERTIES_BY_TYPE = Map.of(
            "and", Set.of("type", "conditions"),
            "or", Set.of("type", "conditions"),
            "not", Set.of("type", "condition"),
            "attribute", Set.of("type", "field", "operator", "value", "values"),
            "recency", Set.of("type", "of", "operator", "days"),
            "consent", Set.of("type", "channel", "status"),
            "pageView", Set.of("type", "urlContains", "withinDays", "atLeast"),
            "formSubmit", Set.of("type", "form", "withinDays", "atLeast"),
            "people", Set.of("type", "atLeast", "where"));

    /** At most this many values in {@code values}: more is no longer a condition but a list upload. */
    public static final int MAX_VALUES = 1000;
    /** Digits before and after the decimal point of a number value. */
    private static final int MAX_DIGITS = 100;

    private DefinitionJson() {
    }

    /** U+0000 cannot be stored or compared as text (PostgreSQL refuses it), so it is refused here. */
    private static boolean hasNul(String text, String pointer, Problems problems) {
        if (text.indexOf('\u0000') >= 0) {
            problems.add(pointer, ProblemCode.INVALID_CHARACTER, "Text cannot contain the NUL character (U+0000).");
            return true;
        }
        return false;
    }

    public static ParsedDefinition parse(JsonNode json) {
        Problems problems = new Problems();
        if (json == null || !json.isObject()) {
            problems.add("", ProblemCode.WRONG_JSON_TYPE, "A definition is a JSON object with \"subject\" and \"where\".");
            return new ParsedDefinition(Optional.empty(), problems.list(), problems.positions());
        }
        rejectUnknownProperties(json, "", Set.of("subject", "where"), problems);
        Subject subject = null;
        JsonNode subjectJson = json.get("subject");
        if (subjectJson == null || subjectJson.isNull()) {
            problems.add("/subject", ProblemCode.MISSING_SUBJECT, "Choose a subject: \"contacts\" or \"companies\".");
        } else if (!subjectJson.isTextual() || Subject.fromJsonName(subjectJson.asText()).isEmpty()) {
            problems.add("/subject", ProblemCode.UNKNOWN_SUBJECT,
                    "Unknown subject " + subjectJson + ": use \"contacts\" or \"companies\".");
        } else {
            subject = Subject.fromJsonName(subjectJson.asText()).orElseThrow();
        }
        JsonNode whereJson = json.get("where");
        Node where = whereJson == null || whereJson.isNull() ? null : readNode(whereJson, "/where", problems);
        Optional<Definition> definition = subject == null ? Optional.empty() : Optional.of(new Definition(subject, where));
        return new ParsedDefinition(definition, problems.list(), problems.positions());
    }

    /** Reads one condition node; returns null (with a problem) when the node cannot be read at all. */
    public static Node readNode(JsonNode json, String pointer, Problems problems) {
        if (!json.isObject()) {
            problems.add(pointer, ProblemCode.WRONG_JSON_TYPE, "A condition is a JSON object with a \"type\".");
            return null;
        }
        JsonNode typeJson = json.get("type");
        if (typeJson == null || typeJson.isNull()) {
            problems.add(child(pointer, "type"), ProblemCode.MISSING_TYPE,
                    "A condition needs a \"type\": one of " + String.join(", ", sortedTypes()) + ".");
            return null;
        }
        String type = typeJson.asText();
        Set<String> allowed = PROPERTIES_BY_TYPE.get(type);
        if (!typeJson.isTextual() || allowed == null) {
            problems.add(child(pointer, "type"), ProblemCode.UNKNOWN_TYPE,
                    "Unknown condition type " + typeJson + ": use one of " + String.join(", ", sortedTypes()) + ".");
            return null;
        }
        rejectUnknownProperties(json, pointer, allowed, problems);
        return switch (type) {
            case "and" -> new And(readChildren(json, pointer, problems));
            case "or" -> new Or(readChildren(json, pointer, problems));
            case "not" -> new Not(readOptionalNode(json, "condition", pointer, problems));
            case "attribute" -> readAttribute(json, pointer, problems);
            case "recency" -> new Recency(
                    readEnum(json, "of", pointer, problems, Recency.Of::fromJsonName, "activity, pageView, formSubmit or created"),
                    readEnum(json, "operator", pointer, problems, Recency.Operator::fromJsonName, "withinLastDays, moreThanDaysAgo or never"),
                    readPositiveInteger(json, "days", pointer, problems));
            case "consent" -> new Consent(
                    readText(json, "channel", pointer, problems),
                    readEnum(json, "status", pointer, problems, ConsentStatus::fromJsonName, "granted, denied or unknown"));
            case "pageView" -> new PageView(
                    readText(json, "urlContains", pointer, problems),
                    readPositiveInteger(json, "withinDays", pointer, problems),
                    readPositiveInteger(json, "atLeast", pointer, problems));
            case "formSubmit" -> new FormSubmit(
                    readText(json, "form", pointer, problems),
                    readPositiveInteger(json, "withinDays", pointer, problems),
                    readPositiveInteger(json, "atLeast", pointer, problems));
            case "people" -> new People(
                    readPositiveInteger(json, "atLeast", pointer, problems),
                    readOptionalNode(json, "where", pointer, problems));
            default -> throw new IllegalStateException("type table and switch disagree: " + type);
        };
    }

    private static List<String> sortedTypes() {
        return List.of("and", "or", "not", "attribute", "recency", "consent", "pageView", "formSubmit", "people");
    }

    private static void rejectUnknownProperties(JsonNode json, String pointer, Set<String> allowed, Problems problems) {
        Iterator<String> names = json.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (!allowed.contains(name)) {
                problems.add(child(pointer, name), ProblemCode.UNKNOWN_PROPERTY,
                        "Unknown property \"" + name + "\" here; allowed: " + String.join(", ", allowed.stream().sorted().toList()) + ".");
            }
        }
    }

    private static List<Node> readChildren(JsonNode json, String pointer, Problems problems) {
        String conditionsPointer = child(pointer, "conditions");
        JsonNode conditions = json.get("conditions");
        List<Node> children = new ArrayList<>();
        if (conditions == null || conditions.isNull()) {
            return children;
        }
        if (!conditions.isArray()) {
            problems.add(conditionsPointer, ProblemCode.WRONG_JSON_TYPE, "\"conditions\" is an array of conditions.");
            return children;
        }
        List<Integer> positions = new ArrayList<>();
        for (int index = 0; index < conditions.size(); index++) {
            Node node = readNode(conditions.get(index), child(conditionsPointer, index), problems);
            if (node != null) {
                children.add(node);
                positions.add(index);
            }
        }
        if (children.size() != conditions.size()) {
            // Unreadable children are left out; later problems must still point at the JSON positions.
            problems.recordPositions(conditionsPointer, positions);
        }
        return children;
    }

    private static Node readOptionalNode(JsonNode json, String name, String pointer, Problems problems) {
        JsonNode node = json.get(name);
        return node == null || node.isNull() ? null : readNode(node, child(pointer, name), problems);
    }

    private static Attribute readAttribute(JsonNode json, String pointer, Problems problems) {
        String field = readText(json, "field", pointer, problems);
        AttributeOperator operator = readEnum(json, "operator", pointer, problems, AttributeOperator::fromJsonName,
                "an operator of the field's type");
        Literal value = null;
        JsonNode valueJson = json.get("value");
        if (valueJson != null && !valueJson.isNull()) {
            value = readLiteral(valueJson, child(pointer, "value"), problems);
        }
        List<Literal> values = null;
        JsonNode valuesJson = json.get("values");
        if (valuesJson != null && !valuesJson.isNull()) {
            values = readLiterals(valuesJson, child(pointer, "values"), problems);
        }
        return new Attribute(field, operator, value, values);
    }

    /**
     * Reads a {@code values} array. An array with a null element (a bound not typed yet, as in
     * {@code [10, null]}) reads as absent, which validation reports as an incomplete value.
     */
    private static List<Literal> readLiterals(JsonNode json, String pointer, Problems problems) {
        if (!json.isArray()) {
            problems.add(pointer, ProblemCode.WRONG_JSON_TYPE, "\"values\" is an array of values.");
            return null;
        }
        if (json.size() > MAX_VALUES) {
            problems.add(pointer, ProblemCode.TOO_MANY_VALUES, "A condition takes at most " + MAX_VALUES + " values; this one has " + json.size() + ".");
            return null;
        }
        List<Literal> literals = new ArrayList<>();
        for (int index = 0; index < json.size(); index++) {
            JsonNode element = json.get(index);
            if (element.isNull()) {
                return null;
            }
            Literal literal = readLiteral(element, child(pointer, index), problems);
            if (literal == null) {
                return null;
            }
            literals.add(literal);
        }
        return literals;
    }

    private static Literal readLiteral(JsonNode json, String pointer, Problems problems) {
        if (json.isTextual()) {
            return hasNul(json.textValue(), pointer, problems) ? null : new Literal.Text(json.textValue());
        }
        if (json.isNumber()) {
            if ((json.isDouble() || json.isFloat()) && !Double.isFinite(json.doubleValue())) {
                // A binary floating-point reader turns 1e400 into Infinity, which has no decimal value.
                problems.add(pointer, ProblemCode.OUT_OF_RANGE, "This number is out of range.");
                return null;
            }
            BigDecimal number = json.decimalValue();
            if (number.signum() != 0 && (number.precision() - number.scale() > MAX_DIGITS || number.scale() > MAX_DIGITS)) {
                problems.add(pointer, ProblemCode.OUT_OF_RANGE, "Numbers have at most " + MAX_DIGITS + " digits before and after the point.");
                return null;
            }
            return new Literal.Number(number);
        }
        if (json.isBoolean()) {
            return new Literal.Bool(json.booleanValue());
        }
        problems.add(pointer, ProblemCode.WRONG_JSON_TYPE, "A value is a JSON string, number or boolean.");
        return null;
    }

    private static String readText(JsonNode json, String name, String pointer, Problems problems) {
        JsonNode value = json.get(name);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            problems.add(child(pointer, name), ProblemCode.WRONG_JSON_TYPE, "\"" + name + "\" is a string.");
            return null;
        }
        if (hasNul(value.textValue(), child(pointer, name), problems)) {
            return null;
        }
        return value.textValue();
    }

    private static <E> E readEnum(JsonNode json, String name, String pointer, Problems problems,
                                  Function<String, Optional<E>> lookup, String expected) {
        JsonNode value = json.get(name);
        if (value == null || value.isNull()) {
            return null;
        }
        Optional<E> known = value.isTextual() ? lookup.apply(value.textValue()) : Optional.empty();
        if (known.isEmpty()) {
            ProblemCode code = "operator".equals(name) ? ProblemCode.UNKNOWN_OPERATOR : ProblemCode.UNKNOWN_OPTION;
            problems.add(child(pointer, name), code, "Unknown " + name + " " + value + ": use " + expected + ".");
            return null;
        }
        return known.get();
    }

    private static Integer readPositiveInteger(JsonNode json, String name, String pointer, Problems problems) {
        JsonNode value = json.get(name);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isIntegralNumber() || !value.canConvertToInt()) {
            problems.add(child(pointer, name), ProblemCode.WRONG_JSON_TYPE, "\"" + name + "\" is a whole number.");
            return null;
        }
        if (value.intValue() <= 0) {
            problems.add(child(pointer, name), ProblemCode.NOT_POSITIVE, "\"" + name + "\" must be at least 1.");
            return null;
        }
        if (!"atLeast".equals(name) && value.intValue() > TemporalLiterals.MAX_DAYS) {
            problems.add(child(pointer, name), ProblemCode.OUT_OF_RANGE, "\"" + name + "\" is at most " + TemporalLiterals.MAX_DAYS + " days.");
            return null;
        }
        return value.intValue();
    }

    public static ObjectNode write(Definition definition) {
        ObjectNode json = JSON.objectNode();
        json.put("subject", definition.subject().jsonName());
        if (definition.where() != null) {
            json.set("where", write(definition.where()));
        }
        return json;
    }

    public static ObjectNode write(Node node) {
        return node.accept(new Writer());
    }

    private static final class Writer implements NodeVisitor<ObjectNode> {
        private ObjectNode typed(Node node) {
            ObjectNode json = JSON.objectNode();
            json.put("type", node.type());
            return json;
        }

        private ObjectNode group(Node node, List<Node> conditions) {
            ObjectNode json = typed(node);
            ArrayNode array = json.putArray("conditions");
            conditions.forEach(condition -> array.add(condition.accept(this)));
            return json;
        }

        @Override
        public ObjectNode visitAnd(And node) {
            return group(node, node.conditions());
        }

        @Override
        public ObjectNode visitOr(Or node) {
            return group(node, node.conditions());
        }

        @Override
        public ObjectNode visitNot(Not node) {
            ObjectNode json = typed(node);
            if (node.condition() != null) {
                json.set("condition", node.condition().accept(this));
            }
            return json;
        }

        @Override
        public ObjectNode visitAttribute(Attribute node) {
            ObjectNode json = typed(node);
            putIfPresent(json, "field", node.field());
            if (node.operator() != null) {
                json.put("operator", node.operator().jsonName());
            }
            if (node.value() != null) {
                json.set("value", literal(node.value()));
            }
            if (node.values() != null) {
                ArrayNode array = json.putArray("values");
                node.values().forEach(value -> array.add(literal(value)));
            }
            return json;
        }

        @Override
        public ObjectNode visitRecency(Recency node) {
            ObjectNode json = typed(node);
            if (node.of() != null) {
                json.put("of", node.of().jsonName());
            }
            if (node.operator() != null) {
                json.put("operator", node.operator().jsonName());
            }
            putIfPresent(json, "days", node.days());
            return json;
        }

        @Override
        public ObjectNode visitConsent(Consent node) {
            ObjectNode json = typed(node);
            putIfPresent(json, "channel", node.channel());
            if (node.status() != null) {
                json.put("status", node.status().jsonName());
            }
            return json;
        }

        @Override
        public ObjectNode visitPageView(PageView node) {
            ObjectNode json = typed(node);
            putIfPresent(json, "urlContains", node.urlContains());
            putIfPresent(json, "withinDays", node.withinDays());
            putIfPresent(json, "atLeast", node.atLeast());
            return json;
        }

        @Override
        public ObjectNode visitFormSubmit(FormSubmit node) {
            ObjectNode json = typed(node);
            putIfPresent(json, "form", node.form());
            putIfPresent(json, "withinDays", node.withinDays());
            putIfPresent(json, "atLeast", node.atLeast());
            return json;
        }

        @Override
        public ObjectNode visitPeople(People node) {
            ObjectNode json = typed(node);
            putIfPresent(json, "atLeast", node.atLeast());
            if (node.where() != null) {
                json.set("where", node.where().accept(this));
            }
            return json;
        }

        private static JsonNode literal(Literal literal) {
            if (literal instanceof Literal.Text text) {
                return JSON.textNode(text.value());
            }
            if (literal instanceof Literal.Number number) {
                return JSON.numberNode(number.value());
            }
            return JSON.booleanNode(((Literal.Bool) literal).value());
        }

        private static void putIfPresent(ObjectNode json, String name, String value) {
            if (value != null) {
                json.put(name, value);
            }
        }

        private static void putIfPresent(ObjectNode json, String name, Integer value) {
            if (value != null) {
                json.put(name, value);
            }
        }
    }
}
