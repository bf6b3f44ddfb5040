package io.segments.service.bench;

import io.segments.postgres.load.Rows;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.Map;

/**
 * Writes a generated workspace as the flat, tab-separated files an analyst would load into DuckDB:
 * contacts with typed custom-property columns, companies, consents, and events with the URL on
 * each row. Values never contain tabs or newlines; NULL is {@code \N}.
 */
final class DuckDbFiles implements Rows.Sink, AutoCloseable {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

    private final Map<String, BufferedWriter> writers = new HashMap<>();
    private final Map<Long, String> urls = new HashMap<>();
    private final Path directory;

    DuckDbFiles(Path directory) {
        this.directory = directory;
    }

    Path file(String table) {
        return directory.resolve(table + ".tsv");
    }

    @Override
    public void company(Rows.Company company) {
        write("companies", company.id(), company.domain(), company.name(), company.industry(), company.employeeCount(), company.country(),
                company.city(), TIME.format(company.createdAt()));
    }

    @Override
    public void contact(Rows.Contact contact) {
        write("contacts", contact.id(), contact.email(), contact.firstName(), contact.lastName(), contact.title(), contact.country(),
                contact.city(), contact.lifecycleStage(), contact.companyId(), contact.leadScore(), contact.plan(), contact.newsletter(),
                contact.trialEndsAt(), contact.campaign(), TIME.format(contact.createdAt()));
    }

    @Override
    public void consent(Rows.Consent consent) {
        write("consents", consent.contactId(), consent.channel(), consent.status(), TIME.format(consent.occurredAt()));
    }

    @Override
    public void url(Rows.Url url) {
        urls.put(url.id(), url.url());
    }

    @Override
    public void event(Rows.Event event) {
        write("events", event.id(), event.contactId(), event.anonymousId(), event.kind() == 1 ? "page" : "form_submit",
                event.urlId() == null ? null : urls.get(event.urlId()), event.formId(), TIME.format(event.occurredAt()));
    }

    private void write(String table, Object... values) {
        try {
            BufferedWriter writer = writers.get(table);
            if (writer == null) {
                writer = Files.newBufferedWriter(file(table), StandardCharsets.UTF_8);
                writers.put(table, writer);
            }
            for (int index = 0; index < values.length; index++) {
                if (index > 0) {
                    writer.write('\t');
                }
                writer.write(values[index] == null ? "\\N" : values[index].toString());
            }
            writer.write('\n');
        } catch (IOException failure) {
            throw new UncheckedIOException(failure);
        }
    }

    @Override
    public void close() throws IOException {
        for (BufferedWriter writer : writers.values()) {
            writer.close();
        }
    }

    /** The DuckDB statements that load the files into typed tables. */
    String[] loadStatements() {
        String options = ", delim = '\\t', quote = '', escape = '', header = false, nullstr = '\\N', auto_detect = false";
        return new String[]{
                "create table companies as select * from read_csv('" + file("companies") + "', columns = {'id': 'BIGINT', 'domain': 'VARCHAR', "
                        + "'name': 'VARCHAR', 'industry': 'VARCHAR', 'employee_count': 'INTEGER', 'country': 'VARCHAR', 'city': 'VARCHAR', "
                        + "'created_at': 'TIMESTAMP'}" + options + ")",
                "create table contacts as select * from read_csv('" + file("contacts") + "', columns = {'id': 'BIGINT', 'email': 'VARCHAR', "
                        + "'first_name': 'VARCHAR', 'last_name': 'VARCHAR', 'title': 'VARCHAR', 'country': 'VARCHAR', 'city': 'VARCHAR', "
                        + "'lifecycle_stage': 'VARCHAR', 'company_id': 'BIGINT', 'lead_score': 'INTEGER', 'plan': 'VARCHAR', "
                        + "'newsletter': 'BOOLEAN', 'trial_ends_at': 'DATE', 'campaign': 'VARCHAR', 'created_at': 'TIMESTAMP'}" + options + ")",
                "create table consents as select * from read_csv('" + file("consents") + "', columns = {'contact_id': 'BIGINT', "
                        + "'channel': 'VARCHAR', 'status': 'VARCHAR', 'occurred_at': 'TIMESTAMP'}" + options + ")",
                "create table events as select * from read_csv('" + file("events") + "', columns = {'id': 'BIGINT', 'contact_id': 'BIGINT', "
                        + "'anonymous_id': 'VARCHAR', 'type': 'VARCHAR', 'url': 'VARCHAR', 'form_id': 'VARCHAR', 'occurred_at': 'TIMESTAMP'}"
                        + options + ")"};
    }
}
