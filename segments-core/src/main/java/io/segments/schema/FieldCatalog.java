package io.segments.schema;

import io.segments.definition.Subject;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The fields a workspace's definitions may name, per subject: the built-in fields followed by the
 * workspace's custom properties. Contacts also see every company field as {@code company.<field>}.
 */
public final class FieldCatalog {
    private final Map<Subject, Map<String, FieldDefinition>> fieldsBySubject;

    private FieldCatalog(Map<Subject, Map<String, FieldDefinition>> fieldsBySubject) {
        this.fieldsBySubject = fieldsBySubject;
    }

    /** The catalog of a workspace with no custom properties. */
    public static FieldCatalog builtInOnly() {
        return of(List.of(), List.of());
    }

    public static FieldCatalog of(List<FieldDefinition> contactProperties, List<FieldDefinition> companyProperties) {
        Map<String, FieldDefinition> companies = new LinkedHashMap<>();
        BuiltInFields.COMPANY.forEach(field -> companies.put(field.name(), field));
        companyProperties.forEach(field -> companies.putIfAbsent(field.name(), field));

        Map<String, FieldDefinition> contacts = new LinkedHashMap<>();
        BuiltInFields.CONTACT.forEach(field -> contacts.put(field.name(), field));
        contactProperties.forEach(field -> contacts.putIfAbsent(field.name(), field));
        companies.values().forEach(field -> {
            String name = BuiltInFields.COMPANY_PREFIX + field.name();
            contacts.put(name, new FieldDefinition(name, "Company " + lowerFirst(field.label()), field.type(),
                    field.options(), field.builtIn()));
        });

        Map<Subject, Map<String, FieldDefinition>> bySubject = new LinkedHashMap<>();
        bySubject.put(Subject.CONTACTS, Collections.unmodifiableMap(contacts));
        bySubject.put(Subject.COMPANIES, Collections.unmodifiableMap(companies));
        return new FieldCatalog(bySubject);
    }

    public Optional<FieldDefinition> field(Subject subject, String name) {
        return Optional.ofNullable(fieldsBySubject.get(subject).get(name));
    }

    public List<FieldDefinition> fields(Subject subject) {
        return new ArrayList<>(fieldsBySubject.get(subject).values());
    }

    private static String lowerFirst(String label) {
        return label.isEmpty() ? label : Character.toLowerCase(label.charAt(0)) + label.substring(1);
    }
}
