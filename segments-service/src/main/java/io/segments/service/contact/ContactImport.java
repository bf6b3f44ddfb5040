package io.segments.service.contact;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.segments.definition.Subject;
import io.segments.postgres.store.ContactStore;
import io.segments.postgres.store.PropertyStore;
import io.segments.postgres.store.PropertyTypeConflictException;
import io.segments.postgres.store.TraitValues;
import io.segments.schema.BuiltInFields;
import io.segments.schema.FieldDefinition;
import io.segments.schema.FieldType;
import io.segments.service.problem.ApiProblem;
import io.segments.text.TextFolding;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;

import java.io.IOException;
import java.io.Reader;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Imports contacts from CSV: a header row names built-in fields (email, firstName, lastName, title,
 * phone, country, city, lifecycleStage, createdAt; case, spaces, '_' and '-' ignored) or custom
 * properties. Rows are matched by email (case-insensitive), so importing a file twice changes
 * nothing; an empty cell leaves the field as it is. Every bad row is reported with its line and
 * reason and skipped; the good ones are written in bulk, a few thousand rows per statement, in
 * one transaction.
 */
final class ContactImport {
    static final int CHUNK = 2000;
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");
    private static final Map<String, String> COLUMNS = Map.of(
            "email", "email", "firstname", "first_name", "lastname", "last_name", "title", "title", "phone", "phone",
            "country", "country", "city", "city", "lifecyclestage", "lifecycle_stage", "createdat", "created_at");
    private static final List<String> TEXT_COLUMNS = List.of("email", "first_name", "last_name", "title", "phone", "country", "city", "lifecycle_stage");

    record RowError(int line, String column, String code, String message) {
    }

    record Result(int imported, int created, int updated, List<RowError> errors) {
    }

    /** One column of the file: a built-in field or a custom property. */
    private record Column(String header, FieldDefinition field, String sqlColumn) {
        boolean builtIn() {
            return sqlColumn != null;
        }
    }

    /** A good row, converted. */
    private record Prepared(int line, String email, String emailKey, Map<String, String> builtIns, Instant createdAt,
                            ObjectNode properties, ObjectNode folded, Map<String, JsonNode> traits) {
    }

    private final DSLContext dsl;
    private final ObjectMapper json;
    private final long workspaceId;

    ContactImport(DSLContext dsl, ObjectMapper json, long workspaceId) {
        this.dsl = dsl;
        this.json = json;
        this.workspaceId = workspaceId;
    }

    Result run(Reader input) throws IOException {
        CsvReader csv = new CsvReader(input);
        List<CsvReader.Row> rows = new ArrayList<>();
        CsvReader.Row header;
        try {
            header = csv.next();
            if (header == null || header.isBlank()) {
                throw ApiProblem.badRequest("empty_file", "The file is empty: its first line is a header row naming the columns, e.g. email,firstName,country.", "/file");
            }
            for (CsvReader.Row row = csv.next(); row != null; row = csv.next()) {
                if (!row.isBlank()) {
                    rows.add(row);
                }
            }
        } catch (CsvReader.MalformedCsvException malformed) {
            throw new ApiProblem(400, "malformed_csv", "Bad request", "Line " + malformed.line + ": " + malformed.getMessage(), "/file",
                    List.of(new ApiProblem.FieldError("/file", "malformed_csv", "Line " + malformed.line + ": " + malformed.getMessage())));
        }
        PropertyStore properties = new PropertyStore(dsl);
        List<Column> columns = columns(header.cells(), rows, properties);
        List<RowError> errors = new ArrayList<>();
        List<Prepared> good = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        for (CsvReader.Row row : rows) {
            Prepared prepared = prepare(row, columns, errors, seen);
            if (prepared != null) {
                good.add(prepared);
            }
        }
        int created = 0;
        int updated = 0;
        if (!good.isEmpty()) {
            int[] counts = dsl.transactionResult(configuration -> write(DSL.using(configuration), columns, good));
            created = counts[0];
            updated = counts[1];
        }
        return new Result(good.size(), created, updated, errors);
    }

