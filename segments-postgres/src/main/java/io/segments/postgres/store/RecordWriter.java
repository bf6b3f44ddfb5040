package io.segments.postgres.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.segments.schema.FieldDefinition;
import io.segments.schema.FieldType;
import io.segments.text.TextFolding;
import org.jooq.DSLContext;
import org.jooq.JSONB;
import org.jooq.Record;
import org.jooq.impl.DSL;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Applies traits to a stored contact or company: built-in traits to their columns, others to typed
 * custom properties (declared on first sight with an inferred type), and keeps the folded
 * document that text conditions compare in step with both.
 */
final class RecordWriter {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final DSLContext dsl;
    private final RecordShape shape;
    private final PropertyCache properties;

    RecordWriter(DSLContext dsl, RecordShape shape) {
        this(dsl, shape, null);
    }

    /** With {@code properties} null the catalog is read for this record alone. */
    RecordWriter(DSLContext dsl, RecordShape shape, PropertyCache properties) {
        this.dsl = dsl;
        this.shape = shape;
        this.properties = properties != null ? properties : new PropertyCache(new PropertyStore(dsl));
    }

    /** Applies {@code traits} (a null value unsets) to row {@code id}; returns the traits it could not apply. */
    List<TraitProblem> apply(long workspaceId, long id, Map<String, JsonNode> traits) {
        return applyAll(workspaceId, Map.of(id, traits)).get(id);
    }

    /**
     * {@link #apply} for many rows in a few statements: one read of all of them, one locked read of
     * those that change, and one update of those (a repeated identify usually changes nothing, and
     * then its row is neither locked nor written). Traits are applied in the map's order (a custom
     * property first seen is declared with the type of the first value, as one by one), and each
     * row appears once. Returns each row's problems.
     */
    Map<Long, List<TraitProblem>> applyAll(long workspaceId, Map<Long, Map<String, JsonNode>> traitsById) {
        Map<Long, List<TraitProblem>> problems = new HashMap<>();
        if (traitsById.isEmpty()) {
            return problems;
        }
        Map<Long, Record> rows = rows(traitsById.keySet(), false);
        TreeSet<Long> changing = new TreeSet<>();
        traitsById.forEach((id, traits) -> {
            Change change = change(workspaceId, rows.get(id), traits);
            problems.put(id, change.problems());
            if (!change.none()) {
                changing.add(id);
            }
        });
        if (changing.isEmpty()) {
            return problems;
        }
        Map<Long, Record> locked = rows(changing, true);
        Map<Long, Change> writes = new TreeMap<>();
        for (Map.Entry<Long, Map<String, JsonNode>> entry : traitsById.entrySet()) {
            if (changing.contains(entry.getKey())) {
                Change change = change(workspaceId, locked.get(entry.getKey()), entry.getValue());
                problems.put(entry.getKey(), change.problems());
                if (!change.none()) {
                    writes.put(entry.getKey(), change);
                }
            }
        }
        writeAll(writes);
        return problems;
    }

    /** The rows by id, locked in id order when asked (concurrent writers of the same rows then cannot deadlock). */
    private Map<Long, Record> rows(Collection<Long> ids, boolean lock) {
        Map<Long, Record> rows = new HashMap<>();
        Long[] sorted = new TreeSet<>(ids).toArray(Long[]::new);
        for (Record row : dsl.fetch("select * from " + shape.table() + " where id = any(?::bigint[]) order by id" + (lock ? " for update" : ""), (Object) sorted)) {
            rows.put(row.get("id", Long.class), row);
        }
        for (Long id : ids) {
            if (!rows.containsKey(id)) {
                throw new IllegalStateException("no " + shape.table() + " row " + id);
            }
        }
        return rows;
    }

