package io.segments.postgres.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.segments.definition.Subject;
import io.segments.schema.BuiltInFields;
import io.segments.schema.FieldCatalog;
import io.segments.schema.FieldDefinition;
import io.segments.schema.FieldType;
import org.jooq.DSLContext;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Custom property definitions: the typed fields a workspace adds to contacts and companies. */
public final class PropertyStore {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final DSLContext dsl;

    public PropertyStore(DSLContext dsl) {
        this.dsl = dsl;
    }

    /**
     * Declares a custom property. Declaring it again with the same type is a no-op (enum options
     * are replaced); a different type is refused because stored values would no longer fit it.
     */
    public FieldDefinition define(long workspaceId, Subject subject, String name, FieldType type, List<String> options) {
        if (!FieldDefinition.CUSTOM_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("a property name starts with a letter and has letters, digits, '_' or '-': " + name);
        }
        boolean builtIn = (subject == Subject.CONTACTS ? BuiltInFields.CONTACT : BuiltInFields.COMPANY).stream()
                .anyMatch(field -> field.name().equals(name));
        if (builtIn) {
            throw new IllegalArgumentException("\"" + name + "\" is a built-in field");
        }
        FieldDefinition field = FieldDefinition.custom(name, type, type == FieldType.ENUM ? options : List.of());
        Optional<FieldDefinition> existing = find(workspaceId, subject, name);
        if (existing.isPresent() && existing.get().type() != type) {
            throw new PropertyTypeConflictException(name, existing.get().type(), type);
        }
        // Two writers may declare the same new property at once: the first type wins, and the
        // loser learns it here instead of storing values of the wrong type.
        String stored = Sql.value(dsl, "insert into property_definitions (workspace_id, subject, name, type, options) values (?, ?, ?, ?, ?::jsonb) "
                        + "on conflict (workspace_id, subject, name) do update set options = "
                        + "case when property_definitions.type = excluded.type then excluded.options else property_definitions.options end "
                        + "returning type",
                String.class, workspaceId, subject.jsonName(), name, type.jsonName(), write(field.options()));
        if (!type.jsonName().equals(stored)) {
            throw new PropertyTypeConflictException(name, FieldType.fromJsonName(stored).orElseThrow(), type);
        }
        return field;
    }

    public Optional<FieldDefinition> find(long workspaceId, Subject subject, String name) {
        List<FieldDefinition> found = new ArrayList<>();
        new BulkStatements(dsl).query("select name, type, options::text from property_definitions where workspace_id = ? and subject = ? and name = ?",
                row -> found.add(toField(row.getString(1), row.getString(2), row.getString(3))), workspaceId, subject.jsonName(), name);
        return found.stream().findFirst();
    }

    public List<FieldDefinition> list(long workspaceId, Subject subject) {
        // Read through JDBC directly: ingestion reads the catalog in every transaction, and jOOQ's
        // plain-SQL fetch (result shape from the driver's metadata, a record per row) cost more
        // than the query.
        List<FieldDefinition> fields = new ArrayList<>();
        new BulkStatements(dsl).query("select name, type, options::text from property_definitions where workspace_id = ? and subject = ? order by name",
                row -> fields.add(toField(row.getString(1), row.getString(2), row.getString(3))), workspaceId, subject.jsonName());
        return fields;
    }

    public FieldCatalog catalog(long workspaceId) {
        return FieldCatalog.of(list(workspaceId, Subject.CONTACTS), list(workspaceId, Subject.COMPANIES));
    }

    private static FieldDefinition toField(String name, String typeName, String optionsJson) {
        FieldType type = FieldType.fromJsonName(typeName).orElseThrow();
        List<String> options = new ArrayList<>();
        try {
            JSON.readTree(optionsJson).forEach(option -> options.add(option.asText()));
        } catch (JsonProcessingException corrupt) {
            throw new IllegalStateException("corrupt options of property " + name, corrupt);
        }
        return FieldDefinition.custom(name, type, options);
    }

    private static String write(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException impossible) {
            throw new IllegalStateException(impossible);
        }
    }
}