    private List<Column> columns(List<String> headers, List<CsvReader.Row> rows, PropertyStore properties) {
        List<Column> columns = new ArrayList<>();
        Set<String> names = new HashSet<>();
        Map<String, FieldDefinition> builtIns = new HashMap<>();
        BuiltInFields.CONTACT.forEach(field -> builtIns.put(key(field.name()), field));
        boolean hasEmail = false;
        for (int index = 0; index < headers.size(); index++) {
            String header = headers.get(index).strip();
            if (index == 0 && header.startsWith("\uFEFF")) {
                header = header.substring(1).strip();
            }
            String key = key(header);
            FieldDefinition builtIn = builtIns.get(key);
            Column column;
            if (builtIn != null) {
                column = new Column(header, builtIn, COLUMNS.get(key));
                hasEmail |= builtIn.name().equals("email");
            } else {
                if (!FieldDefinition.CUSTOM_NAME.matcher(header).matches()) {
                    throw headerProblem(index, "invalid_column", "Column " + (index + 1) + " (\"" + header
                            + "\") is neither a built-in field nor a valid property name (a letter, then letters, digits, '_' or '-').");
                }
                int column1 = index;
                FieldDefinition field = properties.find(workspaceId, Subject.CONTACTS, header)
                        .orElseGet(() -> FieldDefinition.custom(headers.get(column1).strip(), inferType(rows, column1), List.of()));
                column = new Column(header, field, null);
            }
            if (!names.add(column.field().name())) {
                throw headerProblem(index, "duplicate_column", "Column " + (index + 1) + " (\"" + header + "\") names " + column.field().name() + " a second time.");
            }
            columns.add(column);
        }
        if (!hasEmail) {
            throw headerProblem(0, "missing_email_column", "The header row needs an email column: contacts are matched by email.");
        }
        return columns;
    }

    private static ApiProblem headerProblem(int index, String code, String message) {
        return new ApiProblem(400, code, "Bad request", "Line 1: " + message, "/file",
                List.of(new ApiProblem.FieldError("/file", code, "Line 1: " + message)));
    }

    /** The type of a property first seen in this file: number, boolean, date or timestamp when every value is one, else text. */
    private static FieldType inferType(List<CsvReader.Row> rows, int column) {
        boolean number = true;
        boolean bool = true;
        boolean date = true;
        boolean timestamp = true;
        boolean any = false;
        for (CsvReader.Row row : rows) {
            if (column >= row.cells().size() || row.cells().get(column).isBlank()) {
                continue;
            }
            String value = row.cells().get(column).strip();
            any = true;
            number &= number(value) != null;
            bool &= value.equalsIgnoreCase("true") || value.equalsIgnoreCase("false");
            Optional<FieldType> inferred = TraitValues.infer(JsonNodeFactory.instance.textNode(value));
            date &= inferred.equals(Optional.of(FieldType.DATE));
            timestamp &= inferred.equals(Optional.of(FieldType.TIMESTAMP));
        }
        if (!any) {
            return FieldType.TEXT;
        }
        return number ? FieldType.NUMBER : bool ? FieldType.BOOLEAN : date ? FieldType.DATE : timestamp ? FieldType.TIMESTAMP : FieldType.TEXT;
    }