    /** One update for all changed rows, every value bound (as text, cast to its column's type). */
    private void writeAll(Map<Long, Change> writes) {
        if (writes.isEmpty()) {
            return;
        }
        Columns columns = columns(writes.values());
        List<String> assignments = new ArrayList<>();
        List<String> aliases = new ArrayList<>();
        for (int index = 0; index < columns.names().size(); index++) {
            aliases.add("c" + index);
            assignments.add(DSL.name(columns.names().get(index)) + " = v.c" + index + columns.casts().get(index));
        }
        List<Object> parameters = new ArrayList<>();
        Long[] ids = writes.keySet().toArray(Long[]::new);
        parameters.add(ids);
        parameters.addAll(columns.values());
        String sql = "update " + shape.table() + " r set updated_at = now(), " + String.join(", ", assignments)
                + " from unnest(?::bigint[]" + ", ?::text[]".repeat(aliases.size()) + ") as v(id, " + String.join(", ", aliases) + ") "
                // The id list again, so the rows are found by primary key whatever the table's statistics say.
                + "where r.id = any(?::bigint[]) and r.id = v.id";
        parameters.add(ids);
        new BulkStatements(dsl).execute(sql, parameters.toArray());
    }

    /**
     * Inserts new rows in one statement, each one's {@code seed} columns (by column name) with its
     * traits applied, in the order given: a row inserted bare and then updated had two versions in
     * every index. {@code keys} are further text columns, one value per row. Custom properties are
     * declared as the traits are applied; call {@link #declareUnknown} first when rows reached by
     * {@link #applyAll} in the same batch come before some of these. Returns each row's problems, in
     * order, and hands each inserted row's {@code returning} columns to {@code reader}.
     */
    List<List<TraitProblem>> insertAll(long workspaceId, List<Map<String, Object>> seeds, List<Map<String, JsonNode>> traits,
                                       Map<String, String[]> keys, String returning, BulkStatements.RowReader reader) {
        List<Change> rows = new ArrayList<>(seeds.size());
        for (int index = 0; index < seeds.size(); index++) {
            Map<String, Object> columns = new LinkedHashMap<>();
            for (FieldDefinition field : shape.builtIns()) {
                columns.put(shape.column(field.name()), seeds.get(index).get(shape.column(field.name())));
            }
            rows.add(change(workspaceId, new Stored(columns, JSON.createObjectNode(), JSON.createObjectNode(), null), traits.get(index)));
        }
        Columns columns = columns(rows);
        List<String> names = new ArrayList<>();
        List<String> aliases = new ArrayList<>();
        List<String> values = new ArrayList<>();
        List<Object> parameters = new ArrayList<>();
        parameters.add(workspaceId);
        int alias = 0;
        for (Map.Entry<String, String[]> key : keys.entrySet()) {
            names.add(DSL.name(key.getKey()).toString());
            aliases.add("c" + alias);
            values.add("v.c" + alias++);
            parameters.add(key.getValue());
        }
        for (int index = 0; index < columns.names().size(); index++) {
            names.add(DSL.name(columns.names().get(index)).toString());
            aliases.add("c" + alias);
            values.add("v.c" + alias++ + columns.casts().get(index));
        }
        parameters.addAll(columns.values());
        String sql = "insert into " + shape.table() + " (workspace_id, " + String.join(", ", names) + ") select ?, " + String.join(", ", values)
                + " from unnest(" + String.join(", ", java.util.Collections.nCopies(aliases.size(), "?::text[]")) + ") with ordinality as v("
                + String.join(", ", aliases) + ", n) order by v.n returning " + returning;
        new BulkStatements(dsl).query(sql, reader, parameters.toArray());
        return rows.stream().map(Change::problems).toList();
    }

    /**
     * Declares, in order, the custom properties these traits name that are not declared yet, each
     * with the type of its first value, exactly as applying the traits one row after the other
     * would. Rows written afterwards in another order then find the same types.
     */
    void declareUnknown(long workspaceId, List<Map<String, JsonNode>> traitsInOrder) {
        for (Map<String, JsonNode> traits : traitsInOrder) {
            traits.forEach((name, value) -> {
                if (shape.builtIn(name).isEmpty()) {
                    applyCustom(workspaceId, name, value, JSON.createObjectNode(), new ArrayList<>());
                }
            });
        }
    }

    /** The columns a write sets, each with its values for the rows as text and the cast that makes them its type. */
    private record Columns(List<String> names, List<String> casts, List<String[]> values) {
    }

