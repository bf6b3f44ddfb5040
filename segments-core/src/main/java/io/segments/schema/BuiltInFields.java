package io.segments.schema;

import java.util.List;

import static io.segments.schema.FieldDefinition.builtIn;

/** The contract's built-in fields of contacts and companies. */
public final class BuiltInFields {
    public static final List<String> LIFECYCLE_STAGES =
            List.of("subscriber", "lead", "mql", "sql", "opportunity", "customer", "evangelist", "other");

    public static final List<FieldDefinition> CONTACT = List.of(
            builtIn("email", "Email", FieldType.TEXT),
            builtIn("firstName", "First name", FieldType.TEXT),
            builtIn("lastName", "Last name", FieldType.TEXT),
            builtIn("title", "Job title", FieldType.TEXT),
            builtIn("phone", "Phone", FieldType.TEXT),
            builtIn("country", "Country", FieldType.TEXT),
            builtIn("city", "City", FieldType.TEXT),
            new FieldDefinition("lifecycleStage", "Lifecycle stage", FieldType.ENUM, LIFECYCLE_STAGES, true),
            builtIn("createdAt", "Created at", FieldType.TIMESTAMP));

    public static final List<FieldDefinition> COMPANY = List.of(
            builtIn("domain", "Domain", FieldType.TEXT),
            builtIn("name", "Name", FieldType.TEXT),
            builtIn("industry", "Industry", FieldType.TEXT),
            builtIn("employeeCount", "Employee count", FieldType.NUMBER),
            builtIn("annualRevenue", "Annual revenue", FieldType.NUMBER),
            builtIn("country", "Country", FieldType.TEXT),
            builtIn("city", "City", FieldType.TEXT),
            builtIn("createdAt", "Created at", FieldType.TIMESTAMP));

    /** The prefix by which a contact condition names a field of the contact's company. */
    public static final String COMPANY_PREFIX = "company.";

    private BuiltInFields() {
    }
}