    private Prepared prepare(CsvReader.Row row, List<Column> columns, List<RowError> errors, Map<String, Integer> seen) {
        if (row.cells().size() != columns.size()) {
            errors.add(new RowError(row.line(), null, "wrong_cell_count", "Line " + row.line() + " has " + row.cells().size()
                    + " cells; the header has " + columns.size() + "."));
            return null;
        }
        int before = errors.size();
        Map<String, String> builtIns = new LinkedHashMap<>();
        Map<String, JsonNode> traits = new LinkedHashMap<>();
        ObjectNode properties = json.createObjectNode();
        ObjectNode folded = json.createObjectNode();
        Instant createdAt = null;
        String email = null;
        for (int index = 0; index < columns.size(); index++) {
            Column column = columns.get(index);
            String raw = row.cells().get(index).strip();
            if (raw.indexOf('\0') >= 0) {
                errors.add(new RowError(row.line(), column.header(), "invalid_character", "Line " + row.line() + ", column " + column.header()
                        + " cannot contain the NUL character (U+0000): PostgreSQL cannot store it."));
                continue;
            }
            if (column.field().name().equals("email")) {
                if (raw.isEmpty()) {
                    errors.add(new RowError(row.line(), column.header(), "missing_email", "Line " + row.line() + " has no email."));
                } else if (!EMAIL.matcher(raw).matches()) {
                    errors.add(new RowError(row.line(), column.header(), "invalid_email", "Line " + row.line() + ": \"" + raw + "\" is not an email address."));
                } else {
                    email = raw;
                }
                continue;
            }
            if (raw.isEmpty()) {
                continue;
            }
            Optional<JsonNode> value = convert(column.field(), raw);
            if (value.isEmpty()) {
                errors.add(new RowError(row.line(), column.header(), "invalid_value", "Line " + row.line() + ", column " + column.header() + ": \""
                        + raw + "\" is not " + TraitValues.describe(column.field().type())
                        + (column.field().type() == FieldType.ENUM ? " (" + String.join(", ", column.field().options()) + ")" : "") + "."));
                continue;
            }
            JsonNode converted = value.get();
            traits.put(column.field().name(), converted);
            if (column.builtIn()) {
                if (column.field().type() == FieldType.TIMESTAMP) {
                    createdAt = Instant.parse(converted.textValue());
                } else {
                    builtIns.put(column.sqlColumn(), converted.textValue());
                    putFolded(folded, column.field().name(), converted.textValue());
                }
            } else {
                properties.set(column.field().name(), converted);
                if (column.field().type() == FieldType.TEXT || column.field().type() == FieldType.ENUM) {
                    putFolded(folded, column.field().name(), converted.textValue());
                }
            }
        }
        if (email != null) {
            String key = TextFolding.fold(email);
            Integer earlier = seen.get(key);
            if (earlier != null) {
                errors.add(new RowError(row.line(), "email", "duplicate_email", "Line " + row.line() + " has the same email as line " + earlier + "."));
            } else if (errors.size() == before) {
                seen.put(key, row.line());
            }
        }
        if (errors.size() > before || email == null) {
            return null;
        }
        String emailKey = TextFolding.fold(email);
        builtIns.put("email", email);
        putFolded(folded, "email", email);
        traits.put("email", JsonNodeFactory.instance.textNode(email));
        return new Prepared(row.line(), email, emailKey, builtIns, createdAt, properties, folded, traits);
    }

    private static Optional<JsonNode> convert(FieldDefinition field, String raw) {
        JsonNodeFactory nodes = JsonNodeFactory.instance;
        return switch (field.type()) {
            case NUMBER -> Optional.ofNullable(number(raw)).map(nodes::numberNode);
            case BOOLEAN -> raw.equalsIgnoreCase("true") ? Optional.of(nodes.booleanNode(true))
                    : raw.equalsIgnoreCase("false") ? Optional.of(nodes.booleanNode(false)) : Optional.empty();
            default -> TraitValues.convert(field, nodes.textNode(raw));
        };
    }

    private static BigDecimal number(String raw) {
        try {
            BigDecimal number = new BigDecimal(raw);
            return TraitValues.fitsNumeric(number) ? number : null;
        } catch (NumberFormatException notANumber) {
            return null;
        }
    }

