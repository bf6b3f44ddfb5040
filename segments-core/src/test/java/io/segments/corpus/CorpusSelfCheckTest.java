package io.segments.corpus;

import com.fasterxml.jackson.databind.JsonNode;
import io.segments.definition.Subject;
import io.segments.definition.validation.CheckedDefinition;
import io.segments.definition.validation.Problem;
import io.segments.schema.FieldCatalog;
import io.segments.schema.FieldType;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static java.util.Map.entry;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Checks the corpus itself, without any engine: every file is well-formed, every data operation is
 * one the README documents with its required fields, every definition is valid (it could be saved),
 * and every expected key names a record of the file's data set.
 */
class CorpusSelfCheckTest {
    /** The documented operations and the fields each one requires. */
    private static final Map<String, List<String>> REQUIRED = Map.ofEntries(
            entry("property", List.of("subject", "name", "type")),
            entry("contact", List.of("email")),
            entry("company", List.of("domain")),
            entry("link", List.of("email", "domain")),
            entry("identify", List.of("anonymousId", "email")),
            entry("page", List.of("messageId", "url", "timestamp")),
            entry("form", List.of("messageId", "form", "timestamp")),
            entry("track", List.of("messageId", "event", "timestamp")),
            entry("consent", List.of("email", "channel", "status", "timestamp")),
            entry("merge", List.of("from", "into")),
            entry("deleteContact", List.of("email")),
            entry("deleteCompany", List.of("domain")));

    private static final Set<String> EVENTS = Set.of("page", "form", "track");

    @Test
    void theCorpusIsLargeEnough() {
        List<CorpusFile> files = CorpusFile.all();
        assertThat(files).hasSizeGreaterThanOrEqualTo(15);
        assertThat(files.stream().mapToInt(file -> file.cases().size()).sum()).isGreaterThan(100);
    }

    @TestFactory
    Stream<DynamicNode> everyFile() {
        return CorpusFile.all().stream().map(file -> DynamicTest.dynamicTest(file.fileName(), () -> check(file)));
    }

    private static void check(CorpusFile file) {
        List<String> failures = new ArrayList<>();
        if (file.rule().isBlank()) {
            failures.add("no rule");
        }
        try {
            ZoneId.of(file.timeZone());
        } catch (RuntimeException unknown) {
            failures.add("unknown time zone " + file.timeZone());
        }
        if (file.cases().isEmpty()) {
            failures.add("no cases");
        }
        Set<String> contacts = new HashSet<>();
        Set<String> companies = new HashSet<>();
        checkData(file, failures, contacts, companies);

        FieldCatalog catalog = SemanticCorpusContract.catalogOf(file);
        Set<String> names = new HashSet<>();
        for (CorpusFile.CorpusCase corpusCase : file.cases()) {
            String where = "case \"" + corpusCase.name() + "\": ";
            if (corpusCase.name().isBlank() || !names.add(corpusCase.name())) {
                failures.add(where + "blank or duplicate name");
            }
            if (!instant(corpusCase.asOf())) {
                failures.add(where + "asOf is not an ISO-8601 instant: " + corpusCase.asOf());
            }
            if (corpusCase.definition() == null) {
                failures.add(where + "no definition");
                continue;
            }
            CheckedDefinition checked = CheckedDefinition.check(corpusCase.definition(), catalog);
            List<Problem> errors = checked.saveErrors();
            if (!errors.isEmpty()) {
                failures.add(where + "invalid definition " + errors);
                continue;
            }
            Subject subject = checked.definition().orElseThrow().subject();
            Set<String> keys = subject == Subject.CONTACTS ? contacts : companies;
            Set<String> seen = new HashSet<>();
            for (String key : corpusCase.expected()) {
                if (!keys.contains(key.toLowerCase(Locale.ROOT))) {
                    failures.add(where + "expected " + key + " is not a " + subject.jsonName() + " record of the data set");
                }
                if (!seen.add(key)) {
                    failures.add(where + "expected " + key + " twice");
                }
            }
        }
        assertThat(failures).as(file.fileName()).isEmpty();
    }

    private static void checkData(CorpusFile file, List<String> failures, Set<String> contacts, Set<String> companies) {
        for (int index = 0; index < file.data().size(); index++) {
            JsonNode operation = file.data().get(index);
            String where = "data[" + index + "] ";
            String op = operation.path("op").asText("");
            List<String> required = REQUIRED.get(op);
            if (required == null) {
                failures.add(where + "unknown op \"" + op + "\"");
                continue;
            }
            for (String field : required) {
                if (!operation.hasNonNull(field) || operation.get(field).asText().isBlank()) {
                    failures.add(where + op + " without " + field);
                }
            }
            if (EVENTS.contains(op) && !operation.hasNonNull("anonymousId") && !operation.hasNonNull("email")) {
                failures.add(where + op + " without anonymousId or email");
            }
            if (operation.has("timestamp") && !instant(operation.path("timestamp").asText())) {
                failures.add(where + "timestamp is not an ISO-8601 instant");
            }
            if (operation.has("createdAt") && !instant(operation.path("createdAt").asText())) {
                failures.add(where + "createdAt is not an ISO-8601 instant");
            }
            switch (op) {
                case "contact" -> contacts.add(operation.path("email").asText().toLowerCase(Locale.ROOT));
                case "company" -> companies.add(operation.path("domain").asText().toLowerCase(Locale.ROOT));
                case "property" -> {
                    if (FieldType.fromJsonName(operation.path("type").asText()).isEmpty()) {
                        failures.add(where + "unknown property type " + operation.path("type"));
                    }
                    if (!Set.of("contacts", "companies").contains(operation.path("subject").asText())) {
                        failures.add(where + "unknown property subject " + operation.path("subject"));
                    }
                }
                case "consent" -> {
                    if (!Set.of("granted", "denied").contains(operation.path("status").asText())) {
                        failures.add(where + "consent status is granted or denied");
                    }
                }
                default -> {
                }
            }
        }
    }

    /** Operation and case instants are ISO-8601 instants in UTC ("Z"), as {@code Instant.parse} reads them. */
    private static boolean instant(String text) {
        if (text == null) {
            return false;
        }
        try {
            Instant.parse(text);
            return true;
        } catch (DateTimeParseException invalid) {
            return false;
        }
    }
}
