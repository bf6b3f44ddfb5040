package io.segments.postgres.store;

import io.segments.definition.Subject;
import io.segments.schema.BuiltInFields;
import io.segments.schema.FieldDefinition;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Where a subject's built-in fields live: table and column per field. */
enum RecordShape {
    CONTACT(Subject.CONTACTS, "contacts", BuiltInFields.CONTACT, Map.of(
            "email", "email", "firstName", "first_name", "lastName", "last_name", "title", "title", "phone", "phone",
            "country", "country", "city", "city", "lifecycleStage", "lifecycle_stage", "createdAt", "created_at")),
    COMPANY(Subject.COMPANIES, "companies", BuiltInFields.COMPANY, Map.of(
            "domain", "domain", "name", "name", "industry", "industry", "employeeCount", "employee_count",
            "annualRevenue", "annual_revenue", "country", "country", "city", "city", "createdAt", "created_at"));

    private final Subject subject;
    private final String table;
    private final Map<String, FieldDefinition> fields = new LinkedHashMap<>();
    private final Map<String, String> columns;

    RecordShape(Subject subject, String table, List<FieldDefinition> builtIns, Map<String, String> columns) {
        this.subject = subject;
        this.table = table;
        builtIns.forEach(field -> fields.put(field.name(), field));
        this.columns = columns;
    }

    Subject subject() {
        return subject;
    }

    String table() {
        return table;
    }

    Optional<FieldDefinition> builtIn(String name) {
        return Optional.ofNullable(fields.get(name));
    }

    Iterable<FieldDefinition> builtIns() {
        return fields.values();
    }

    String column(String field) {
        return columns.get(field);
    }
}