    private Columns columns(Collection<Change> changes) {
        List<String> names = new ArrayList<>();
        List<String> casts = new ArrayList<>();
        List<String[]> values = new ArrayList<>();
        for (FieldDefinition field : shape.builtIns()) {
            String column = shape.column(field.name());
            names.add(column);
            casts.add(cast(field));
            values.add(changes.stream().map(change -> {
                Object value = change.columns().get(column);
                return value == null ? null : value.toString();
            }).toArray(String[]::new));
        }
        names.add("properties");
        casts.add("::jsonb");
        values.add(changes.stream().map(change -> change.custom().toString()).toArray(String[]::new));
        names.add("folded");
        casts.add("::jsonb");
        values.add(changes.stream().map(change -> change.folded().toString()).toArray(String[]::new));
        if (shape == RecordShape.CONTACT) {
            names.add("email_key");
            casts.add("");
            values.add(changes.stream().map(Change::emailKey).toArray(String[]::new));
        }
        return new Columns(names, casts, values);
    }

    /** What applying the traits to a stored row makes of it; {@code none} when that is what is stored. */
    private record Change(Map<String, Object> columns, ObjectNode custom, ObjectNode folded, String emailKey,
                          List<TraitProblem> problems, boolean none) {
    }

    /** A row's values as applying traits reads them: built-in columns by column name, custom properties, folded document, email key. */
    private record Stored(Map<String, Object> columns, ObjectNode custom, JsonNode folded, String emailKey) {
    }

    private Stored stored(Record row) {
        Map<String, Object> columns = new LinkedHashMap<>();
        for (FieldDefinition field : shape.builtIns()) {
            columns.put(shape.column(field.name()), row.get(shape.column(field.name())));
        }
        return new Stored(columns, (ObjectNode) read(row.get("properties", JSONB.class)), read(row.get("folded", JSONB.class)),
                shape == RecordShape.CONTACT ? row.get("email_key", String.class) : null);
    }

    private Change change(long workspaceId, Record row, Map<String, JsonNode> traits) {
        return change(workspaceId, stored(row), traits);
    }

    private Change change(long workspaceId, Stored stored, Map<String, JsonNode> traits) {
        Map<String, Object> columns = new LinkedHashMap<>(stored.columns());
        ObjectNode custom = stored.custom().deepCopy();
        Map<String, Object> storedColumns = stored.columns();
        ObjectNode storedCustom = stored.custom();
        List<TraitProblem> problems = new ArrayList<>();
        traits.forEach((name, value) -> {
            Optional<FieldDefinition> builtIn = shape.builtIn(name);
            if (builtIn.isPresent()) {
                applyBuiltIn(builtIn.get(), value, columns, problems);
            } else {
                applyCustom(workspaceId, name, value, custom, problems);
            }
        });
        ObjectNode folded = JSON.createObjectNode();
        for (FieldDefinition field : shape.builtIns()) {
            if (field.type() == FieldType.TEXT || field.type() == FieldType.ENUM) {
                putFolded(folded, field.name(), (String) columns.get(shape.column(field.name())));
            }
        }
        // The record's textual custom values of text and enum properties (looked up by name, so that a
        // property another writer declared since the catalog was cached is found all the same).
        TreeSet<String> names = new TreeSet<>();
        custom.fieldNames().forEachRemaining(names::add);
        for (String name : names) {
            JsonNode value = custom.get(name);
            if (value == null || !value.isTextual()) {
                continue;
            }
            Optional<FieldDefinition> field = properties.find(workspaceId, shape.subject(), name);
            if (field.isPresent() && (field.get().type() == FieldType.TEXT || field.get().type() == FieldType.ENUM)) {
                putFolded(folded, name, value.textValue());
            }
        }
        String emailKey = shape == RecordShape.CONTACT ? TextFolding.fold((String) columns.get("email")) : null;
        // Nothing changes (the common repeated identify): no new row version, no change for the
        // in-memory index to catch up on. Columns compare by their Java form (a difference in
        // representation alone writes, never the other way round); custom numbers by value, as
        // every condition compares them.
        boolean none = columns.equals(storedColumns) && custom.equals(SAME_VALUE, storedCustom) && folded.equals(stored.folded())
                && (shape != RecordShape.CONTACT || java.util.Objects.equals(emailKey, stored.emailKey()));
        return new Change(columns, custom, folded, emailKey, problems, none);
    }