    /** Writes the good rows; returns {created, updated}. */
    private int[] write(DSLContext tx, List<Column> columns, List<Prepared> rows) {
        PropertyStore properties = new PropertyStore(tx);
        for (Column column : columns) {
            if (!column.builtIn() && properties.find(workspaceId, Subject.CONTACTS, column.field().name()).isEmpty()) {
                try {
                    properties.define(workspaceId, Subject.CONTACTS, column.field().name(), column.field().type(), column.field().options());
                } catch (PropertyTypeConflictException declaredMeanwhile) {
                    // Declared by a concurrent writer after the rows were checked against the column's own type.
                    throw new ApiProblem(409, "property_type_conflict", "Conflict", "The column \"" + column.field().name()
                            + "\" was declared meanwhile by another writer: " + declaredMeanwhile.getMessage()
                            + " Nothing was imported; import the file again to check its values against that type.", "/file");
                }
            }
        }
        tx.execute("select pg_advisory_xact_lock(?)", 0x5E6D_0001L ^ workspaceId); // one import at a time per workspace
        // Emails that now belong to a contact merged into another: those rows update the survivor.
        Set<String> mergedEmails = new HashSet<>();
        for (int from = 0; from < rows.size(); from += CHUNK) {
            List<Prepared> chunk = rows.subList(from, Math.min(rows.size(), from + CHUNK));
            tx.fetch("select k from unnest(?::text[]) as k where not exists (select 1 from contacts c where c.workspace_id = ? and c.email_key = k "
                            + "and c.deleted_at is null and c.merged_into is null) and exists (select 1 from contacts c where c.workspace_id = ? "
                            + "and c.email_key = k and c.deleted_at is null and c.merged_into is not null)",
                    chunk.stream().map(Prepared::emailKey).toArray(String[]::new), workspaceId, workspaceId)
                    .forEach(row -> mergedEmails.add(row.get(0, String.class)));
        }
        int created = 0;
        int updated = 0;
        List<Prepared> bulk = new ArrayList<>();
        ContactStore contacts = new ContactStore(tx);
        for (Prepared row : rows) {
            if (mergedEmails.contains(row.emailKey())) {
                long survivor = contacts.findByEmail(workspaceId, row.email()).orElseThrow();
                Map<String, JsonNode> traits = new LinkedHashMap<>(row.traits());
                traits.remove("email");
                if (row.createdAt() != null) {
                    traits.put("createdAt", JsonNodeFactory.instance.textNode(row.createdAt().toString()));
                }
                contacts.update(workspaceId, survivor, traits);
                updated++;
            } else {
                bulk.add(row);
            }
        }
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        for (int from = 0; from < bulk.size(); from += CHUNK) {
            List<Prepared> chunk = bulk.subList(from, Math.min(bulk.size(), from + CHUNK));
            List<Object> binds = new ArrayList<>();
            binds.add(workspaceId);
            binds.add(now);
            for (String column : TEXT_COLUMNS) {
                binds.add(chunk.stream().map(row -> row.builtIns().get(column)).toArray(String[]::new));
            }
            binds.add(chunk.stream().map(Prepared::emailKey).toArray(String[]::new));
            binds.add(chunk.stream().map(row -> row.properties().toString()).toArray(String[]::new));
            binds.add(chunk.stream().map(row -> row.folded().toString()).toArray(String[]::new));
            binds.add(chunk.stream().map(row -> row.createdAt() == null ? null : row.createdAt().toString()).toArray(String[]::new));
            StringBuilder set = new StringBuilder("email = excluded.email");
            for (String column : TEXT_COLUMNS.subList(1, TEXT_COLUMNS.size())) {
                set.append(", ").append(column).append(" = coalesce(excluded.").append(column).append(", c.").append(column).append(")");
            }
            String sql = "insert into contacts as c (workspace_id, " + String.join(", ", TEXT_COLUMNS) + ", email_key, properties, folded, created_at) "
                    + "select ?, r.email, r.first_name, r.last_name, r.title, r.phone, r.country, r.city, r.lifecycle_stage, r.email_key, "
                    + "r.properties::jsonb, r.folded::jsonb, coalesce(r.created_at::timestamptz, ?::timestamptz) "
                    + "from unnest(" + "?::text[], ".repeat(TEXT_COLUMNS.size()) + "?::text[], ?::text[], ?::text[], ?::text[]) "
                    + "as r(email, first_name, last_name, title, phone, country, city, lifecycle_stage, email_key, properties, folded, created_at) "
                    + "on conflict (workspace_id, email_key) where email_key is not null and deleted_at is null and merged_into is null do update set "
                    + set + ", properties = c.properties || excluded.properties, folded = c.folded || excluded.folded, updated_at = now() "
                    + "returning (xmax = 0)";
            for (org.jooq.Record result : tx.fetch(sql, binds.toArray())) {
                if (Boolean.TRUE.equals(result.get(0, Boolean.class))) {
                    created++;
                } else {
                    updated++;
                }
            }
            List<Prepared> withCreatedAt = chunk.stream().filter(row -> row.createdAt() != null).toList();
            if (!withCreatedAt.isEmpty()) {
                tx.execute("update contacts c set created_at = r.at::timestamptz from unnest(?::text[], ?::text[]) as r(k, at) "
                                + "where c.workspace_id = ? and c.email_key = r.k and c.deleted_at is null and c.merged_into is null",
                        withCreatedAt.stream().map(Prepared::emailKey).toArray(String[]::new),
                        withCreatedAt.stream().map(row -> row.createdAt().toString()).toArray(String[]::new), workspaceId);
            }
        }
        return new int[]{created, updated};
    }

    private static void putFolded(ObjectNode folded, String name, String value) {
        String key = TextFolding.fold(value);
        if (key != null) {
            folded.put(name, key);
        }
    }

    private static String key(String header) {
        return header.toLowerCase(Locale.ROOT).replaceAll("[\\s_\\-]", "");
    }
}