    /** Values are bound as text; the cast that makes a field's column type of one. */
    private static String cast(FieldDefinition field) {
        return switch (field.type()) {
            case TIMESTAMP -> "::timestamptz";
            case NUMBER -> "::numeric";
            default -> "";
        };
    }

    private void applyBuiltIn(FieldDefinition field, JsonNode value, Map<String, Object> columns, List<TraitProblem> problems) {
        String column = shape.column(field.name());
        if (value == null || value.isNull()) {
            if (field.type() != FieldType.TIMESTAMP && !"domain".equals(field.name())) {
                columns.put(column, null);
            }
            return;
        }
        Optional<JsonNode> converted = TraitValues.convert(field, value);
        if (converted.isEmpty()) {
            problems.add(new TraitProblem(field.name(), "wrong_type",
                    "\"" + field.name() + "\" takes " + TraitValues.describe(field.type()) + (field.type() == FieldType.ENUM
                            ? " (" + String.join(", ", field.options()) + ")" : "") + "; got " + value + "."));
            return;
        }
        JsonNode stored = converted.get();
        Object columnValue = switch (field.type()) {
            case NUMBER -> stored.decimalValue();
            case TIMESTAMP -> OffsetDateTime.ofInstant(Instant.parse(stored.textValue()), ZoneOffset.UTC);
            default -> stored.textValue();
        };
        if ("domain".equals(field.name())) {
            return; // the domain is the company's key; it is set when the company is created
        }
        columns.put(column, columnValue);
    }

    private void applyCustom(long workspaceId, String name, JsonNode value, ObjectNode custom, List<TraitProblem> problems) {
        if (value == null || value.isNull()) {
            custom.remove(name);
            return;
        }
        if (!FieldDefinition.CUSTOM_NAME.matcher(name).matches()) {
            problems.add(new TraitProblem(name, "invalid_name",
                    "Custom property names start with a letter and have letters, digits, '_' or '-'."));
            return;
        }
        Optional<FieldDefinition> declared = properties.find(workspaceId, shape.subject(), name);
        if (declared.isEmpty()) {
            Optional<FieldType> inferred = TraitValues.infer(value);
            if (inferred.isEmpty()) {
                problems.add(new TraitProblem(name, "unsupported_value", "Property values are strings, numbers, booleans or dates; got " + value + "."));
                return;
            }
            try {
                declared = Optional.of(properties.define(workspaceId, shape.subject(), name, inferred.get(), List.of()));
            } catch (PropertyTypeConflictException declaredMeanwhile) {
                // A concurrent writer declared it first, with another type: as if before this message.
                declared = properties.find(workspaceId, shape.subject(), name);
                if (declared.isEmpty()) {
                    throw declaredMeanwhile;
                }
            }
        }
        Optional<JsonNode> converted = TraitValues.convert(declared.get(), value);
        if (converted.isEmpty()) {
            problems.add(new TraitProblem(name, "wrong_type", "\"" + name + "\" is a " + declared.get().type().jsonName()
                    + " property and takes " + TraitValues.describe(declared.get().type()) + "; got " + value + "."));
            return;
        }
        custom.set(name, converted.get());
    }

    /** JSON leaves equal as values: numbers by numeric value (12 and 12.0), everything else as Jackson compares it. */
    private static final java.util.Comparator<JsonNode> SAME_VALUE = (left, right) -> {
        if (left.isNumber() && right.isNumber()) {
            return left.decimalValue().compareTo(right.decimalValue());
        }
        return left.equals(right) ? 0 : 1;
    };

    private static void putFolded(ObjectNode folded, String name, String value) {
        String foldedValue = TextFolding.fold(value);
        if (foldedValue != null) {
            folded.put(name, foldedValue);
        }
    }

    private static JsonNode read(JSONB json) {
        try {
            return json == null ? JSON.createObjectNode() : JSON.readTree(json.data());
        } catch (JsonProcessingException corrupt) {
            throw new IllegalStateException("corrupt JSON in the database", corrupt);
        }
    }

}
